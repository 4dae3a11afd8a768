/**
 * Size budget of what every page pays: the self-registering entry `dist/p2p-video.js` plus every
 * module it imports statically (element, controls, P2P core, Trystero), minified and gzipped.
 * The engines (hls.js, Shaka) are imported lazily (`import()`), so their chunks are left out:
 * a page downloads only the one it plays with.
 *
 *   npm run build && npm run size
 *
 * We re-bundle `dist/p2p-video.js` with minification on (Vite library builds of ES modules keep
 * whitespace), so the figure is what a CDN would serve, whatever the library build settings.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

/** Fails above this many min+gzip bytes. Measured figure + ~15 % headroom; raise it on purpose only. */
export const SIZE_BUDGET_GZIP_BYTES = 140 * 1024;

const entry = fileURLToPath(new URL('../dist/p2p-video.js', import.meta.url));

export interface SizeReport {
  /** min+gzip bytes of the entry chunk and its static imports. */
  staticGzipBytes: number;
  /** min bytes (before gzip) of the same. */
  staticMinBytes: number;
  /** min+gzip bytes of the lazily loaded chunks (engines), for information. */
  lazyGzipBytes: number;
  chunks: { fileName: string; gzipBytes: number; lazy: boolean }[];
}

type Chunk = Rolldown.OutputChunk;

/** Bundles and minifies the entry in memory and sums the chunks reachable by static imports. */
export async function measureSize(entryPath = entry): Promise<SizeReport> {
  if (!existsSync(entryPath)) throw new Error(`${entryPath} is missing: run \`npm run build\` first`);
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, rolldownOptions: { input: entryPath } },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Chunk => o.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const entryChunk = chunks.find((c) => c.isEntry);
  if (!entryChunk) throw new Error('no entry chunk in the bundle');

  const eager = new Set<string>();
  const visit = (chunk: Chunk): void => {
    if (eager.has(chunk.fileName)) return;
    eager.add(chunk.fileName);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(entryChunk);

  const report: SizeReport = { staticGzipBytes: 0, staticMinBytes: 0, lazyGzipBytes: 0, chunks: [] };
  for (const chunk of chunks) {
    const gzipBytes = gzipSync(chunk.code, { level: 9 }).length;
    const lazy = !eager.has(chunk.fileName);
    report.chunks.push({ fileName: chunk.fileName, gzipBytes, lazy });
    if (lazy) report.lazyGzipBytes += gzipBytes;
    else {
      report.staticGzipBytes += gzipBytes;
      report.staticMinBytes += Buffer.byteLength(chunk.code);
    }
  }
  return report;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const report = await measureSize();
  for (const chunk of report.chunks.sort((a, b) => b.gzipBytes - a.gzipBytes)) {
    console.log(`  ${chunk.lazy ? 'lazy  ' : 'static'} ${kib(chunk.gzipBytes).padStart(10)}  ${chunk.fileName}`);
  }
  console.log(`element + core (static, min+gzip): ${kib(report.staticGzipBytes)} (min ${kib(report.staticMinBytes)})`);
  console.log(`engines (lazy, min+gzip, not counted): ${kib(report.lazyGzipBytes)}`);
  console.log(`budget: ${kib(SIZE_BUDGET_GZIP_BYTES)}`);
  if (report.staticGzipBytes > SIZE_BUDGET_GZIP_BYTES) {
    console.error(`over budget by ${kib(report.staticGzipBytes - SIZE_BUDGET_GZIP_BYTES)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
