import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSwarmId, renditionKey } from '../../../src/p2p/swarm-id.ts';

describe('deriveSwarmId', () => {
  it('lets tokenized URLs of one manifest meet', () => {
    const a = deriveSwarmId('https://cdn.example/live/master.m3u8?token=abc&exp=1#t=3');
    const b = deriveSwarmId('https://cdn.example/live/master.m3u8?token=xyz');
    assert.equal(a, b);
    assert.equal(a, 'https://cdn.example/live/master.m3u8');
  });
  it('keeps different manifests apart', () => {
    assert.notEqual(deriveSwarmId('https://cdn.example/a.m3u8'), deriveSwarmId('https://cdn.example/b.m3u8'));
  });
  it('uses the override when given', () => {
    assert.equal(deriveSwarmId('https://cdn.example/a.m3u8?x=1', 'my-event'), 'my-event');
    assert.equal(deriveSwarmId('https://cdn.example/a.m3u8', '  '), 'https://cdn.example/a.m3u8');
  });
  it('throws a clear TypeError on a relative or garbage URL', () => {
    assert.throws(() => deriveSwarmId('master.m3u8'), /not an absolute URL/);
  });
});

describe('renditionKey', () => {
  const hd = { type: 'main' as const, bitrate: 2_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' };
  it('gives the same key for the same properties listed differently', () => {
    assert.equal(renditionKey(hd), renditionKey({ codecs: 'MP4A.40.2, avc1.64001F', height: 720, width: 1280, bitrate: 2_000_000, type: 'main' }));
  });
  it('gives different renditions different keys', () => {
    const keys = new Set([
      renditionKey(hd),
      renditionKey({ ...hd, bitrate: 800_000, width: 640, height: 360 }),
      renditionKey({ ...hd, codecs: 'avc1.4d401e,mp4a.40.2' }),
      renditionKey({ type: 'audio', bitrate: 128_000, codecs: 'mp4a.40.2', lang: 'en' }),
      renditionKey({ type: 'audio', bitrate: 128_000, codecs: 'mp4a.40.2', lang: 'de' }),
    ]);
    assert.equal(keys.size, 5);
  });
});

describe('swarm and rendition ids across content (issue 10 hole 3)', () => {
  it('regression: play.m3u8?v=123 and ?v=456 (different content) get different swarm ids', () => {
    assert.notEqual(deriveSwarmId('https://cdn.example/play.m3u8?v=123'), deriveSwarmId('https://cdn.example/play.m3u8?v=456'));
  });
  it('keeps content parameters in a stable order and drops the token-like ones', () => {
    assert.equal(
      deriveSwarmId('https://cdn.example/play.m3u8?token=a&v=1&id=9&Expires=5&X-Amz-Signature=s'),
      deriveSwarmId('https://cdn.example/play.m3u8?id=9&v=1&token=b&expires=6'),
    );
    assert.equal(deriveSwarmId('https://cdn.example/play.m3u8?v=1&token=a'), 'https://cdn.example/play.m3u8?v=1');
  });
  it('regression: audio renditions of one language and codec differ by NAME, GROUP-ID and CHARACTERISTICS', () => {
    const audio = { type: 'audio' as const, bitrate: 128_000, codecs: 'mp4a.40.2', lang: 'en' };
    const keys = new Set([
      renditionKey({ ...audio, name: 'English', groupId: 'aac' }),
      renditionKey({ ...audio, name: 'English AD', groupId: 'aac', characteristics: 'public.accessibility.describes-video' }),
      renditionKey({ ...audio, name: 'English', groupId: 'aac-hi' }),
    ]);
    assert.equal(keys.size, 3);
    assert.equal(
      renditionKey({ ...audio, characteristics: 'b,a' }),
      renditionKey({ ...audio, characteristics: ['A', 'b'] }),
    );
  });
});
