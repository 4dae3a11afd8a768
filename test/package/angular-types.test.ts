/**
 * Template type-checking with `p2p-video/angular` (ngc, strictTemplates, against dist/angular):
 * a correct template compiles, and each wrong binding in test/types/angular/bad is an error
 * (a wrong engine, an unknown config key, a handler expecting the wrong `$event`, a misspelt
 * detail field). Needs `npm run build` first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ngc = `${repoRoot}/node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js`;

function runNgc(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ngc, '-p', project], { cwd: repoRoot, timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, '') }),
    );
  });
}

describe('p2p-video/angular template types', { timeout: 240_000 }, () => {
  it('dist/angular is built', () => {
    assert.ok(existsSync(`${repoRoot}/dist/angular/index.d.ts`), 'run `npm run build` first');
  });

  it('a template using the inputs and typed $event compiles', async () => {
    const { code, output } = await runNgc('test/types/angular/tsconfig.json');
    assert.equal(code, 0, output);
  });

  it('wrong bindings are compile errors, one per line', async () => {
    const { code, output } = await runNgc('test/types/angular/bad/tsconfig.json');
    assert.notEqual(code, 0);
    const errors = [...output.matchAll(/bad\.component\.ts:(\d+):\d+ - error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(errors, ['13 TS2322', '14 TS2353', '15 TS2345', '16 TS2339'], output);
  });
});
