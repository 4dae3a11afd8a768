/**
 * Per-viewer detail of one run: what each viewer cost the origin, its start-up milestones, the
 * renditions it played over time, its stalls and (for `<p2p-video>`) why its origin bytes were fetched.
 */
import type { SwarmScenarioResult, ViewerSummary } from '../tools/swarm/swarm-scenario.ts';
import { mb, ms } from './report-table.ts';

const HEADER =
  '| viewer | origin MB | start-up ms | manifest → playlist → 1st segment req → recv → playing (ms) | heights played (px @ s) | final px | stalls (n, ms) | origin bytes by reason |';
const RULE = '|---:|---:|---:|---|---|---:|---:|---|';

export function viewerDetailTable(o: { title: string; run: SwarmScenarioResult }): string {
  const lines = [`#### ${o.title}`, '', HEADER, RULE];
  for (const v of o.run.viewerSummaries) {
    lines.push(
      `| ${v.index} | ${mb(v.originBytes)} | ${ms(v.startupMs)} | ${milestones(v)} | ${heights(v)} | ${v.finalHeight || '—'} | ` +
        `${v.stallCount}, ${ms(v.stallTotalMs)} | ${reasons(v, o.run.subject)} |`,
    );
  }
  return lines.join('\n');
}

function milestones(v: ViewerSummary): string {
  const t = v.timeline;
  return [t.manifestRequestedMs, t.playlistRequestedMs, t.firstSegmentRequestedMs, t.firstSegmentReceivedMs, t.playingMs].map(ms).join(' → ');
}

function heights(v: ViewerSummary): string {
  if (v.heights.length === 0) return '—';
  return v.heights.map(([atMs, px]) => `${px}@${(atMs / 1000).toFixed(0)}`).join(' ');
}

function reasons(v: ViewerSummary, subject: string): string {
  if (!v.httpByReason) return subject === 'p2p-video' ? 'n/a' : '—';
  const entries = Object.entries(v.httpByReason).filter(([, r]) => r.requests > 0);
  return entries.length ? entries.map(([reason, r]) => `${reason} ${mb(r.bytes)}/${r.requests}`).join(', ') : 'none';
}
