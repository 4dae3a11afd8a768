/**
 * `<source>` children choose the resource as on `<video>`: without a `src` attribute the first
 * `<source>` the element can play loads, a failing one gives way to the next, `error` fires only
 * when all failed, the `src` attribute wins, and changes to the children after a source was
 * chosen wait for `load()`.
 */
import { ORIGIN } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assert, assertEqual, cleanup, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;
const HLS_FMP4 = `${ORIGIN}/vod/hls-fmp4/master.m3u8`;
const DASH = `${ORIGIN}/vod/dash/manifest.mpd`;
const MISSING = `${ORIGIN}/vod/missing/master.m3u8`;
const HLS_TYPE = 'application/x-mpegurl';

function source(src: string, type?: string, media?: string): HTMLSourceElement {
  const element = document.createElement('source');
  element.src = src;
  if (type) element.type = type;
  if (media) element.media = media;
  return element;
}

/** A `<p2p-video>` (no P2P) with `children`, appended to the body. */
function playerWith(children: readonly Element[], attributes: Record<string, string> = {}): P2PVideoElement {
  const el = document.createElement('p2p-video');
  el.setAttribute('nop2p', '');
  el.setAttribute('muted', '');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  document.body.append(el);
  return el;
}

/** Records the `error` events of `el`. */
function errorsOf(el: EventTarget): Event[] {
  const errors: Event[] = [];
  el.addEventListener('error', (event) => errors.push(event));
  return errors;
}

describe('<p2p-video> <source> children', () => {
  afterEach(cleanup);

  it('loads the first <source> whose type and media it can play; currentSrc reports it', async () => {
    const el = playerWith([
      source(`${ORIGIN}/vod/hls-ts/clip.unknown`, 'video/x-nothing-plays-this'),
      source(DASH, 'application/dash+xml', '(max-width: 1px)'),
      source(HLS_FMP4, HLS_TYPE),
      source(HLS_TS),
    ]);
    await el.loadComplete;
    assertEqual(el.currentSrc, HLS_FMP4, 'currentSrc: the first playable <source>');
    assertEqual(el.engineName, 'hls', 'the HLS type picks hls.js');
    await waitFor(() => el.readyState >= 1, 'metadata of the chosen source');
    assertEqual(el.error, null, 'no error');
    assertEqual(el.nativeEl.querySelector(`source[src="${HLS_FMP4}"]`), null, 'host <source>s are not copied into the inner video');
  });

  it('a <source> with the DASH type loads with Shaka', async () => {
    const el = playerWith([source(DASH, 'application/dash+xml')]);
    await el.loadComplete;
    assertEqual(el.engineName, 'shaka', 'engine');
    assertEqual(el.currentSrc, DASH, 'currentSrc');
  });

  it('the src attribute wins over <source> children', async () => {
    const el = playerWith([source(HLS_TS, HLS_TYPE)], { src: HLS_FMP4 });
    await el.loadComplete;
    assertEqual(el.currentSrc, HLS_FMP4, 'currentSrc is the src attribute');
  });

  it('a <source> whose manifest fails gives way to the next, without an error event', async () => {
    const el = playerWith([source(MISSING, HLS_TYPE), source(DASH, 'application/dash+xml')]);
    const errors = errorsOf(el);
    await waitFor(() => el.currentSrc === DASH && el.engineName === 'shaka', `the second <source> loads (currentSrc ${el.currentSrc})`);
    await el.loadComplete;
    await waitFor(() => el.readyState >= 1, 'metadata of the second source');
    assertEqual(errors.length, 0, 'no error event while a next <source> was left');
    assertEqual(el.error, null, 'no error');
  });

  it('fires error once when every <source> failed', async () => {
    const el = playerWith([source(MISSING, HLS_TYPE), source(`${ORIGIN}/vod/missing/manifest.mpd`, 'application/dash+xml')]);
    const errors = errorsOf(el);
    await waitFor(() => errors.length > 0, 'an error event');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assertEqual(errors.length, 1, 'exactly one error event');
    assertEqual(el.error?.detail, 'manifest-not-found', 'the last source\'s error');
    assertEqual(el.currentSrc, `${ORIGIN}/vod/missing/manifest.mpd`, 'currentSrc: the last source tried');
    el.append(source(HLS_TS, HLS_TYPE));
    await waitFor(() => el.currentSrc === HLS_TS, 'a <source> inserted after all failed is tried, as on <video>');
    await waitFor(() => el.readyState >= 1 && el.error === null, 'and plays');
  });

  it('a <source> added to an element with nothing loaded is loaded; later changes wait for load()', async () => {
    const el = playerWith([]);
    await el.loadComplete;
    assertEqual(el.currentSrc, '', 'nothing loaded yet');
    el.append(source(HLS_TS, HLS_TYPE));
    await waitFor(() => el.currentSrc === HLS_TS, 'the appended <source> loads');
    await el.loadComplete;
    el.prepend(source(HLS_FMP4, HLS_TYPE));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await el.loadComplete;
    assertEqual(el.currentSrc, HLS_TS, 'a <source> added after one was chosen changes nothing by itself, as on <video>');
    el.load();
    await waitFor(() => el.currentSrc === HLS_FMP4, 'load() runs the selection again: the first <source> now');
  });

  it('a <source> whose type was unplayable becomes eligible when its type changes while nothing is loaded', async () => {
    const unplayable = source(HLS_TS, 'video/x-nothing-plays-this');
    const el = playerWith([unplayable]);
    await el.loadComplete;
    assertEqual(el.currentSrc, '', 'nothing playable: nothing loaded');
    unplayable.type = HLS_TYPE;
    await waitFor(() => el.currentSrc === HLS_TS, 'the changed <source> loads');
    assert(el.engineName === 'hls', 'with hls.js');
  });
});
