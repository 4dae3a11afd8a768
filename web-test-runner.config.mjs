// Browser tests: real Chromium (Debian's, through Playwright), a real local origin and tracker.
// Run through tsx (see package.json "test:browser") so this config can import the TypeScript tools.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromiumLaunchOptions } from './tools/chromium.ts';
import { startOrigin } from './tools/origin/origin-server.ts';
import { startTracker } from './tools/tracker/tracker-server.ts';

const commonjs = fromRollup(rollupCommonjs);

/** Serves `/__test-env.js`: where this run's origin and tracker listen. */
function testEnvPlugin() {
  let origin;
  let tracker;
  return {
    name: 'p2p-video-test-env',
    async serverStart() {
      origin = await startOrigin({ port: 0 });
      tracker = await startTracker({ port: 0 });
    },
    async serverStop() {
      await origin?.close();
      await tracker?.close();
    },
    serve(context) {
      if (context.path === '/__test-env.js') {
        return {
          type: 'js',
          body: `export const ORIGIN = ${JSON.stringify(origin.url)};\nexport const TRACKER = ${JSON.stringify(tracker.url)};\n`,
        };
      }
      return undefined;
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: Number(process.env.WTR_PORT ?? 8200),
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 600000,
  browserStartTimeout: 60000,
  plugins: [
    testEnvPlugin(),
    commonjs({ include: ['**/node_modules/shaka-player/**'] }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: chromiumLaunchOptions() })],
};
