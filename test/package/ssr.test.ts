/**
 * Server-side rendering safety: importing the published entries in Node, where there is no DOM,
 * must not throw (frameworks with SSR import the package on the server). Each import runs in a
 * fresh Node process without tsx, by package name, so it also exercises the `exports` map.
 * Needs `npm run build` first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface ImportResult {
  ok: boolean;
  output: string;
}

/** Imports `specifier` in a plain Node process (no DOM globals) and reports what it exports. */
function importInNode(specifier: string): Promise<ImportResult> {
  const script = `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).sort().join(','));`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { cwd: repoRoot, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

describe('SSR: the package imports in Node without a DOM', () => {
  it('dist/ is built', () => {
    assert.ok(existsSync(`${repoRoot}/dist/index.js`), 'dist/index.js is missing: run `npm run build` first');
  });

  for (const specifier of ['p2p-video', 'p2p-video/p2p']) {
    it(`import('${specifier}') does not throw`, async () => {
      const result = await importInNode(specifier);
      assert.ok(result.ok, `import('${specifier}') failed in Node:\n${result.output}`);
      assert.notEqual(result.output, '', 'the entry exports nothing');
      console.log(`${specifier} exports: ${result.output}`);
    });
  }

  it("import('p2p-video/define') does not throw and registers nothing without customElements", async () => {
    const result = await importInNode('p2p-video/define');
    assert.ok(result.ok, `import('p2p-video/define') failed in Node:\n${result.output}`);
    assert.deepEqual(result.output.split(','), ['P2PStatsDisplay', 'P2PVideoElement', 'defineElements']);
  });

  it('the library build leaves Lit and media-chrome to the app (one copy of Lit per page)', () => {
    const files = ['index.js', 'elements/define.js', ...readdirSync(`${repoRoot}/dist/lib`).map((f) => `lib/${f}`)];
    const bundled = files.filter((f) => f.endsWith('.js') && readFileSync(`${repoRoot}/dist/${f}`, 'utf8').includes('extends HTMLElement'));
    assert.deepEqual(bundled, [], 'library files that define their own HTMLElement subclasses (a bundled Lit or media-chrome)');
  });

  it("import('p2p-video') exports the element class P2PVideoElement", async () => {
    const result = await importInNode('p2p-video');
    assert.ok(result.ok, result.output);
    assert.ok(result.output.split(',').includes('P2PVideoElement'), `exports: ${result.output}`);
  });
});
