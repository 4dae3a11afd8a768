import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import { shakaAudioTrackInfos } from '../../../../src/loaders/shaka/shaka-audio-tracks.ts';

type AudioTrack = shakaNamespace.extern.AudioTrack;
const track = (fields: Partial<AudioTrack>): AudioTrack => ({ roles: [], channelsCount: 1, label: null, language: '', ...fields }) as AudioTrack;

describe('shakaAudioTrackInfos', () => {
  it('labels a track without a DASH Label by its language', () => {
    const infos = shakaAudioTrackInfos([track({ language: 'en' }), track({ language: 'de', label: 'Deutsch' })]);
    assert.deepEqual(infos.map(({ language, label }) => ({ language, label })), [
      { language: 'en', label: 'en' },
      { language: 'de', label: 'Deutsch' },
    ]);
  });

  it('tells tracks of one language apart by role and channel count', () => {
    const infos = shakaAudioTrackInfos([track({ language: 'en', roles: ['main'] }), track({ language: 'en', roles: ['commentary'] }), track({ language: 'en', roles: ['main'], channelsCount: 6 })]);
    assert.equal(new Set(infos.map((info) => info.id)).size, 3);
  });
});
