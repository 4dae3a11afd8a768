import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaPlaylist } from 'hls.js';
import { hlsAudioTrackInfos } from '../../../../src/loaders/hlsjs/hlsjs-audio-tracks.ts';

const track = (fields: Partial<MediaPlaylist>): MediaPlaylist => fields as MediaPlaylist;

describe('hlsAudioTrackInfos', () => {
  it('maps LANGUAGE and NAME of the alternate audio renditions, in order', () => {
    const infos = hlsAudioTrackInfos([track({ lang: 'en', name: 'English' }), track({ lang: 'de', name: 'Deutsch' })]);
    assert.deepEqual(infos.map(({ language, label }) => ({ language, label })), [
      { language: 'en', label: 'English' },
      { language: 'de', label: 'Deutsch' },
    ]);
  });

  it('keeps an audio description apart from the main track of the same language', () => {
    const [main, described] = hlsAudioTrackInfos([
      track({ lang: 'en', name: 'English' }),
      track({ lang: 'en', name: 'English', characteristics: 'public.accessibility.describes-video' }),
    ]);
    assert.notEqual(main.id, described.id);
  });
});
