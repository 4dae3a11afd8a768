/** The demo page: a source picker around one `<p2p-video>`, and its state and traffic beside it. */
import '../src/p2p-video.ts';
import type { P2PStats } from '../src/index.ts';

const ORIGIN = import.meta.env.VITE_ORIGIN ?? `http://${location.hostname}:8180`;
const TRACKER = import.meta.env.VITE_TRACKER ?? `ws://${location.hostname}:8190`;

const player = document.querySelector('p2p-video')!;
const form = document.querySelector<HTMLFormElement>('#sources')!;
const urlInput = document.querySelector<HTMLInputElement>('#url')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

function field(name: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Plays `src`; the URL hash keeps the choice, so a second tab opened from the hint plays the same. */
function play(src: string): void {
  log.replaceChildren();
  history.replaceState(null, '', `#src=${encodeURIComponent(src)}`);
  player.setAttribute('src', src);
  player.play().catch(() => undefined); // autoplay may be refused; the play button still works
}

function showStats(stats: P2PStats): void {
  field('p2pRatio').textContent = `${Math.round(stats.p2pRatio * 100)} %`;
  field('httpBytes').textContent = formatBytes(stats.httpBytes);
  field('p2pBytes').textContent = formatBytes(stats.p2pBytes);
  field('uploadBytes').textContent = formatBytes(stats.uploadBytes);
  field('peers').textContent = String(stats.peers);
  document.querySelector<HTMLElement>('#share-bar')!.style.width = `${stats.p2pRatio * 100}%`;
}

function showState(): void {
  field('engine').textContent = player.engineName ?? '–';
  field('streamType').textContent = player.streamType ?? '–';
  const rendition = player.renditions[player.currentRendition];
  const auto = player.videoRenditions.selectedIndex === -1 ? ' (auto)' : '';
  field('rendition').textContent = rendition ? `${rendition.label}${auto}` : '–';
  const state = player.error ? `error: ${player.error.detail}` : player.paused ? 'paused' : player.readyState < 3 ? 'buffering' : 'playing';
  field('state').textContent = state;
  field('state').classList.toggle('error', !!player.error);
}

player.setAttribute('trackers', TRACKER);
for (const type of ['play', 'pause', 'playing', 'waiting', 'loadedmetadata', 'streamtypechange', 'renditionchange', 'error', 'emptied']) {
  player.addEventListener(type, showState);
}
player.addEventListener('p2pstats', (event) => showStats(event.detail));
player.addEventListener('p2psegmentload', ({ detail }) => {
  const item = document.createElement('li');
  item.className = detail.source;
  item.innerHTML = `<span></span><span></span>`;
  item.children[0].textContent = `${detail.source.toUpperCase()} #${detail.segmentId}`;
  item.children[1].textContent = formatBytes(detail.bytes);
  log.prepend(item);
  while (log.children.length > 40) log.lastElementChild!.remove();
});

form.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.name === 'source') play(`${ORIGIN}${input.value}`);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (urlInput.value.trim()) play(urlInput.value.trim());
});

document.querySelector<HTMLAnchorElement>('#second-tab')!.href = location.href;
document.querySelector('#tracker-url')!.textContent = TRACKER;
document.querySelector('#origin-url')!.textContent = ORIGIN;

const fromHash = new URLSearchParams(location.hash.slice(1)).get('src');
play(fromHash ?? `${ORIGIN}/vod/hls-ts/master.m3u8`);
for (const radio of form.querySelectorAll<HTMLInputElement>('input[name=source]')) radio.checked = fromHash === `${ORIGIN}${radio.value}` || (!fromHash && radio.checked);
document.querySelector<HTMLAnchorElement>('#second-tab')!.href = location.href;
