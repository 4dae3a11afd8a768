/**
 * Issue 10 hole 3: stream ids collided across content. Audio tracks of one language and codec
 * (main, audio description, another group) got one id, so viewers of different tracks shared
 * segments (and verification rejected honest peers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HlsJsP2PBridge } from '../../../src/loaders/hlsjs/hlsjs-p2p-bridge.js';
import { ShakaP2PBridge } from '../../../src/loaders/shaka/shaka-p2p-bridge.js';
import type { P2PSession } from '../../../src/loaders/p2p-session.js';

const session = { core: () => undefined, setStreamSegments: () => {} } as unknown as P2PSession;

function audioTrack(name: string, groupId: string, characteristics?: string) {
  const attrs: Record<string, string> = { NAME: name, 'GROUP-ID': groupId, LANGUAGE: 'en' };
  if (characteristics) attrs.CHARACTERISTICS = characteristics;
  return { name, groupId, characteristics, lang: 'en', audioCodec: 'mp4a.40.2', bitrate: 0, attrs };
}

describe('stream ids of audio tracks (issue 10 hole 3)', () => {
  it('regression: hls.js audio tracks of one language and codec (main, audio description, another group) get distinct ids', () => {
    const tracks = [
      audioTrack('English', 'aac-lo'),
      audioTrack('English (AD)', 'aac-lo', 'public.accessibility.describes-video'),
      audioTrack('English', 'aac-hi'),
    ];
    const hls = { constructor: { Events: { LEVEL_LOADED: 'l', AUDIO_TRACK_LOADED: 'a' } }, on() {}, off() {}, config: { maxBufferLength: 30 }, userConfig: {}, levels: [], audioTracks: tracks };
    const bridge = new HlsJsP2PBridge({ session });
    bridge.attach(hls as never);
    const ids = tracks.map((_, index) => bridge.streamFor('audio', index)!.id);
    assert.equal(new Set(ids).size, 3, ids.join(' / '));
    // The same track seen again (another viewer, a reload) keeps its id.
    assert.equal(bridge.streamFor('audio', 1)!.id, ids[1]);
    bridge.destroy();
  });

  it('regression: Shaka audio streams of one language and codec with other roles, labels or groups get distinct ids', () => {
    const noop = () => {};
    const shaka = { net: { NetworkingEngine: { registerScheme: noop, unregisterScheme: noop }, HttpFetchPlugin: { parse: noop } } };
    const player = { getNetworkingEngine: () => ({ registerRequestFilter: noop, unregisterRequestFilter: noop }), isLive: () => false };
    const bridge = new ShakaP2PBridge({ shaka: shaka as never, player: player as never, session });
    const base = { type: 'audio', bandwidth: 128_000, codecs: 'mp4a.40.2', language: 'en', label: null, groupId: null, roles: ['main'] };
    const streams = [
      base,
      { ...base, roles: ['description'] },
      { ...base, label: 'Commentary' },
      { ...base, groupId: 'other' },
    ];
    const ids = streams.map((stream) => bridge.streamInfo(stream as never)!.id);
    assert.equal(new Set(ids).size, 4, ids.join(' / '));
    assert.equal(bridge.streamInfo({ ...base, roles: ['main'] } as never)!.id, ids[0]);
    bridge.destroy();
  });
});
