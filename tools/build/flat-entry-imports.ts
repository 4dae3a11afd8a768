/**
 * A Vite/Rolldown plugin for the bundle build: the entry chunk imports every chunk of its static
 * import graph itself, so the browser requests them all in the round after the entry instead of
 * discovering them one level at a time (entry → engine registry → Rolldown's runtime was three
 * rounds before the entry could even run and start the engine download).
 *
 * An HTML entry gets this from Vite as `<link rel="modulepreload">` tags; a bundle loaded by one
 * `<script type="module">` has no HTML for them, so the imports go into the entry itself. They are
 * appended (import declarations are hoisted: the fetch starts at once wherever they stand, and the
 * entry's source map stays valid: the lines it maps come first). Evaluation order is unchanged: each added chunk is already a
 * dependency of a chunk the entry imports, so it runs before that chunk either way.
 */
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  isEntry: boolean;
  imports: string[];
  code: string;
}

export function flatEntryImports(): Plugin {
  return {
    name: 'p2p-video:flat-entry-imports',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, ChunkLike>();
      for (const [fileName, output] of Object.entries(bundle)) if (output.type === 'chunk') chunks.set(fileName, output as unknown as ChunkLike);
      for (const [fileName, entry] of chunks) {
        if (!entry.isEntry) continue;
        const missing = [...staticGraph(fileName, chunks)].filter((dep) => dep !== fileName && !entry.imports.includes(dep));
        if (missing.length === 0) continue;
        const added = missing.map((dep) => `import${JSON.stringify(relativeSpecifier(fileName, dep))};`).join('');
        // Before the source map comment, which stays the file's last line.
        const mapComment = entry.code.lastIndexOf('\n//# sourceMappingURL=');
        entry.code = mapComment === -1 ? `${entry.code}\n${added}\n` : `${entry.code.slice(0, mapComment)}\n${added}${entry.code.slice(mapComment)}`;
        entry.imports.push(...missing);
      }
    },
  };
}

/** Every chunk reachable from `start` through static imports, `start` included. */
function staticGraph(start: string, chunks: ReadonlyMap<string, ChunkLike>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const dep of chunks.get(queue.shift()!)?.imports ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      queue.push(dep);
    }
  }
  return seen;
}

/** `./x.js` / `../x.js` style specifier of `to` from the chunk `from` (both bundle-relative paths). */
function relativeSpecifier(from: string, to: string): string {
  const fromDir = from.split('/').slice(0, -1);
  const target = to.split('/');
  let common = 0;
  while (common < fromDir.length && common < target.length - 1 && fromDir[common] === target[common]) common++;
  const up = fromDir.length - common;
  const rest = target.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}
