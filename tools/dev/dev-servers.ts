/**
 * Starts the local origin (8180) and tracker (8190) for development and stays up until Ctrl-C.
 * `npm start` runs it next to Vite serving demo/.
 *
 *   node --import tsx tools/dev/dev-servers.ts [--origin-port 8180] [--tracker-port 8190] [--media DIR]
 */
import { cliOption, startOrigin } from '../origin/origin-server.ts';
import { startTracker } from '../tracker/tracker-server.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const origin = await startOrigin({ port: Number(cliOption(argv, 'origin-port') ?? 8180), mediaDir: cliOption(argv, 'media') });
  const tracker = await startTracker({ port: Number(cliOption(argv, 'tracker-port') ?? 8190) }).catch(async (error: unknown) => {
    await origin.close();
    throw error;
  });
  console.log(`origin:  ${origin.url}`);
  for (const path of ['/vod/hls-ts/master.m3u8', '/vod/hls-fmp4/master.m3u8', '/vod/dash/manifest.mpd', '/live/hls-ts/master.m3u8']) {
    console.log(`         ${origin.url}${path}`);
  }
  console.log(`         ${origin.url}/__origin/stats`);
  console.log(`tracker: ${tracker.url}`);
  console.log('Ctrl-C to stop.');
  const stop = () => {
    void Promise.all([origin.close(), tracker.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`dev-servers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
