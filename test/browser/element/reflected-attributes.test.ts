/**
 * Every reflected `<video>` attribute the element supports has its property, and both behave as on
 * a `<video>`: the property sets the host's attribute, the attribute reaches the inner video, and
 * the property reads what a `<video>` would read (a resolved poster URL, a normalised preload).
 */
import { ORIGIN } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, nextEvent } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;
/** A 1×1 GIF: a poster that loads without a request. */
const POSTER = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

const BOOLEAN_PROPS = [
  ['autoplay', 'autoplay'],
  ['loop', 'loop'],
  ['playsInline', 'playsinline'],
  ['defaultMuted', 'muted'],
  ['disablePictureInPicture', 'disablepictureinpicture'],
  ['disableRemotePlayback', 'disableremoteplayback'],
] as const;

describe('<p2p-video> reflected media attributes', () => {
  afterEach(cleanup);

  for (const [prop, attribute] of BOOLEAN_PROPS) {
    it(`${prop} reflects the ${attribute} attribute and reaches the inner video`, async () => {
      const el = createPlayer({ nop2p: true });
      const reference = document.createElement('video');
      assertEqual(el[prop], reference[prop], `${prop} defaults as on <video>`);
      el[prop] = true;
      assert(el.hasAttribute(attribute), `setting ${prop} adds the ${attribute} attribute`);
      assert(el.nativeEl.hasAttribute(attribute), `the inner video has ${attribute}`);
      assertEqual(el.nativeEl[prop], true, `inner video ${prop}`);
      assertEqual(el[prop], true, `${prop} reads true`);
      el[prop] = false;
      assert(!el.hasAttribute(attribute) && !el.nativeEl.hasAttribute(attribute), `clearing ${prop} removes ${attribute} from host and video`);
      el.setAttribute(attribute, '');
      assertEqual(el[prop], true, `the ${attribute} attribute sets ${prop}`);
    });
  }

  it('poster reflects and reads as on <video>', () => {
    const el = createPlayer({ nop2p: true });
    const reference = document.createElement('video');
    assertEqual(el.poster, '', 'no poster by default');
    el.poster = POSTER;
    reference.poster = POSTER;
    assertEqual(el.getAttribute('poster'), POSTER, 'attribute as set');
    assertEqual(el.nativeEl.getAttribute('poster'), POSTER, 'inner video attribute');
    assertEqual(el.poster, reference.poster, 'property reads as on <video>');
  });

  it('preload reflects and normalises as on <video>', () => {
    const el = createPlayer({ nop2p: true });
    const reference = document.createElement('video');
    for (const value of ['none', 'metadata', 'auto', 'bogus', '']) {
      el.preload = value;
      reference.preload = value;
      assertEqual(el.getAttribute('preload'), value, `attribute "${value}"`);
      assertEqual(el.preload, reference.preload, `preload "${value}" reads as on <video>`);
    }
  });

  it('crossOrigin reflects, normalises, and null removes the attribute, as on <video>', () => {
    const el = createPlayer({ nop2p: true });
    assertEqual(el.crossOrigin, null, 'no crossorigin by default');
    el.crossOrigin = 'use-credentials';
    assertEqual(el.getAttribute('crossorigin'), 'use-credentials', 'attribute');
    assertEqual(el.nativeEl.crossOrigin, 'use-credentials', 'inner video');
    el.crossOrigin = 'bogus';
    assertEqual(el.crossOrigin, 'anonymous', 'an invalid value reads as anonymous, as on <video>');
    el.crossOrigin = null;
    assert(!el.hasAttribute('crossorigin') && !el.nativeEl.hasAttribute('crossorigin'), 'null removes it');
    assertEqual(el.crossOrigin, null, 'reads null again');
  });

  it('controls is the inverse of nocontrols (on by default)', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    assertEqual(el.controls, true, 'controls by default');
    el.controls = false;
    assertEqual(el.nocontrols, true, 'controls = false sets nocontrols');
    await el.loadComplete;
    assert(el.hasAttribute('nocontrols'), 'reflected as the attribute');
    assertEqual(el.shadowRoot?.querySelector('media-control-bar'), null, 'no bar');
    el.controls = true;
    await el.updateComplete;
    assert(!el.hasAttribute('nocontrols'), 'controls = true removes nocontrols');
    assertEqual(el.nativeEl.controls, false, 'the inner video never shows native controls');
  });

  it('the muted attribute mutes at creation; later it only sets defaultMuted, as on <video>', async () => {
    const created = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    assertEqual(created.muted, true, 'created with muted: muted');
    const el = createPlayer({ src: HLS_TS, nop2p: true });
    await el.loadComplete;
    assertEqual(el.muted, false, 'not muted');
    const reference = document.createElement('video');
    document.body.append(reference);
    reference.setAttribute('muted', '');
    el.setAttribute('muted', '');
    assertEqual(el.defaultMuted, true, 'defaultMuted follows the attribute');
    assertEqual(el.muted, reference.muted, 'adding the attribute later does not mute, as on <video>');
    reference.remove();
    const volume = nextEvent(el, 'volumechange');
    el.muted = true;
    await volume;
    assertEqual(el.nativeEl.muted, true, 'the muted property mutes the video');
    assert(el.hasAttribute('muted'), 'and leaves the attribute alone');
  });
});
