/**
 * `<track>` children become the inner video's text tracks, as on `<video>`: in `textTracks` with
 * their cues, listed by the built-in captions menu, kept in sync when they are added, changed or
 * removed.
 */
import { ORIGIN } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assert, assertEqual, cleanup, control, ignoreResizeObserverLoopErrors, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

function track(attributes: Record<string, string | true>): HTMLTrackElement {
  const element = document.createElement('track');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value === true ? '' : value);
  return element;
}

const ENGLISH = { kind: 'captions', src: `${ORIGIN}/vod/captions/en.vtt`, srclang: 'en', label: 'English' } as const;
const GERMAN = { kind: 'subtitles', src: `${ORIGIN}/vod/captions/de.vtt`, srclang: 'de', label: 'Deutsch' } as const;

/** `<p2p-video>` with `children`; crossorigin: the WebVTT files come from the origin, another port. */
function playerWith(children: readonly Element[], src = HLS_TS): P2PVideoElement {
  const el = document.createElement('p2p-video');
  for (const [name, value] of Object.entries({ src, nop2p: '', muted: '', crossorigin: 'anonymous' })) el.setAttribute(name, value);
  el.append(...children);
  el.style.width = '640px';
  document.body.append(el);
  return el;
}

function labels(el: P2PVideoElement): string[] {
  return [...el.textTracks].map((t) => t.label);
}

/** The labels the built-in captions menu lists (media-chrome renders its items in its shadow root). */
function menuLabels(el: P2PVideoElement): string[] {
  const menu = control(el, 'media-captions-menu');
  return [...(menu.shadowRoot?.querySelectorAll('media-chrome-menu-item') ?? [])].map((item) => item.textContent?.trim() ?? '');
}

describe('<p2p-video> <track> children', () => {
  before(ignoreResizeObserverLoopErrors);
  afterEach(cleanup);

  it('a <track default> is in textTracks, showing, with its cues loaded', async () => {
    const el = playerWith([track({ ...ENGLISH, default: true })]);
    await el.loadComplete;
    await waitFor(() => labels(el).includes('English'), 'the track is in textTracks');
    const text = [...el.textTracks].find((t) => t.label === 'English');
    assert(text, 'English track');
    assertEqual(text.kind, 'captions', 'kind');
    assertEqual(text.language, 'en', 'srclang');
    await waitFor(() => text.mode === 'showing', `default: showing (mode ${text.mode})`);
    await waitFor(() => (text.cues?.length ?? 0) > 0, 'cues loaded from the WebVTT file');
    assertEqual(text.cues?.[0] && (text.cues[0] as VTTCue).text, 'The test stream starts.', 'first cue');
  });

  it('the captions menu lists the tracks; removing a child removes its track', async () => {
    const english = track(ENGLISH);
    const german = track(GERMAN);
    const el = playerWith([english, german]);
    await el.loadComplete;
    await waitFor(() => menuLabels(el).includes('English') && menuLabels(el).includes('Deutsch'), `the menu lists both (${menuLabels(el).join(', ')})`);
    assertEqual(labels(el).join(), 'English,Deutsch', 'textTracks in document order');
    german.remove();
    await waitFor(() => !labels(el).includes('Deutsch'), 'the removed track left textTracks');
    await waitFor(() => !menuLabels(el).includes('Deutsch'), 'and the menu');
    assert(labels(el).includes('English'), 'the other track stays');
  });

  it('a track added later and a changed label follow the children', async () => {
    const el = playerWith([]);
    await el.loadComplete;
    const english = track(ENGLISH);
    el.append(english);
    await waitFor(() => labels(el).includes('English'), 'an appended track appears');
    const before = [...el.textTracks].find((t) => t.label === 'English');
    english.label = 'English (CC)';
    await waitFor(() => labels(el).includes('English (CC)'), 'the new label');
    assertEqual([...el.textTracks].find((t) => t.label === 'English (CC)'), before, 'the same TextTrack (a viewer\'s choice of mode survives)');
    el.prepend(track(GERMAN));
    await waitFor(() => labels(el).join() === 'Deutsch,English (CC)', `host order kept (${labels(el).join()})`);
  });

  it('tracks survive a source switch (the engine re-attaches to the video)', async () => {
    const el = playerWith([track({ ...ENGLISH, default: true })]);
    await el.loadComplete;
    await waitFor(() => labels(el).includes('English'), 'track present');
    el.src = `${ORIGIN}/vod/dash/manifest.mpd`;
    await el.loadComplete;
    await waitFor(() => el.readyState >= 1, 'the DASH source has metadata');
    assert(labels(el).includes('English'), `still in textTracks after the switch (${labels(el).join()})`);
  });
});
