/**
 * package.json "sideEffects" tells bundlers which modules they must keep even when nothing they
 * export is used. It must name every built file that registers a custom element or imports one
 * that does (media-chrome registers its elements when imported), directly or through its static
 * imports; otherwise a bundler drops the registration. Only modules an app can reach by static
 * imports from the package's entries count: a chunk loaded by `import()` from an element module
 * (an engine's loader) runs only after that module anyway. Needs `npm run build` first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(repoRoot, 'dist');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** Static `import … from '…'` / `import '…'` / `export … from '…'` specifiers (not `import()`). */
function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']([^"']+)["']/gm)].map((m) => m[1]);
}

/** Registers an element itself: customElements.define, or an import of media-chrome. */
function registersItself(source: string, imports: string[]): boolean {
  return /customElements\.define\(/.test(source) || imports.some((s) => /^media-chrome($|\/)/.test(s));
}

/** `./dist/lib/p2p-video-*.js` → RegExp. */
const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('package.json sideEffects', () => {
  it('names every built module that registers custom elements, directly or through its imports', () => {
    assert.ok(existsSync(join(dist, 'index.js')), 'dist/ is missing: run `npm run build` first');
    const files = jsFiles(dist);
    const imports = new Map<string, string[]>();
    const registers = new Map<string, boolean>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const specifiers = staticImports(source);
      imports.set(file, specifiers.filter((s) => s.startsWith('.')).map((s) => join(dirname(file), s)));
      registers.set(file, registersItself(source, specifiers));
    }
    const effectful = new Set<string>();
    const visit = (file: string, seen: Set<string>): boolean => {
      if (effectful.has(file) || registers.get(file)) return true;
      if (seen.has(file)) return false;
      seen.add(file);
      return (imports.get(file) ?? []).some((dep) => visit(dep, seen));
    };
    for (const file of files) if (visit(file, new Set())) effectful.add(file);

    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { sideEffects: string[]; exports: unknown };
    const entries: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && value.endsWith('.js')) entries.push(join(repoRoot, value));
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(pkg.exports);
    const reachable = new Set<string>();
    const walk = (file: string): void => {
      if (reachable.has(file)) return;
      reachable.add(file);
      for (const dep of imports.get(file) ?? []) walk(dep);
    };
    entries.forEach(walk);
    const patterns = pkg.sideEffects.map(globToRegExp);
    const listed = (file: string): boolean => patterns.some((p) => p.test(relative(repoRoot, file)));
    const unlisted = [...effectful].filter((f) => reachable.has(f) && !listed(f)).map((f) => relative(repoRoot, f));
    assert.deepEqual(unlisted, [], 'modules with side effects missing from "sideEffects"');
    // Entries that register for certain, so the check above cannot pass by finding nothing. (The
    // dist/p2p-video.js bundle registers through an import() of its define chunk: listed, not detected.)
    for (const entry of ['dist/elements/define.js', 'dist/react.js', 'dist/angular/index.js']) {
      assert.ok(effectful.has(join(repoRoot, entry)), `${entry} was not detected as registering`);
    }
    // The package entry registers nothing: media-chrome is imported when the bar is due (controls-schedule.ts).
    assert.ok(!effectful.has(join(repoRoot, 'dist/index.js')), 'dist/index.js registers nothing, not even media-chrome');
    assert.ok(!pkg.sideEffects.includes('./dist/index.js'), 'so "sideEffects" does not list it');
    console.log(`side-effectful: ${[...effectful].map((f) => relative(repoRoot, f)).sort().join(', ')}`);
  });

  it('names no module that is side-effect free (the P2P core stays tree-shakable)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { sideEffects: string[] };
    assert.ok(!pkg.sideEffects.some((p) => p.includes('dist/p2p/') || p === './dist/lib/*.js'), `sideEffects: ${pkg.sideEffects.join(', ')}`);
  });

  it('does not declare @trystero-p2p/torrent (we ship our own copy of the strategy)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies['@trystero-p2p/torrent'], undefined);
  });
});
