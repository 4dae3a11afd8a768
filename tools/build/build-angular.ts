/**
 * Builds `p2p-video/angular` (dist/angular/): src/angular compiled by Angular's `ngc` in partial
 * mode, Angular's format for libraries (what ng-packagr ships): `ɵɵngDeclareDirective` in the
 * JavaScript, which the Angular CLI links at build time (AOT) and the JIT compiler reads in the
 * browser, and the directive's inputs and outputs in the `.d.ts` for template type-checking.
 * ngc compiles the whole program into .cache/angular-build; only src/angular's output is copied:
 * its imports (`../elements/define.js`) resolve to the files the Vite build and tsc wrote.
 * Runs in `npm run build`, after `vite build` and `tsc`.
 *
 *   node --import tsx tools/build/build-angular.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export function buildAngular(): string[] {
  const outDir = root('.cache/angular-build');
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [root('node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js'), '-p', root('tools/build/angular/tsconfig.json')], {
    stdio: 'inherit',
  });
  const target = root('dist/angular');
  // tsc's declarations of src/angular lack the directive metadata: ngc's replace them.
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const files = readdirSync(`${outDir}/angular`).filter((file) => /\.(js|d\.ts)$/.test(file));
  for (const file of files) copyFileSync(`${outDir}/angular/${file}`, `${target}/${file}`);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote dist/angular/{${buildAngular().join(',')}}`);
}
