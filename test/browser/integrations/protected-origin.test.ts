/**
 * Protected origins (issue 11 part 2): the local origin refuses segments without a header or a
 * cookie, and the core's own segment fetches must carry what the page set up: hls.js'
 * `fetchSetup`, Shaka request filters (also async ones, also `allowCrossSiteCredentials`), and
 * `crossorigin="use-credentials"` on the media element (withP2P, installP2P and <p2p-video>).
 *
 * Cookies: the origin's `SameSite=Lax` cookie comes back only from a same-site page. This page
 * is served from `localhost`, so the origin is addressed as `localhost` too (same site, other port).
 */
import Hls from 'hls.js';
import { withP2P, type HlsWithP2P } from '../../../src/integrations/hlsjs.js';
import { cleanup, createPlayer } from '../element/helpers.js';
import { assert, assertEqual, origin, setOriginFault, tracker, waitFor } from '../loaders/loader-test-helpers.js';
import { startShakaViewer, type ShakaViewer } from './shaka-viewer.js';

const sameSiteOrigin = (() => {
  const url = new URL(origin);
  url.hostname = location.hostname;
  return url.origin;
})();
const COOKIE = 'cdn-auth';
const p2pOptions = () => ({ trackers: [tracker], iceServers: [], swarmId: `protected-${Math.random()}` });

async function setCookie(value: string): Promise<void> {
  const response = await fetch(`${sameSiteOrigin}/__origin/set-cookie?${COOKIE}=${value}`, { credentials: 'include' });
  assert(response.ok, `the origin set the cookie (HTTP ${response.status})`);
}

describe('protected origins: the core fetches with the page request setup', () => {
  let hls: HlsWithP2P | undefined;
  let video: HTMLVideoElement | undefined;
  let shakaViewer: ShakaViewer | undefined;
  afterEach(async () => {
    hls?.destroy();
    hls = undefined;
    video?.remove();
    await shakaViewer?.player.destroy();
    shakaViewer?.video.remove();
    shakaViewer = undefined;
    cleanup();
    await setOriginFault(null);
    await setCookie('');
  });

  function playHls(config: ConstructorParameters<ReturnType<typeof withP2P<typeof Hls>>>[0], crossOrigin?: string): { hls: HlsWithP2P; errors: string[] } {
    video = document.createElement('video');
    video.muted = true;
    if (crossOrigin) video.crossOrigin = crossOrigin;
    document.body.append(video);
    hls = new (withP2P(Hls))(config);
    const errors: string[] = [];
    // Network errors only: a refused segment is one; media hiccups (bufferSeekOverHole at the TS sample's start) are not.
    hls.on(Hls.Events.ERROR, (_event, data) => data.type === Hls.ErrorTypes.NETWORK_ERROR && errors.push(String(data.response?.code ?? data.details)));
    hls.attachMedia(video);
    hls.loadSource(`${sameSiteOrigin}/vod/hls-ts/master.m3u8`);
    video.play().catch(() => undefined);
    return { hls, errors };
  }

  it('hls.js fetchSetup: its header reaches the core segment fetches (403 without it)', async () => {
    await setOriginFault({ requireHeader: 'x-fetch-setup: yes', match: '.ts' });
    const { hls, errors } = playHls({
      p2p: p2pOptions(),
      fetchSetup: (context, init) => new Request(context.url, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), 'x-fetch-setup': 'yes' } }),
    });
    await waitFor(() => video!.currentTime > 1, { timeoutMs: 20000, what: 'playback with the header', describe: () => errors.join(',') });
    assert((hls.p2p!.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
    assertEqual(errors.join(','), '', 'no segment refused');
  });

  it('Shaka: an async request filter header reaches the core segment fetches', async () => {
    await setOriginFault({ requireHeader: 'x-async-filter: yes', match: '.m4s' });
    // Registered after installP2P: the core's fetches still see it (filters run at request time).
    const lateFilter = async (_type: unknown, request: { headers: Record<string, string> }): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      request.headers['x-async-filter'] = 'yes';
    };
    shakaViewer = await startShakaViewer({ src: `${origin}/vod/dash/manifest.mpd`, p2p: p2pOptions(), lateFilter });
    await waitFor(() => shakaViewer!.video.currentTime > 1, { timeoutMs: 20000, what: 'Shaka playing with the async filter' });
    assert((shakaViewer.p2p.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
  });

  it('cookie origin: without credentials the core fetches are refused (the fault works)', async () => {
    await setCookie('ok');
    await setOriginFault({ requireCookie: `${COOKIE}=ok`, match: '.ts' });
    const { errors } = playHls({ p2p: p2pOptions() });
    await waitFor(() => errors.length > 0, { timeoutMs: 20000, what: 'a refused fragment' });
    assert(errors.includes('403'), `403 reported to hls.js (${errors.join(',')})`);
  });

  it('cookie origin: withP2P on a video with crossorigin="use-credentials" sends the cookie', async () => {
    await setCookie('ok');
    await setOriginFault({ requireCookie: `${COOKIE}=ok`, match: '.ts' });
    const { hls, errors } = playHls({ p2p: p2pOptions() }, 'use-credentials');
    await waitFor(() => video!.currentTime > 1, { timeoutMs: 20000, what: 'playback with the cookie', describe: () => errors.join(',') });
    assert((hls.p2p!.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
    assertEqual(errors.join(','), '', 'no segment refused');
  });

  it('cookie origin: installP2P honours crossorigin="use-credentials" and Shaka allowCrossSiteCredentials', async () => {
    await setCookie('ok');
    await setOriginFault({ requireCookie: `${COOKIE}=ok`, match: '.m4s' });
    shakaViewer = await startShakaViewer({ src: `${sameSiteOrigin}/vod/dash/manifest.mpd`, p2p: p2pOptions(), crossOrigin: 'use-credentials' });
    await waitFor(() => shakaViewer!.video.currentTime > 1, { timeoutMs: 20000, what: 'Shaka playing with the cookie (crossorigin)' });
    assert((shakaViewer.p2p.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
    await shakaViewer.player.destroy();
    shakaViewer.video.remove();

    // No crossorigin: a filter asking for credentials (Shaka's own switch) is enough.
    shakaViewer = await startShakaViewer({ src: `${sameSiteOrigin}/vod/dash/manifest.mpd`, p2p: p2pOptions(), withCredentials: true });
    await waitFor(() => shakaViewer!.video.currentTime > 1, { timeoutMs: 20000, what: 'Shaka playing with the cookie (allowCrossSiteCredentials)' });
    assert((shakaViewer.p2p.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
  });

  it('cookie origin: <p2p-video crossorigin="use-credentials"> sends the cookie on the core fetches', async () => {
    await setCookie('ok');
    await setOriginFault({ requireCookie: `${COOKIE}=ok`, match: '.ts' });
    const el = createPlayer({ src: `${sameSiteOrigin}/vod/hls-ts/master.m3u8`, trackers: tracker, 'ice-servers': '', muted: true, crossorigin: 'use-credentials' });
    el.play().catch(() => undefined);
    await waitFor(() => el.currentTime > 1 || el.error !== null, { timeoutMs: 20000, what: 'the element playing with the cookie' });
    assertEqual(el.error, null, 'no error');
    assert((el.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
  });
});
