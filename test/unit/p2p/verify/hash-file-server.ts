/** A real local HTTP server (127.0.0.1, ephemeral port) whose answers a test sets per path. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `hang` never answers (for timeouts); a string is served as JSON with status 200. */
export type Answer = string | { status: number; body: string } | 'hang';

export interface HashFileServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests received per path. */
  hits: Map<string, number>;
  set(path: string, answer: Answer): void;
  close(): Promise<void>;
}

export async function startHashFileServer(): Promise<HashFileServer> {
  const answers = new Map<string, Answer>();
  const hits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = answers.get(path) ?? { status: 404, body: 'not found' };
    if (answer === 'hang') {
      hanging.add(response);
      return;
    }
    const { status, body } = typeof answer === 'string' ? { status: 200, body: answer } : answer;
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    set: (path, answer) => answers.set(path, answer),
    close: () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
