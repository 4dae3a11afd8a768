import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaTracksMixin } from 'media-tracks';
import { AudioTracksMirror, type AudioTracksHost } from '../../../src/elements/audio-tracks-mirror.ts';
import type { AudioTrackInfo, MediaLoader } from '../../../src/loaders/media-loader.ts';

class Host {}
MediaTracksMixin(Host);

const TRACKS: AudioTrackInfo[] = [
  { id: 'en', language: 'en', label: 'English' },
  { id: 'de', language: 'de', label: 'Deutsch' },
];
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const host = new Host() as unknown as AudioTracksHost;
  const picks: number[] = [];
  const loader = { set selectedAudioTrack(index: number) { picks.push(index); }, get selectedAudioTrack() { return picks.at(-1) ?? 0; } } as unknown as MediaLoader;
  const mirror = new AudioTracksMirror(host);
  return { host, loader, mirror, picks };
}

describe('AudioTracksMirror', () => {
  it('lists the tracks with the engine\'s one enabled, and sends no pick back for its own update', async () => {
    const { host, loader, mirror, picks } = setup();
    mirror.show(loader, { tracks: TRACKS, selected: 0 });
    await tick();
    assert.deepEqual([...host.audioTracks].map((t) => [t.id, t.language, t.label, t.enabled]), [['en', 'en', 'English', true], ['de', 'de', 'Deutsch', false]]);
    assert.deepEqual(picks, []);
  });

  it('enabling a track (as the menu does) picks it in the loader and disables the others', async () => {
    const { host, loader, mirror, picks } = setup();
    mirror.show(loader, { tracks: TRACKS, selected: 0 });
    await tick();
    host.audioTracks[1].enabled = true;
    await tick();
    assert.deepEqual(picks, [1]);
    assert.deepEqual([...host.audioTracks].map((t) => t.enabled), [false, true]);
  });

  it('a new selection from the engine moves `enabled` without rebuilding the list; clear() empties it', async () => {
    const { host, loader, mirror, picks } = setup();
    mirror.show(loader, { tracks: TRACKS, selected: 0 });
    const first = host.audioTracks[0];
    mirror.show(loader, { tracks: TRACKS, selected: 1 });
    await tick();
    assert.equal(host.audioTracks[0], first);
    assert.deepEqual([...host.audioTracks].map((t) => t.enabled), [false, true]);
    assert.deepEqual(picks, []);
    mirror.clear();
    await tick();
    assert.equal(host.audioTracks.length, 0);
  });
});
