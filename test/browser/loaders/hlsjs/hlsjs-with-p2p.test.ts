import Hls from 'hls.js';
import { withP2P } from '../../../../src/integrations/hlsjs.js';
import type { HlsWithP2P } from '../../../../src/integrations/hlsjs.js';
import { assert, assertEqual, origin, setOriginFault, tracker, waitFor } from '../loader-test-helpers.js';

const SRC = `${origin}/vod/hls-ts/master.m3u8`;
const P2P = { trackers: [tracker], iceServers: [], swarmId: `with-p2p-${Math.random()}` };

describe('withP2P(Hls)', () => {
  let hls: HlsWithP2P | undefined;
  let video: HTMLVideoElement | undefined;
  afterEach(async () => {
    hls?.destroy();
    hls = undefined;
    video?.remove();
    await setOriginFault(null);
  });

  function play(config: ConstructorParameters<ReturnType<typeof withP2P<typeof Hls>>>[0]): HlsWithP2P {
    video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const HlsP2P = withP2P(Hls);
    hls = new HlsP2P(config);
    hls.attachMedia(video);
    hls.loadSource(SRC);
    video.play().catch(() => undefined);
    return hls;
  }

  it('is a subclass: Hls itself is not modified, statics are kept', () => {
    const HlsP2P = withP2P(Hls);
    assert(HlsP2P.prototype instanceof Hls, 'subclass of Hls');
    assert(HlsP2P.Events === Hls.Events && HlsP2P.isSupported() === Hls.isSupported(), 'statics inherited');
    assert(!('p2p' in Hls.prototype), 'Hls.prototype untouched');
  });

  it('without p2p (or p2p: false) it is plain hls.js', async () => {
    const instance = play({ p2p: false });
    assertEqual(instance.p2p, undefined, 'no P2P handle');
    await waitFor(() => video!.currentTime > 1, { what: 'playback' });
  });

  it('loads segments through the core, reports segmentLoaded and stats; destroy ends the session', async () => {
    const instance = play({ p2p: P2P });
    const loaded: string[] = [];
    instance.p2p!.on('segmentLoaded', ({ segment }) => loaded.push(segment.id));
    await waitFor(() => video!.currentTime > 1, { what: 'playback' });
    assert(loaded.length > 0, 'segmentLoaded events from the core');
    assert((instance.p2p!.stats?.httpBytes ?? 0) > 0, 'core counted the HTTP bytes');
    assertEqual(instance.p2p!.swarmId, P2P.swarmId, 'swarmId as given');
    const core = instance.p2p!.core!;
    instance.destroy();
    hls = undefined;
    await waitFor(() => instance.p2p!.core === undefined, { what: 'session destroyed' });
    let rejected = false;
    await core.loadSegment({ stream: { id: 's', type: 'main', isLive: false }, segment: { id: '0', url: SRC, startTime: 0, duration: 1 } }).catch(() => (rejected = true));
    assert(rejected, 'the core is destroyed with hls.js');
  });

  it('protected origin: the page xhrSetup header reaches the core segment fetches (403 without it)', async () => {
    await setOriginFault({ requireHeader: 'x-cdn-token: secret', match: '.ts' });
    const instance = play({
      p2p: P2P,
      xhrSetup: (xhr) => xhr.setRequestHeader('x-cdn-token', 'secret'),
    });
    const errors: string[] = [];
    instance.on(Hls.Events.ERROR, (_e, data) => errors.push(data.details));
    await waitFor(() => video!.currentTime > 1, { what: 'playback with the header', describe: () => errors.join(',') });
    assert((instance.p2p!.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
    assertEqual(errors.length, 0, 'no segment refused');
  });

  it('protected origin: p2p.httpRequest signs the core fetches', async () => {
    await setOriginFault({ requireHeader: 'x-signed', match: '.ts' });
    const seen: string[] = [];
    const instance = play({
      p2p: { ...P2P, httpRequest: ({ url }) => (seen.push(url), { headers: { 'x-signed': '1' } }) },
    });
    await waitFor(() => video!.currentTime > 1, { what: 'playback with the hook' });
    assert(seen.some((url) => url.includes('.ts')), 'hook saw segment URLs');
    assert((instance.p2p!.stats?.httpBytes ?? 0) > 0, 'segments came through the core');
  });

  it('a refused segment without the header is refused (the fault works)', async () => {
    await setOriginFault({ requireHeader: 'x-cdn-token: secret', match: '.ts' });
    const instance = play({ p2p: P2P });
    const errors: string[] = [];
    instance.on(Hls.Events.ERROR, (_e, data) => errors.push(String(data.response?.code ?? data.details)));
    await waitFor(() => errors.length > 0, { what: 'a refused fragment' });
    assert(errors.includes('403'), `403 reported to hls.js (${errors.join(',')})`);
  });
});
