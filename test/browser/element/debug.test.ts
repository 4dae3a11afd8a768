/**
 * `debug` turns on console logging with a `[p2p-video]` prefix: the element's own messages (the
 * engine chosen, loader and P2P events) and the P2P core's, through the core's logger port.
 */
import { ORIGIN, TRACKER } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

interface Logged {
  level: (typeof LEVELS)[number];
  args: unknown[];
}

/** Records console calls made with our prefix until the returned `stop()`. */
function recordConsole(): { logged: Logged[]; stop(): void } {
  const logged: Logged[] = [];
  const originals = LEVELS.map((level) => [level, console[level]] as const);
  for (const [level, original] of originals) {
    console[level] = (...args: unknown[]) => {
      if (args[0] === '[p2p-video]') logged.push({ level, args: args.slice(1) });
      else original.apply(console, args);
    };
  }
  return { logged, stop: () => originals.forEach(([level, original]) => (console[level] = original)) };
}

const texts = (logged: Logged[]): string[] => logged.map(({ args }) => args.map(String).join(' '));

describe('<p2p-video debug>', () => {
  let recorder: ReturnType<typeof recordConsole>;
  beforeEach(() => (recorder = recordConsole()));
  afterEach(() => {
    recorder.stop();
    cleanup();
  });

  it('logs the engine, loader events and the core through the [p2p-video] logger', async () => {
    const el = createPlayer({ src: HLS_TS, debug: true, muted: true, trackers: TRACKER, 'ice-servers': '', 'swarm-id': `debug-${Math.random()}` });
    await el.loadComplete;
    assertEqual(el.debug, true, 'debug property');
    await waitFor(() => el.p2p, 'the core exists');
    el.p2p?.logger.debug('from the core logger');
    const logged = texts(recorder.logged);
    assert(logged.some((text) => text.startsWith(`loading ${HLS_TS} with hls`)), `engine logged: ${logged.join(' | ')}`);
    assert(logged.some((text) => text.startsWith('sourceloading')), 'loader events logged');
    console.log(`logged with debug: ${logged.join(' | ')}`);
    assert(logged.includes('from the core logger'), 'the core logs through the element logger');
    assert(recorder.logged.every(({ level }) => level === 'debug'), 'a healthy load logs at debug level only');
  });

  it('logs no debug message without debug, and turning it on needs no reload', async () => {
    const el = createPlayer({ src: HLS_TS, muted: true, trackers: TRACKER, 'ice-servers': '', 'swarm-id': `debug-${Math.random()}` });
    await el.loadComplete;
    await waitFor(() => el.p2p, 'the core exists');
    el.p2p?.logger.debug('quiet');
    await el.play();
    await waitFor(() => el.currentTime > 0.5, 'plays');
    assertEqual(recorder.logged.filter(({ level }) => level === 'debug' || level === 'info').length, 0, `nothing logged: ${texts(recorder.logged).join(' | ')}`);
    const engine = el.engine;
    el.debug = true;
    await el.updateComplete;
    assert(el.hasAttribute('debug'), 'reflected');
    el.p2p?.logger.debug('now verbose');
    assert(texts(recorder.logged).includes('now verbose'), 'the same core logs once debug is on');
    assertEqual(el.engine, engine, 'no reload for debug');
  });
});
