/**
 * The full demo page: a source picker around one `<p2p-video>`, and beside it what the swarm
 * does: traffic per second, the peers and the bytes each way, every segment by source, origin
 * bytes by reason, and more viewers of the same source in this tab.
 */
import type { P2PStats } from '../src/index.ts';
import { DEFAULT_SOURCE, ORIGIN, TRACKER, ownPeerId, sourceFromHash } from './demo-env.ts';
import { formatBytes } from './format.ts';
import { OriginReasons } from './origin-reasons.ts';
import { PeerList } from './peer-list.ts';
import { SegmentTimeline } from './segment-timeline.ts';
import { TrafficChart, type ChartColors } from './traffic-chart.ts';
import { TrafficSampler } from './traffic-sampler.ts';
import { ViewerFrames } from './viewer-frames.ts';
import { ViewerMonitor } from './viewer-monitor.ts';

const CHART_SECONDS = 60;

const $ = <T extends Element = HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;
const field = (name: string) => $(`[data-field="${name}"]`);

export function mountDemoPage(): void {
  const player = $('p2p-video') as HTMLElementTagNameMap['p2p-video'];
  const form = $<HTMLFormElement>('#sources');
  const css = getComputedStyle(document.documentElement);
  const color = (name: string) => css.getPropertyValue(name).trim();
  const colors: ChartColors = { http: color('--http'), p2p: color('--accent'), upload: color('--upload'), grid: color('--line'), text: color('--muted') };
  const chart = new TrafficChart({ canvas: $<HTMLCanvasElement>('#chart'), slots: CHART_SECONDS, colors });
  // The whole tab's swarm: every byte one of its viewers downloaded came from the origin or a peer (and a peer's upload is another's download).
  const swarmChart = new TrafficChart({ canvas: $<HTMLCanvasElement>('#swarm-chart'), slots: CHART_SECONDS, colors, upload: false });
  const swarmSampler = new TrafficSampler({ maxSamples: CHART_SECONDS });
  const frames = new ViewerFrames({ container: $('#viewers'), onChange: () => render() });
  const nameOf = (peerId: string) => frames.nameOf(peerId);
  const peers = new PeerList({ body: $<HTMLTableSectionElement>('#peers tbody'), nameOf });
  const timeline = new SegmentTimeline({ list: $<HTMLOListElement>('#timeline'), nameOf });
  const reasons = new OriginReasons($('#reasons'));
  const monitor = new ViewerMonitor({ element: player, onChange: () => render(), maxSamples: CHART_SECONDS });

  function render(): void {
    chart.draw(monitor.samples);
    swarmChart.draw(swarmSampler.samples);
    peers.render(monitor.peers);
    timeline.render(monitor.timeline);
    reasons.render(player.stats);
    showStats(player.stats);
    showSwarm(player.stats, frames);
  }

  function play(src: string): void {
    history.replaceState(null, '', `#src=${encodeURIComponent(src)}`);
    $<HTMLAnchorElement>('#second-tab').href = location.href;
    player.setAttribute('src', src);
    player.play().catch(() => undefined); // autoplay may be refused; the play button still works
  }

  player.setAttribute('trackers', TRACKER);
  const showPlayerState = () => showState(player);
  for (const type of ['play', 'pause', 'playing', 'waiting', 'loadedmetadata', 'streamtypechange', 'renditionchange', 'error', 'emptied']) {
    player.addEventListener(type, showPlayerState);
  }
  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 'source') play(`${ORIGIN}${input.value}`);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = $<HTMLInputElement>('#url').value.trim();
    if (url) play(url);
  });
  setInterval(() => {
    const own = player.stats;
    const { httpBytes, p2pBytes } = frames.totals;
    swarmSampler.sample({ httpBytes: own.httpBytes + httpBytes, p2pBytes: own.p2pBytes + p2pBytes, uploadBytes: 0 });
  }, 1000);
  $('#add-viewer').addEventListener('click', () => frames.add(player.getAttribute('src') ?? DEFAULT_SOURCE));
  $('#tracker-url').textContent = TRACKER;
  $('#origin-url').textContent = ORIGIN;
  void ownPeerId().then((peerId) => frames.nameSelf(peerId));

  const fromHash = sourceFromHash();
  play(fromHash ?? DEFAULT_SOURCE);
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name=source]')) {
    radio.checked = fromHash === `${ORIGIN}${radio.value}` || (!fromHash && radio.checked);
  }
  render();
}

function showStats(stats: P2PStats): void {
  field('p2pRatio').textContent = `${Math.round(stats.p2pRatio * 100)} %`;
  field('httpBytes').textContent = formatBytes(stats.httpBytes);
  field('p2pBytes').textContent = formatBytes(stats.p2pBytes);
  field('uploadBytes').textContent = formatBytes(stats.uploadBytes);
  field('peers').textContent = String(stats.peers);
  $('#share-bar').style.width = `${stats.p2pRatio * 100}%`;
}

/** The swarm in this tab: how much its viewers loaded and how much of it the origin served. */
function showSwarm(own: P2PStats, frames: ViewerFrames): void {
  const viewers = frames.count + 1;
  const httpBytes = own.httpBytes + frames.totals.httpBytes;
  const loaded = httpBytes + own.p2pBytes + frames.totals.p2pBytes;
  const share = loaded ? Math.round((httpBytes / loaded) * 100) : 0;
  const summary = $('#swarm-summary');
  summary.dataset.viewers = String(viewers);
  summary.innerHTML = `<strong></strong> · loaded <strong></strong>, of which the origin served <strong></strong>`;
  const [count, total, origin] = summary.querySelectorAll('strong');
  count!.textContent = `${viewers} viewer${viewers === 1 ? '' : 's'}`;
  total!.textContent = formatBytes(loaded);
  origin!.textContent = `${formatBytes(httpBytes)} (${share} %)`;
}

function showState(player: HTMLElementTagNameMap['p2p-video']): void {
  field('engine').textContent = player.engineName ?? '–';
  field('streamType').textContent = player.streamType ?? '–';
  const rendition = player.renditions[player.currentRendition];
  const auto = player.videoRenditions.selectedIndex === -1 ? ' (auto)' : '';
  field('rendition').textContent = rendition ? `${rendition.label}${auto}` : '–';
  const state = player.error ? `error: ${player.error.detail}` : player.paused ? 'paused' : player.readyState < 3 ? 'buffering' : 'playing';
  field('state').textContent = state;
  field('state').classList.toggle('error', !!player.error);
}
