import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** One message a client sent, as the tracker got it. */
export interface RecordedMessage {
  /** Which client connection (1, 2, …) sent it. */
  connection: number;
  raw: string;
  bytes: number;
  binary: boolean;
  atMs: number;
}

/**
 * A WebSocket proxy in front of a real tracker that records every message clients send (and
 * relays both ways unchanged), so a test can hold our client's real announces and answers against
 * the rules of trackers that cannot run here (aquatic_ws, wt-tracker).
 */
export class RecordingTracker {
  readonly messages: RecordedMessage[] = [];
  readonly #server: WebSocketServer;
  readonly #upstream: string;
  #connections = 0;

  private constructor(server: WebSocketServer, upstream: string) {
    this.#server = server;
    this.#upstream = upstream;
    server.on('connection', (client) => this.#relay(client));
  }

  static async start(upstreamUrl: string, port = 0): Promise<RecordingTracker> {
    const server = new WebSocketServer({ port, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    return new RecordingTracker(server, upstreamUrl);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The recorded messages parsed (every one must be JSON: the test asserts that separately). */
  parsed(): Array<RecordedMessage & { json: Record<string, unknown> }> {
    return this.messages.flatMap((m) => {
      try {
        return [{ ...m, json: JSON.parse(m.raw) as Record<string, unknown> }];
      } catch {
        return [];
      }
    });
  }

  close(): Promise<void> {
    // Trystero keeps its tracker sockets after leaving; ws's close() would wait for them.
    for (const client of this.#server.clients) client.terminate();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client: WebSocket): void {
    const connection = ++this.#connections;
    const upstream = new WebSocket(this.#upstream);
    const pending: Array<{ data: Buffer; binary: boolean }> = [];
    upstream.on('open', () => pending.splice(0).forEach(({ data, binary }) => upstream.send(data, { binary })));
    upstream.on('message', (data, binary) => client.readyState === WebSocket.OPEN && client.send(data as Buffer, { binary }));
    upstream.on('close', () => client.terminate());
    upstream.on('error', () => client.terminate());
    client.on('close', () => upstream.terminate());
    client.on('message', (data, binary) => {
      const buffer = data as Buffer;
      this.messages.push({ connection, raw: buffer.toString('utf8'), bytes: buffer.byteLength, binary, atMs: performance.now() });
      if (upstream.readyState === WebSocket.OPEN) upstream.send(buffer, { binary });
      else pending.push({ data: buffer, binary });
    });
  }
}
