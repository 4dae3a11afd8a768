import { ORIGIN, TRACKER } from '/__test-env.js';
import { buildP2PConfig, parseIceServers } from '../../../src/elements/p2p-options.ts';
import type { P2PStats } from '../../../src/p2p/events.ts';
import { assert, assertEqual, cleanup, createPlayer, nextEvent, waitFor } from './helpers.ts';

describe('<p2p-video> P2P attributes and events', () => {
  afterEach(cleanup);

  it('parses ice-servers, with TURN credentials moved out of the URL', () => {
    assertEqual(JSON.stringify(parseIceServers('')), '[]', 'empty = no servers');
    const servers = parseIceServers(' stun:127.0.0.1:3478   turn:alice:s%40cret@127.0.0.1:3479 ');
    assertEqual(JSON.stringify(servers), JSON.stringify([
      { urls: 'stun:127.0.0.1:3478' },
      { urls: 'turn:127.0.0.1:3479', username: 'alice', credential: 's@cret' },
    ]), 'parsed servers');
  });

  it('attributes win over config.p2p; noupload and metered connections turn upload off', () => {
    const base = { trackers: ['ws://from-config'], maxPeers: 5 };
    const config = buildP2PConfig({ trackers: 'ws://a  ws://b', iceServers: null, password: 'pw', noUpload: false }, base);
    assertEqual(JSON.stringify(config.trackers), JSON.stringify(['ws://a', 'ws://b']), 'trackers from the attribute');
    assertEqual(config.maxPeers, 5, 'config.p2p kept');
    assertEqual(config.password, 'pw', 'password');
    assertEqual('iceServers' in config, false, 'absent ice-servers leaves the default');
    assertEqual(config.uploadEnabled, undefined, 'upload left to the default');
    assertEqual(buildP2PConfig({ trackers: null, iceServers: null, password: null, noUpload: true }).uploadEnabled, false, 'noupload');
    const descriptor = Object.getOwnPropertyDescriptor(navigator, 'connection');
    Object.defineProperty(navigator, 'connection', { value: { saveData: false, type: 'cellular' }, configurable: true });
    try {
      assertEqual(buildP2PConfig({ trackers: null, iceServers: null, password: null, noUpload: false }).uploadEnabled, false, 'cellular');
    } finally {
      if (descriptor) Object.defineProperty(navigator, 'connection', descriptor);
      else delete (navigator as unknown as Record<string, unknown>).connection;
    }
  });

  it('with P2P on: the core exists, p2pstats and p2psegmentload fire, el.stats follows', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, trackers: TRACKER, 'ice-servers': '', muted: true });
    const segment = nextEvent<CustomEvent>(el, 'p2psegmentload');
    await el.loadComplete;
    assert(el.p2p, 'el.p2p is the core');
    await el.play();
    const loaded = (await segment).detail;
    assertEqual(loaded.source, 'http', 'a lone viewer loads over HTTP');
    assertEqual(loaded.httpReason, 'startup', 'the origin byte says why: the first segment is start-up');
    assert(loaded.bytes > 0 && typeof loaded.segmentId === 'string' && typeof loaded.streamId === 'string', 'segment detail shape');
    const stats = (await nextEvent<CustomEvent<P2PStats>>(el, 'p2pstats')).detail;
    assert(stats.httpBytes > 0, `httpBytes ${stats.httpBytes} > 0`);
    const byReason = Object.values(stats.httpByReason).reduce((sum, count) => sum + count.bytes, 0);
    assertEqual(byReason, stats.httpBytes, 'every origin byte is counted under a reason');
    assertEqual(stats.p2pRatio, 0, 'nothing from peers alone');
    await waitFor(() => el.stats.httpBytes >= stats.httpBytes, 'el.stats reads the core');
    const display = el.shadowRoot?.querySelector('p2p-stats-display');
    assert(display, 'stats display shown with P2P');
    await waitFor(() => display.shadowRoot?.textContent?.includes('P2P 0%'), 'display shows the share');
    const core = el.p2p;
    el.remove();
    await el.loadComplete;
    assertEqual(el.p2p, undefined, 'no core after remove');
    let late = 0;
    el.addEventListener('p2pstats', () => late++);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assertEqual(late, 0, `no p2pstats from the destroyed core ${core ? '' : '(none)'}`);
  });
});
