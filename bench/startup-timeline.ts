/**
 * Where one viewer's start-up time goes: for `<p2p-video>` and the plain players in the same run,
 * the median over runs of each milestone (ms since navigation start), one viewer alone per stream.
 *
 *   flock /tmp/browser.lock node --import tsx bench/startup-timeline.ts [--runs 3] [--out FILE.md]
 *
 * Subjects alternate within each run, so machine load hits both alike.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SwarmHarness } from '../tools/swarm/swarm-harness.ts';
import { median } from '../tools/swarm/swarm-scenario.ts';
import { STARTUP_MILESTONES, startupTimeline, type StartupTimeline } from '../tools/swarm/swarm-startup-timeline.ts';
import type { SwarmSubject } from '../tools/swarm/swarm-subject-pages.ts';

const STREAMS: readonly { name: string; path: string; subjects: readonly SwarmSubject[] }[] = [
  { name: 'HLS VOD', path: '/vod/hls-ts/master.m3u8', subjects: ['baseline-hls', 'p2p-video'] },
  { name: 'HLS live', path: '/live/hls-ts/master.m3u8', subjects: ['baseline-hls', 'p2p-video'] },
  { name: 'DASH VOD', path: '/vod/dash/manifest.mpd', subjects: ['baseline-shaka', 'p2p-video'] },
];
const PLAY_TIMEOUT_MS = 20000;

const LABELS: Record<(typeof STARTUP_MILESTONES)[number], string> = {
  elementDefinedMs: 'element defined',
  engineModuleLoadedMs: 'engine module loaded',
  p2pModuleLoadedMs: 'P2P core module loaded',
  engineCreatedMs: 'engine created',
  manifestRequestedMs: 'manifest requested',
  playlistRequestedMs: 'playlist requested',
  firstSegmentRequestedMs: 'first segment requested',
  firstSegmentReceivedMs: 'first segment received',
  firstSeekingMs: 'first `seeking`',
  playingMs: '`playing`',
};

async function measureOne(o: { harness: SwarmHarness; subject: SwarmSubject; path: string }): Promise<StartupTimeline> {
  const src = o.harness.streamUrl(o.path);
  const viewer = await o.harness.openViewer({ subject: o.subject, src, swarmId: o.harness.freshSwarmId(`startup-${o.subject}`) });
  try {
    await viewer.waitForPlaying(PLAY_TIMEOUT_MS).catch((error: unknown) => console.log(`  ${o.subject}: ${String(error)}`));
    return startupTimeline(await viewer.report(), src);
  } finally {
    await viewer.close();
  }
}

function timelineTable(o: { title: string; subjects: readonly string[]; runs: Map<string, StartupTimeline[]> }): string {
  const fmt = (v: number | undefined) => (v === undefined ? '—' : String(Math.round(v)));
  const lines = [`### ${o.title}`, '', `| milestone (ms since navigation start, median) | ${o.subjects.join(' | ')} |`, `|---|${o.subjects.map(() => '---:').join('|')}|`];
  for (const key of STARTUP_MILESTONES) {
    const cells = o.subjects.map((s) => {
      const values = (o.runs.get(s) ?? []).map((t) => t[key]).filter((v): v is number => v !== undefined);
      return fmt(median(values));
    });
    if (cells.every((c) => c === '—')) continue;
    lines.push(`| ${LABELS[key]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const runs = Number(values.runs ?? 3);
  const harness = await SwarmHarness.start({ log: (line) => console.log(line) });
  const sections: string[] = [];
  const raw: Record<string, Record<string, StartupTimeline[]>> = {};
  try {
    for (const stream of STREAMS) {
      const byStream = new Map<string, StartupTimeline[]>();
      for (let run = 0; run < runs; run++) {
        for (const subject of run % 2 ? [...stream.subjects].reverse() : stream.subjects) {
          const timeline = await measureOne({ harness, subject, path: stream.path });
          console.log(`${stream.name} ${subject} run ${run + 1}: ${JSON.stringify(timeline)}`);
          byStream.set(subject, [...(byStream.get(subject) ?? []), timeline]);
        }
      }
      raw[stream.name] = Object.fromEntries(byStream);
      sections.push(timelineTable({ title: `${stream.name} (${stream.path}), one viewer, median of ${runs}`, subjects: stream.subjects, runs: byStream }));
    }
  } finally {
    await harness.close();
  }
  const markdown = sections.join('\n\n');
  console.log(`\n${markdown}`);
  if (values.out) {
    writeFileSync(values.out, `${markdown}\n`);
    writeFileSync(values.out.replace(/\.md$/, '') + '.json', JSON.stringify(raw, null, 2));
  }
}

main().catch((error: unknown) => {
  console.error(`startup-timeline: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
