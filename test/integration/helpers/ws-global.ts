/**
 * Preloaded (`--import`) into Node peer processes: the `ws` WebSocket as the global Trystero uses,
 * with an 'error' listener. Node 20 has no global WebSocket, and `ws` is an EventEmitter: a tracker
 * that refuses the connection emits 'error', which with no listener throws and kills the process
 * (Trystero sets only onclose/onmessage/onopen). Browsers and Node 22's WebSocket just fire an event.
 */
import { WebSocket } from 'ws';

class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    // The close that follows is what Trystero reconnects on.
    this.on('error', () => {});
  }
}

(globalThis as { WebSocket?: unknown }).WebSocket ??= QuietWebSocket;
