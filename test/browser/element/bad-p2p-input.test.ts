/**
 * Bad P2P input degrades P2P, never playback: each case must play over HTTP and say what is wrong
 * in a `p2pwarning` (code + message), with no `error` event.
 */
import { ORIGIN, TRACKER } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assert, cleanup, createPlayer, nextEvent, waitFor } from './helpers.ts';

interface Warning {
  code: string;
  message: string;
}

/** Plays `el` to 1.5 s, collecting warnings and failing on any `error` event. */
async function playCollectingWarnings(el: P2PVideoElement, until: (warnings: Warning[]) => boolean, timeoutMs = 20000): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const errors: string[] = [];
  el.addEventListener('p2pwarning', (event) => warnings.push((event as CustomEvent<Warning>).detail));
  el.addEventListener('error', () => errors.push(el.error?.message ?? 'error'));
  await el.loadComplete;
  await el.play();
  await waitFor(() => el.currentTime > 1.5 || errors.length > 0, 'playback past 1.5 s', timeoutMs);
  await waitFor(() => until(warnings) || errors.length > 0, 'the expected p2pwarning', timeoutMs);
  assert(errors.length === 0, `no error event, got: ${errors.join('; ')}`);
  return warnings;
}

const stream = `${ORIGIN}/vod/hls-ts/master.m3u8`;

describe('<p2p-video> bad P2P input', () => {
  afterEach(cleanup);

  const invalidConfigCases: Array<[string, Record<string, string | true>, Record<string, unknown> | undefined, RegExp]> = [
    ['a trackers value that is not a ws(s) URL', { trackers: 'http://127.0.0.1:1/announce' }, undefined, /trackers must be ws/],
    ['an ice-servers value that is not a STUN/TURN URL', { trackers: TRACKER, 'ice-servers': 'notaurl' }, undefined, /iceServers URLs/],
    ['nonsense numbers in config.p2p', { trackers: TRACKER, 'ice-servers': '' }, { httpTimeoutMs: -5 }, /httpTimeoutMs/],
    ['an unknown config.p2p field', { trackers: TRACKER, 'ice-servers': '' }, { httpTimeoutSeconds: 3 }, /unknown field/],
    ['an integrityUrl that is not http(s)', { trackers: TRACKER, 'ice-servers': '' }, { integrityUrl: 'ftp://127.0.0.1/x.json' }, /integrityUrl/],
  ];
  for (const [name, attributes, p2pConfig, pattern] of invalidConfigCases) {
    it(`${name}: plays over HTTP with a p2pwarning naming the field`, async () => {
      const el = createPlayer({ ...attributes, muted: true });
      if (p2pConfig) el.config = { p2p: p2pConfig };
      el.src = stream;
      const warnings = await playCollectingWarnings(el, (w) => w.some((x) => pattern.test(x.message)));
      const warning = warnings.find((x) => pattern.test(x.message))!;
      assert(typeof warning.code === 'string' && warning.code.length > 0, `warning has a code (${warning.code})`);
      assert(el.p2p === undefined, 'no P2P core with an invalid configuration');
    });
  }

  it('an unreachable tracker: plays, and warns tracker-unreachable', async () => {
    const el = createPlayer({ src: stream, trackers: 'ws://127.0.0.1:9/', 'ice-servers': '', muted: true });
    const warnings = await playCollectingWarnings(el, (w) => w.some((x) => x.code === 'tracker-unreachable'), 25000);
    assert(warnings.some((x) => x.code === 'tracker-unreachable'), 'tracker-unreachable warning');
  });

  it('an integrity file that is not JSON: plays, and warns integrity-file-invalid', async () => {
    const el = createPlayer({ trackers: TRACKER, 'ice-servers': '', muted: true });
    el.config = { p2p: { integrityUrl: `${ORIGIN}/bad/not-a-manifest.m3u8` } };
    el.src = stream;
    const warnings = await playCollectingWarnings(el, (w) => w.some((x) => x.code === 'integrity-file-invalid'));
    assert(warnings.some((x) => x.code === 'integrity-file-invalid'), 'integrity-file-invalid warning');
  });

  it('an integrity attribute whose file 404s: plays, and warns integrity-file-invalid', async () => {
    const el = createPlayer({ trackers: TRACKER, 'ice-servers': '', muted: true, integrity: `${ORIGIN}/vod/hls-ts/no-such-file.json` });
    el.src = stream;
    await el.loadComplete;
    assert(el.p2p?.config.integrityUrl === `${ORIGIN}/vod/hls-ts/no-such-file.json`, 'the attribute sets config.p2p.integrityUrl');
    const warning = nextEvent<CustomEvent<Warning>>(el, 'p2pwarning');
    await playCollectingWarnings(el, (w) => w.length > 0);
    assert((await warning).detail.code === 'integrity-file-invalid', 'integrity-file-invalid warning');
  });
});
