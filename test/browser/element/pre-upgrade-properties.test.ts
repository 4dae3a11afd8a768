/**
 * Own page: a property set on an element before its tag is defined reaches the class's setter
 * once adoptPropertiesSetBeforeUpgrade() runs (the bundle entry defines `<p2p-video>` lazily, so a
 * page script may set `el.muted` before the upgrade).
 */
import { adoptPropertiesSetBeforeUpgrade } from '../../../src/elements/pre-upgrade-properties.ts';
import { assert, assertEqual } from './helpers.js';

describe('properties set before the upgrade', () => {
  it('re-applies own properties that shadow a setter, leaves the others', () => {
    const el = document.createElement('pre-upgrade-probe') as HTMLElement & Record<string, unknown>;
    document.body.append(el);
    el.level = 7;
    el.note = 'kept';
    const received: unknown[] = [];
    class Probe extends HTMLElement {
      set level(value: unknown) {
        received.push(value);
      }
      get level(): unknown {
        return received.at(-1);
      }
    }
    customElements.define('pre-upgrade-probe', Probe);
    assertEqual(received.length, 0, 'the own property shadows the setter before adoption');
    adoptPropertiesSetBeforeUpgrade([el]);
    assertEqual(received.length, 1, 'the setter received the value once');
    assertEqual(el.level, 7, 'the getter now answers from the class');
    assert(!Object.prototype.hasOwnProperty.call(el, 'level'), 'no own property shadows the accessor any more');
    assertEqual(el.note, 'kept', 'a property with no setter on the class is left alone');
    el.remove();
  });

});
