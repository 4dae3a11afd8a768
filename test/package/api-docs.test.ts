/**
 * docs/attributes-and-events.md is generated from custom-elements.json (`npm run docs`): the
 * committed file must match what the generator writes from the committed manifest.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDocs } from '../../tools/build/gen-api-docs.ts';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe('docs/attributes-and-events.md', () => {
  const manifest = JSON.parse(readFileSync(root('custom-elements.json'), 'utf8'));
  const rendered = renderApiDocs(manifest);

  it('is up to date with custom-elements.json (run `npm run build && npm run docs`)', () => {
    assert.equal(readFileSync(root('docs/attributes-and-events.md'), 'utf8'), rendered);
  });

  it('documents every attribute and event of <p2p-video> in a table row', () => {
    for (const name of ['src', 'nop2p', 'ice-servers', 'p2p-password', 'p2pstats', 'p2psegmentload', 'error']) {
      assert.match(rendered, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `no row for ${name}`);
    }
  });
});
