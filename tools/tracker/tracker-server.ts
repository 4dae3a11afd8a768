/**
 * A local WebTorrent (WebSocket) tracker for development, tests and the benchmark: bittorrent-tracker
 * with UDP, HTTP announces and stats off. Trystero's torrent strategy and P2P Media Loader both
 * signal through it.
 *
 * It can be closed and started again on the same port (`startTracker({ port: tracker.port })`) to
 * test a tracker outage.
 *
 * CLI: `node --import tsx tools/tracker/tracker-server.ts [--port 8190] [--host 127.0.0.1]`
 */
// The package root would also load the client and its native WebRTC module: import the server only.
import Server from 'bittorrent-tracker/server';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebSocket } from 'ws';

export interface TrackerOptions {
  /** @default 8190 (0 = an ephemeral port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

export interface TrackerServer {
  /** `ws://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** WebSocket clients connected now. */
  peers(): number;
  /** Messages received from clients since start (announces, answers): the tracker's load. */
  messagesReceived(): number;
  /** The same messages by kind (`messageKindOf`), to see where a client's tracker cost goes. */
  messagesByKind(): Record<TrackerMessageKind, number>;
  /** The largest message received, bytes (aquatic_ws refuses frames over 16 KiB). */
  largestMessageBytes(): number;
  /** Closes every client connection and the listening socket. Safe to call twice. */
  close(): Promise<void>;
}

interface BittorrentTrackerServer {
  http: import('node:http').Server;
  ws: { on(event: 'connection', listener: (socket: WebSocket) => void): void };
  on(event: 'error' | 'warning', listener: (error: Error) => void): void;
  once(event: 'listening' | 'error', listener: (error?: Error) => void): void;
  off(event: 'error', listener: (error: Error) => void): void;
  listen(port: number, host: string): void;
  close(callback: () => void): void;
}

export type TrackerMessageKind = 'offers' | 'answer' | 'announce' | 'stopped' | 'other';

/** An announce with offers, an answer, a plain announce (no offers: keeps the peer listed), a leave, or else. */
export function messageKindOf(raw: unknown): TrackerMessageKind {
  let data: unknown;
  try {
    data = JSON.parse(String(raw));
  } catch {
    return 'other';
  }
  if (typeof data !== 'object' || data === null || (data as { action?: unknown }).action !== 'announce') return 'other';
  const message = data as { answer?: unknown; offers?: unknown; event?: unknown };
  if (message.event === 'stopped') return 'stopped';
  if (message.answer !== undefined) return 'answer';
  return Array.isArray(message.offers) && message.offers.length > 0 ? 'offers' : 'announce';
}

export async function startTracker(options: TrackerOptions = {}): Promise<TrackerServer> {
  const host = options.host ?? '127.0.0.1';
  const server = new Server({ udp: false, http: false, ws: true, stats: false }) as unknown as BittorrentTrackerServer;
  const sockets = new Set<WebSocket>();
  let messages = 0;
  let largest = 0;
  const byKind: Record<TrackerMessageKind, number> = { offers: 0, answer: 0, announce: 0, stopped: 0, other: 0 };
  server.ws.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('message', (raw: Buffer) => {
      messages++;
      largest = Math.max(largest, raw.byteLength);
      byKind[messageKindOf(raw)]++;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  // Bad client messages surface as 'warning'; a tracker for tests must not crash on them.
  server.on('warning', () => {});
  const port = await listen(server, { port: options.port ?? 8190, host });
  // After listening, a server error (rare) must not become an unhandled 'error' event.
  server.on('error', (error) => console.error(`tracker ${host}:${port}: ${error.message}`));
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host}:${port}`,
    port,
    peers: () => sockets.size,
    messagesReceived: () => messages,
    messagesByKind: () => ({ ...byKind }),
    largestMessageBytes: () => largest,
    close: () => {
      closing ??= new Promise<void>((resolveClose) => {
        for (const socket of sockets) socket.terminate();
        server.close(() => resolveClose());
        server.http.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: BittorrentTrackerServer, at: { port: number; host: string }): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: Error & { code?: string }) => {
      reject(new Error(`tracker cannot listen on ${at.host}:${at.port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.on('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const address = server.http.address();
      resolvePort(typeof address === 'object' && address ? address.port : at.port);
    });
    server.listen(at.port, at.host);
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const tracker = await startTracker({ port: Number(option('port') ?? 8190), host: option('host') });
  console.log(`tracker: ${tracker.url}`);
  process.on('SIGINT', () => void tracker.close().then(() => process.exit(0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
