/**
 * What `npm publish` would ship (`npm pack --dry-run --json`): the built package, its manifest and
 * editor hints, README, LICENSE, CHANGELOG and docs; nothing of the repository's sources, tests,
 * media, caches or node_modules; and a bounded size. Needs `npm run build` first.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Packed (gzip) size limit. Measured 2.16 MB on 2026-12-02: sourcemaps are most of it. */
const MAX_PACKED_BYTES = 3_000_000;

interface PackResult {
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

describe('npm pack', () => {
  let pack: PackResult;
  let paths: string[];

  before(() => {
    assert.ok(existsSync(`${repoRoot}/dist/index.js`), 'dist/ is missing: run `npm run build` first');
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    pack = (JSON.parse(json) as PackResult[])[0];
    paths = pack.files.map((f) => f.path);
    console.log(`packed ${pack.size} B, unpacked ${pack.unpackedSize} B, ${paths.length} files`);
  });

  it('holds the entries, the manifest, the editor hints, the framework wrappers and the docs', () => {
    const required = [
      'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json',
      'dist/index.js', 'dist/index.d.ts', 'dist/p2p-video.js', 'dist/elements/define.js', 'dist/p2p/index.js',
      'dist/elements/p2p-video.js', 'dist/elements/p2p-stats-display.js',
      'dist/react.js', 'dist/react/index.d.ts', 'dist/angular/index.js', 'dist/angular/index.d.ts',
      'dist/types/react.d.ts', 'dist/types/vue.d.ts', 'dist/types/svelte.d.ts',
      'dist/web-types.json', 'dist/vscode.html-custom-data.json', 'dist/vscode.css-custom-data.json',
      'docs/attributes-and-events.md', 'docs/frameworks.md',
    ];
    assert.deepEqual(required.filter((p) => !paths.includes(p)), [], 'missing from the tarball');
  });

  it('leaves out sources, tests, media, caches and node_modules', () => {
    const forbidden = /^(src|test|tools|bench|sim|examples|scripts|samples|node_modules|\.cache|bench\/results)\/|\.test\.|\.(ts|m3u8|mpd|m4s|mp4|aac|png|jpe?g|log)$|(^|\/)\.(cache|ci|git)/;
    const allowedTs = /\.d\.ts$/;
    const leaked = paths.filter((p) => forbidden.test(p) && !allowedTs.test(p));
    assert.deepEqual(leaked, [], 'files that must not ship');
  });

  it('every path package.json points at is in the tarball', () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8'));
    const targets: string[] = [pkg.main, pkg.module, pkg.types, pkg['web-types'], pkg.customElements];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(pkg.exports);
    const missing = [...new Set(targets.map((t) => t.replace(/^\.\//, '')))].filter((t) => !paths.includes(t));
    assert.deepEqual(missing, [], 'package.json names files the tarball lacks');
  });

  it(`is under ${MAX_PACKED_BYTES} bytes packed`, () => {
    assert.ok(pack.size < MAX_PACKED_BYTES, `packed size ${pack.size} B`);
  });
});
