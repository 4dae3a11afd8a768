/**
 * The element's JSDoc (turned into custom-elements.json and docs/attributes-and-events.md) lists
 * every error detail and warning code, and no code that does not exist: the `as const` maps are
 * the source, this keeps the generated reference from drifting from them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LoaderWarningCode, PlayerErrorDetail } from '../../../src/loaders/media-loader.ts';
import { P2PErrorCode } from '../../../src/p2p/errors.ts';

const source = readFileSync(new URL('../../../src/elements/p2p-video.ts', import.meta.url), 'utf8');

/** The backquoted codes after "is one of:" / "or one of the core's:" in one `@fires` line. */
function documentedCodes(event: string): string[] {
  const line = source.split('\n').find((l) => l.includes('@fires') && new RegExp(`}\\s+${event}\\s+-`).test(l));
  assert.ok(line, `@fires ${event} is documented`);
  return [...line.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+|[a-z]+)`/g)].map((m) => m[1]).filter((code) => /^[a-z0-9-]+$/.test(code));
}

describe('documented codes', () => {
  it('the error event lists exactly the PlayerErrorDetail values', () => {
    const documented = documentedCodes('error').filter((code) => !['code', 'message', 'detail', 'fatal'].includes(code));
    assert.deepEqual([...new Set(documented)].sort(), Object.values(PlayerErrorDetail).sort());
  });

  it('the p2pwarning event lists exactly the loader warning codes and the core error codes', () => {
    const documented = documentedCodes('p2pwarning').filter((code) => !['code', 'message'].includes(code));
    assert.deepEqual([...new Set(documented)].sort(), [...Object.values(LoaderWarningCode), ...Object.values(P2PErrorCode)].sort());
  });
});
