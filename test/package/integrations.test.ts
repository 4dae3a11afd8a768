/**
 * `p2p-video/hlsjs` and `p2p-video/shaka` add P2P to a player the page already has: they must not
 * bring an engine (the class or player is passed in), Lit or media-chrome with them. Checked on the
 * built files (`npm run build` first), following static imports only (dynamic ones load on demand).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const FORBIDDEN = [/^hls\.js($|\/)/, /^shaka-player($|\/)/, /^lit($|\/)/, /^@lit\//, /^media-chrome($|\/)/];

/** Every bare specifier reachable by static imports from `entry`, and the files visited. */
function staticImports(entry: string): { bare: Set<string>; files: Set<string> } {
  const bare = new Set<string>();
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    // Static `import … from '…'`, `import '…'` and `export … from '…'`; not `import('…')`.
    for (const match of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["']([^"']+)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  visit(join(dist, entry));
  return { bare, files };
}

describe('engine integrations (built)', () => {
  for (const entry of ['hlsjs.js', 'shaka.js']) {
    it(`dist/${entry} statically imports no engine, Lit or media-chrome`, () => {
      const { bare, files } = staticImports(entry);
      assert.ok(files.size >= 2, `followed the imports of ${entry} (${files.size} files)`);
      const forbidden = [...bare].filter((specifier) => FORBIDDEN.some((pattern) => pattern.test(specifier)));
      assert.deepEqual(forbidden, [], `${entry} pulls in ${forbidden.join(', ')}`);
    });
  }

  it('the check sees what it looks for: the element entry does import Lit', () => {
    const { bare } = staticImports('index.js');
    assert.ok([...bare].some((specifier) => /^lit($|\/)/.test(specifier) || specifier.startsWith('@lit/')), `index.js imports: ${[...bare].join(', ')}`);
  });
});
