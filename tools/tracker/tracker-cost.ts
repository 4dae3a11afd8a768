/**
 * What a viewer costs the tracker: a browser swarm (one Chromium, the local origin and tracker)
 * of <p2p-video> and of P2P Media Loader, tracker messages per viewer-minute by kind.
 *
 *   flock /tmp/browser.lock node --import tsx tools/tracker/tracker-cost.ts \
 *     [--viewers 4] [--seconds 120] [--join-ms 5000] [--subjects p2p-video,pml] [--dist DIR]
 *
 * Viewers join `--join-ms` apart and all stay until the last has watched `--seconds` (a flash crowd
 * settling into a long watch, where the steady announce rate shows). `--dist`: a `<p2p-video>` build
 * to measure (e.g. `npx vite build --config vite.bundle.config.ts --outDir /tmp/d --emptyOutDir`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SwarmHarness } from '../swarm/swarm-harness.ts';
import { REPO_ROOT, ensurePmlBundle } from '../swarm/swarm-pml-bundle.ts';
import { runSwarmScenario } from '../swarm/swarm-scenario.ts';
import { isSwarmSubject, type SwarmSubject } from '../swarm/swarm-subject-pages.ts';
import { startTracker, type TrackerMessageKind, type TrackerServer } from './tracker-server.ts';

const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '120' },
    'join-ms': { type: 'string', default: '5000' },
    subjects: { type: 'string', default: 'p2p-video,pml' },
    dist: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const subjects = values.subjects.split(',').map((s) => s.trim());
  if (!subjects.every(isSwarmSubject)) throw new Error(`--subjects: unknown subject in '${values.subjects}'`);
  if (subjects.includes('pml')) await ensurePmlBundle();
  let tracker: TrackerServer | undefined;
  const harness = await SwarmHarness.start({
    mediaDir: join(REPO_ROOT, '.cache/media-long'),
    ...(values.dist ? { distDir: values.dist } : {}),
    startTracker: async (options) => (tracker = await startTracker(options)),
  });
  try {
    for (const subject of subjects as SwarmSubject[]) {
      const kindsBefore = tracker!.messagesByKind();
      const result = await runSwarmScenario({
        harness,
        subject,
        streamPath: '/vod/hls-ts/master.m3u8',
        viewers: Number(values.viewers),
        joinIntervalMs: Number(values['join-ms']),
        watchSeconds: Number(values.seconds),
        leaveTogether: true,
      });
      const kinds = tracker!.messagesByKind();
      const delta = Object.fromEntries(Object.entries(kinds).map(([k, n]) => [k, n - kindsBefore[k as TrackerMessageKind]]));
      const p2pBytes = result.bySource.p2p ?? 0;
      console.log(
        JSON.stringify({
          subject,
          viewers: result.viewers,
          watchSeconds: result.watchSeconds,
          trackerMessagesPerViewerMinute: round(result.trackerMessagesPerViewerMinute),
          messagesByKind: delta,
          largestMessageBytes: tracker!.largestMessageBytes(),
          originRatio: round(result.originRatio),
          p2pMB: round(p2pBytes / 1e6),
        }),
      );
    }
  } finally {
    await harness.close();
  }
}

const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 100) / 100);

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
