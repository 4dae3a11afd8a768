/**
 * A second audio language: `audioTracks` is filled from the engine (hls.js alternate audio
 * renditions, Shaka's audio adaptation sets), enabling a track switches the engine's audio while
 * playback goes on, the audio segments of each language go through the P2P core as their own
 * stream, and the control bar shows media-chrome's audio track menu only with 2+ tracks.
 */
import { ORIGIN, TRACKER } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import type { P2PSegmentLoadDetail } from '../../../src/elements/events.ts';
import { assert, assertEqual, cleanup, control, createPlayer, ignoreResizeObserverLoopErrors, waitFor } from './helpers.ts';

const HLS_AUDIO = `${ORIGIN}/vod/hls-audio/master.m3u8`;
const DASH_AUDIO = `${ORIGIN}/vod/dash-audio/manifest.mpd`;
const p2pAttributes = () => ({ trackers: TRACKER, 'ice-servers': '', 'swarm-id': `audio-${Math.random()}` });

const languages = (el: P2PVideoElement) => [...el.audioTracks].map((track) => track.language).join(',');
const enabled = (el: P2PVideoElement) => [...el.audioTracks].filter((track) => track.enabled).map((track) => track.language).join(',');

/** Stream ids of the audio segments the core delivered, collected from `p2psegmentload`. */
function audioStreams(el: P2PVideoElement): Set<string> {
  const streams = new Set<string>();
  el.addEventListener('p2psegmentload', (event) => {
    const { streamId } = (event as CustomEvent<P2PSegmentLoadDetail>).detail;
    if (streamId.startsWith('audio|')) streams.add(streamId);
  });
  return streams;
}

async function switchesToGerman(el: P2PVideoElement, engineLanguage: () => string | undefined): Promise<void> {
  await waitFor(() => el.audioTracks.length === 2, 'two audio tracks');
  assertEqual(languages(el), 'en,de', 'languages in manifest order');
  assertEqual(enabled(el), 'en', 'the default (English) track is the enabled one');
  await el.play();
  await waitFor(() => el.currentTime > 1, 'plays in English');
  el.audioTracks[1].enabled = true; // what media-chrome's menu does
  await waitFor(() => engineLanguage() === 'de', 'the engine switched to German');
  await waitFor(() => enabled(el) === 'de', 'only the German track is enabled');
  const after = el.currentTime;
  await waitFor(() => el.currentTime > after + 1.5, 'playback continues after the switch');
}

describe('<p2p-video> audio tracks', () => {
  before(ignoreResizeObserverLoopErrors);
  afterEach(cleanup);

  it('hls.js: audioTracks from the alternate audio renditions; enabling German switches hls.audioTrack; each language is its own P2P stream', async () => {
    const el = createPlayer({ src: HLS_AUDIO, muted: true, ...p2pAttributes() });
    const streams = audioStreams(el);
    type HlsLike = { audioTrack: number; audioTracks: Array<{ lang?: string }> };
    const hls = () => el.engine as HlsLike | undefined;
    await switchesToGerman(el, () => {
      const engine = hls();
      return engine?.audioTracks[engine.audioTrack]?.lang;
    });
    await waitFor(() => [...streams].some((id) => id.includes('|de|')), `German audio segments came through the core (audio streams: ${[...streams].join(' ; ')})`);
    assert([...streams].some((id) => id.includes('|en|')), 'English audio segments came through the core');
    assert([...streams].every((id) => id.includes('|en|') !== id.includes('|de|')), `one language per audio stream id: ${[...streams].join(' ; ')}`);
  });

  it('Shaka: audioTracks from the DASH audio adaptation sets; enabling German switches the active variant', async () => {
    const el = createPlayer({ src: DASH_AUDIO, muted: true, nop2p: true });
    type ShakaLike = { getVariantTracks(): Array<{ active: boolean; language: string }> };
    await switchesToGerman(el, () => (el.engine as ShakaLike | undefined)?.getVariantTracks().find((track) => track.active)?.language);
  });

  it('the control bar has the audio track menu, shown only with 2+ audio tracks; picking an item there switches the audio', async () => {
    const single = createPlayer({ src: `${ORIGIN}/vod/hls-fmp4/master.m3u8`, muted: true, nop2p: true });
    const multi = createPlayer({ src: HLS_AUDIO, muted: true, nop2p: true });
    await Promise.all([single.loadComplete, multi.loadComplete]);
    const button = control(multi, 'media-audio-track-menu-button');
    await waitFor(() => button.getBoundingClientRect().width > 0, 'the button shows with two tracks');
    const menu = control(multi, 'media-audio-track-menu');
    const items = () => [...(menu.shadowRoot?.querySelectorAll<HTMLElement>('media-chrome-menu-item') ?? [])];
    await waitFor(() => items().length === 2, 'the menu lists both tracks');
    const german = items().find((item) => item.textContent?.includes('Deutsch'));
    assert(german, `a Deutsch item among: ${items().map((item) => item.textContent).join(', ')}`);
    german.click();
    const hls = () => multi.engine as { audioTrack: number } | undefined;
    await waitFor(() => hls()?.audioTrack === 1, 'the menu switched hls.js to the German track');
    await single.play();
    await waitFor(() => single.currentTime > 0.3, 'the single-audio stream plays');
    assertEqual(single.audioTracks.length, 0, 'muxed audio: no alternate tracks');
    assertEqual(control(single, 'media-audio-track-menu-button').getBoundingClientRect().width, 0, 'no audio button without alternate audio');
  });
  // Regression: media-chrome read the host's list (filled from hls.js / Shaka) even with native
  // playback, where it stays empty and the browser's own list (Safari's HLS) is the real one.
  it('media-chrome reads the engine-fed host list, and with native playback the browser\'s own list', async () => {
    const hls = createPlayer({ src: HLS_AUDIO, nop2p: true, muted: true });
    await hls.loadComplete;
    const hlsVideo = hls.shadowRoot!.querySelector('video') as HTMLVideoElement & { audioTracks: unknown };
    assertEqual(hlsVideo.audioTracks, hls.audioTracks, 'hls.js: the host list');
    const native = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, engine: 'native', nop2p: true, muted: true });
    await native.loadComplete;
    const nativeVideo = native.shadowRoot!.querySelector('video') as HTMLVideoElement & { audioTracks: unknown };
    const browserList = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'audioTracks')?.get?.call(nativeVideo);
    assert(nativeVideo.audioTracks !== native.audioTracks, 'native: not the (empty) host list');
    assertEqual(nativeVideo.audioTracks, browserList, 'native: the browser\'s own audioTracks');
  });
});
