import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAudioTrackIndex, sameAudioTracks, toAudioTrackInfos } from '../../../src/loaders/audio-track-list.ts';

describe('toAudioTrackInfos', () => {
  it('keeps the order, labels by name, else by language, else "Audio N"', () => {
    const infos = toAudioTrackInfos([{ language: 'en', name: 'English' }, { language: 'de' }, {}]);
    assert.deepEqual(infos.map((t) => [t.language, t.label]), [['en', 'English'], ['de', 'de'], ['', 'Audio 3']]);
  });

  it('gives tracks listed the same way distinct ids (the menu selects by id)', () => {
    const infos = toAudioTrackInfos([{ language: 'en', name: 'English' }, { language: 'en', name: 'English' }]);
    assert.notEqual(infos[0].id, infos[1].id);
  });

  it('tells tracks of one language apart by their variant (roles, channels)', () => {
    const [main, description] = toAudioTrackInfos([{ language: 'en', variant: 'main' }, { language: 'en', variant: 'description' }]);
    assert.notEqual(main.id, description.id);
    assert.equal(sameAudioTracks([main], [description]), false);
    assert.equal(sameAudioTracks(toAudioTrackInfos([{ language: 'en' }]), toAudioTrackInfos([{ language: 'en' }])), true);
  });

  it('assertAudioTrackIndex refuses -1, fractions and out-of-range indexes', () => {
    assert.doesNotThrow(() => assertAudioTrackIndex(1, 2));
    for (const bad of [-1, 2, 0.5, Number.NaN]) assert.throws(() => assertAudioTrackIndex(bad, 2), RangeError);
  });
});
