/**
 * `npm start`: the local origin and tracker (in this process) plus Vite serving demo/.
 *
 *   node --import tsx tools/dev/start-demo.ts [--port 8080] [--origin-port 8180] [--tracker-port 8190]
 *
 * Ports 0 pick free ones (the screenshot script does that); the page learns the URLs through
 * VITE_ORIGIN / VITE_TRACKER.
 */
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { cliOption, startOrigin } from '../origin/origin-server.ts';
import type { OriginServer } from '../origin/origin-server.ts';
import { startTracker } from '../tracker/tracker-server.ts';
import type { TrackerServer } from '../tracker/tracker-server.ts';

export interface DemoServers {
  /** The demo page. */
  url: string;
  origin: OriginServer;
  tracker: TrackerServer;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** @default 8080 */
  port?: number;
  /** @default 8180 */
  originPort?: number;
  /** @default 8190 */
  trackerPort?: number;
  /**
   * Reload the page when a source file changes. Off for scripted runs (screenshot, tests): other
   * people's edits in the tree would reload the page in the middle of a run.
   * @default true
   */
  watch?: boolean;
}

export async function startDemo({ port = 8080, originPort = 8180, trackerPort = 8190, watch = true }: DemoOptions = {}): Promise<DemoServers> {
  const origin = await startOrigin({ port: originPort });
  let tracker: TrackerServer | undefined;
  let vite: ViteDevServer | undefined;
  try {
    tracker = await startTracker({ port: trackerPort });
    process.env.VITE_ORIGIN = origin.url;
    process.env.VITE_TRACKER = tracker.url;
    vite = await createServer({ configFile: 'vite.demo.config.ts', server: { port, strictPort: port !== 0, ...(watch ? {} : { hmr: false, watch: null }) } });
    await vite.listen();
  } catch (error) {
    await Promise.all([origin.close(), tracker?.close(), vite?.close()]);
    throw error;
  }
  const address = vite.httpServer?.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : `http://127.0.0.1:${port}/`;
  const servers = [origin, tracker, vite];
  return { url, origin, tracker, close: async () => void (await Promise.all(servers.map((server) => server.close()))) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const number = (name: string) => (cliOption(argv, name) === undefined ? undefined : Number(cliOption(argv, name)));
  const demo = await startDemo({ port: number('port'), originPort: number('origin-port'), trackerPort: number('tracker-port') });
  console.log(`demo:    ${demo.url}  (open it in two tabs to see P2P)`);
  console.log(`origin:  ${demo.origin.url}`);
  console.log(`tracker: ${demo.tracker.url}`);
  console.log('Ctrl-C to stop.');
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`start-demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
