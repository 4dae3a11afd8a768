import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_P2P_CONFIG } from '../../../src/p2p/config.ts';
import { MIN_UPLOAD_LIMIT_BITS_PER_SECOND, resolveConfig } from '../../../src/p2p/config-validation.ts';
import { P2PError } from '../../../src/p2p/errors.ts';

const rejects = (overrides: unknown, message: RegExp) =>
  assert.throws(() => resolveConfig(overrides as never), (error: unknown) => error instanceof P2PError && error.code === 'invalid-config' && message.test(error.message));

test('no overrides: the defaults, frozen', () => {
  const config = resolveConfig();
  assert.deepEqual({ ...config }, { ...DEFAULT_P2P_CONFIG });
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.trackers) && Object.isFrozen(config.iceServers));
});

test('overrides win; undefined keeps the default except for optional fields', () => {
  const config = resolveConfig({ maxPeers: 3, httpTimeoutMs: undefined, trackers: ['ws://127.0.0.1:8000'], integrityUrl: undefined });
  assert.equal(config.maxPeers, 3);
  assert.equal(config.httpTimeoutMs, DEFAULT_P2P_CONFIG.httpTimeoutMs);
  assert.deepEqual(config.trackers, ['ws://127.0.0.1:8000']);
  assert.equal(config.integrityUrl, undefined);
});

test('numbers: finite and at least their minimum', () => {
  rejects({ p2pTimeoutMs: 0 }, /p2pTimeoutMs must be a finite number >= 1, got 0/);
  rejects({ maxPeers: -1 }, /maxPeers/);
  rejects({ statsIntervalMs: Number.NaN }, /statsIntervalMs/);
  rejects({ httpWindowSeconds: Infinity }, /httpWindowSeconds/);
  rejects({ storageLimitBytes: '5' }, /storageLimitBytes/);
  assert.equal(resolveConfig({ maxPeers: 0 }).maxPeers, 0, 'the minimum itself is allowed');
});

test('unknown fields, and a config that is not an object', () => {
  rejects({ maxPeer: 3 }, /unknown field\(s\) maxPeer/);
  rejects(null, /config must be an object/);
  rejects('x', /config must be an object/);
});

test('trackers: ws:// or wss:// URLs only', () => {
  rejects({ trackers: 'wss://t.example' }, /trackers must be a list/);
  rejects({ trackers: ['https://t.example'] }, /trackers must be ws:\/\/ or wss:\/\/ URLs, got "https:\/\/t.example"/);
  rejects({ trackers: ['wss://'] }, /trackers must be/);
  assert.equal(resolveConfig({ trackers: ['wss://t.example/announce'] }).trackers.length, 1);
});

test('iceServers: { urls } objects with stun:/turn:/turns: URLs', () => {
  rejects({ iceServers: [{}] }, /iceServers must be a list of \{ urls \} objects/);
  rejects({ iceServers: [{ urls: 'http://stun.example' }] }, /iceServers URLs must be stun:, turn: or turns: URLs/);
  rejects({ iceServers: [{ urls: ['stun:ok.example', 'turn:bad host'] }] }, /"turn:bad host"/);
  const ok = resolveConfig({ iceServers: [{ urls: ['stun:s.example:3478', 'turns:t.example?transport=tcp'], username: 'u', credential: 'c' }] });
  assert.equal(ok.iceServers.length, 1);
});

test('strings, booleans, URL and hook fields', () => {
  rejects({ appId: '' }, /appId must be a non-empty string/);
  rejects({ password: 5 }, /password must be a string/);
  rejects({ integrityUrl: '/relative.json' }, /integrityUrl must be an absolute http\(s\) URL/);
  rejects({ validateSegment: true }, /validateSegment must be a function/);
  rejects({ uploadEnabled: 'no' }, /uploadEnabled must be a boolean/);
  rejects({ httpRequest: 'sign' } as never, /httpRequest must be a function/);
  const hook = () => ({});
  assert.equal(resolveConfig({ httpRequest: hook }).httpRequest, hook);
  assert.equal(resolveConfig({ integrityUrl: 'https://o.example/h.json' }).integrityUrl, 'https://o.example/h.json');
});

test('uploadLimitBitsPerSecond: unlimited by default, else a finite rate a peer can be served at', () => {
  assert.equal(resolveConfig().uploadLimitBitsPerSecond, undefined);
  assert.equal(resolveConfig({ uploadLimitBitsPerSecond: 2_000_000 }).uploadLimitBitsPerSecond, 2_000_000);
  assert.equal(resolveConfig({ uploadLimitBitsPerSecond: MIN_UPLOAD_LIMIT_BITS_PER_SECOND }).uploadLimitBitsPerSecond, 262_144, 'the minimum itself is allowed');
  rejects({ uploadLimitBitsPerSecond: 0 }, /uploadLimitBitsPerSecond must be undefined \(unlimited\) or a finite number >= 262144, got 0 \(to upload nothing, set uploadEnabled: false\)/);
  rejects({ uploadLimitBitsPerSecond: 100_000 }, /uploadLimitBitsPerSecond .* got 100000/);
  rejects({ uploadLimitBitsPerSecond: -1 }, /uploadLimitBitsPerSecond .* got -1$/);
  rejects({ uploadLimitBitsPerSecond: Infinity }, /uploadLimitBitsPerSecond .* got Infinity$/);
  rejects({ uploadLimitBitsPerSecond: Number.NaN }, /uploadLimitBitsPerSecond/);
  rejects({ uploadLimitBitsPerSecond: '1000000' }, /uploadLimitBitsPerSecond .* got 1000000$/);
});
