/**
 * Runs one example on this machine: the local origin (sample streams), a local WebTorrent
 * tracker and Vite's dev server (or a static server for the plain HTML example).
 *
 *   npm run build                                  # the examples use dist/
 *   node --import tsx examples/serve.ts vue        # html | vue | svelte | react | angular
 *
 * Open the printed URL in two tabs to watch them share segments.
 */
import { createServer } from 'vite';
import { startOrigin } from '../tools/origin/origin-server.ts';
import { startTracker } from '../tools/tracker/tracker-server.ts';
import { EXAMPLE_NAMES, exampleViteConfig, type ExampleName } from './vite-config.ts';

const name = process.argv[2] as ExampleName | undefined;
if (!name || !EXAMPLE_NAMES.includes(name)) {
  console.error(`usage: node --import tsx examples/serve.ts <${EXAMPLE_NAMES.join('|')}>`);
  process.exit(2);
}

const origin = await startOrigin({ port: 0 });
const tracker = await startTracker({ port: 0 });
const query = new URLSearchParams({ origin: origin.url, tracker: tracker.url });

// The plain HTML example needs no build: serve the repository root so `../../dist/` resolves.
const config =
  name === 'html'
    ? { ...exampleViteConfig({ name }), root: new URL('..', import.meta.url).pathname }
    : exampleViteConfig({ name });
const server = await createServer({ ...config, server: { ...config.server, host: '127.0.0.1', port: 0 } });
await server.listen();
const base = server.resolvedUrls?.local[0] ?? '';
const path = name === 'html' ? 'examples/html/index.html' : '';
console.log(`origin  ${origin.url}\ntracker ${tracker.url}\nopen    ${base}${path}?${query}`);

process.on('SIGINT', async () => {
  await server.close();
  await tracker.close();
  await origin.close();
  process.exit(0);
});
