import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../node-peer/hostile-peer.ts', import.meta.url));

export type HostileEvent = { event: string } & Record<string, unknown>;

/** `test/integration/node-peer/hostile-peer.ts` (or another `script`) in a child process; its JSON-line reports, awaitable. */
export class HostileProcess {
  readonly #child: ChildProcess;
  readonly events: HostileEvent[] = [];
  readonly #waiters = new Set<() => void>();
  stderr = '';

  constructor(args: string[], script = SCRIPT) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as HostileEvent);
      } catch {
        return;
      }
      for (const wake of [...this.#waiters]) wake();
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** The first event matching, waiting up to `timeoutMs`. */
  waitFor(match: (event: HostileEvent) => boolean, timeoutMs = 15_000): Promise<HostileEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (!found) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`hostile peer: no matching event within ${timeoutMs} ms; events ${JSON.stringify(this.events)}; stderr ${this.stderr}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}
