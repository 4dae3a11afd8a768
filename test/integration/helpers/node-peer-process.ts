import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerCommand } from '../node-peer/node-peer.ts';

const PEER_SCRIPT = fileURLToPath(new URL('../node-peer/node-peer.ts', import.meta.url));
/** Keeps a peer alive when a listed tracker refuses connections (see ws-global.ts). */
const WS_GLOBAL = fileURLToPath(new URL('./ws-global.ts', import.meta.url));

type Reply = { id: number; ok: boolean; result?: Record<string, unknown>; error?: string };
type Command = PeerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

/** `test/integration/node-peer/node-peer.ts` (a P2PCore on the real transport) in its own process, driven over IPC. */
export class NodePeerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  readonly ready: Promise<void>;
  #nextId = 1;

  constructor(peerConfig: { swarmId: string; config: Record<string, unknown> }) {
    const env = { ...process.env, PEER_CONFIG: JSON.stringify(peerConfig) };
    this.#child = fork(PEER_SCRIPT, [], { execArgv: ['--import', 'tsx', '--import', WS_GLOBAL], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve) => this.#pending.set(0, () => resolve()));
    this.#child.on('message', (reply: Reply) => this.#pending.get(reply.id)?.(reply));
  }

  async call(command: Command): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.#pending.set(id, resolve);
      this.#child.send({ ...command, id });
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.result ?? {};
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}
