import { P2PCore } from '../../src/p2p/p2p-core.ts';
import type { P2PEventMap, P2PEventName } from '../../src/p2p/events.ts';
import type { SegmentInfo, StreamInfo } from '../../src/p2p/segment.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeNetwork } from './fake-network.ts';
import { FakeOrigin } from './fake-origin.ts';

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function segments(count: number, options: { firstId?: number; startTime?: number; duration?: number; base?: string } = {}): SegmentInfo[] {
  const { firstId = 1, startTime = 10, duration = 2, base = 'https://origin.test/v/' } = options;
  return Array.from({ length: count }, (_, i) => ({
    id: String(firstId + i),
    url: `${base}seg${firstId + i}.m4s?token=${i}`,
    startTime: startTime + i * duration,
    duration,
  }));
}

export const vodStream: StreamInfo = { id: 'main|640x360|800000|avc1', type: 'main', isLive: false };
export const liveStream: StreamInfo = { id: 'main|640x360|800000|avc1', type: 'main', isLive: true };

/** Several cores in one process on a fake network, with one fake clock and one fake origin. */
export class Harness {
  readonly clock = new FakeClock();
  readonly network = new FakeNetwork();
  readonly origin = new FakeOrigin();
  readonly cores: P2PCore[] = [];
  readonly events: Array<{ core: string; name: P2PEventName; payload: unknown }> = [];

  constructor() {
    this.origin.now = () => this.clock.now();
  }

  core(name: string, config: Record<string, unknown> = {}): P2PCore {
    const core = new P2PCore({
      swarmId: 'swarm-1',
      config: { trackers: [], iceServers: [], ...config },
      deps: { transport: this.network.transport(name), clock: this.clock, fetch: this.origin.fetch, logger: silentLogger },
    });
    for (const name_ of ['peerConnected', 'peerDisconnected', 'segmentLoaded', 'segmentRejected', 'peerBanned', 'warning', 'segmentUploaded'] as const) {
      core.on(name_, (payload: P2PEventMap[typeof name_]) => this.events.push({ core: name, name: name_, payload }));
    }
    this.cores.push(core);
    return core;
  }

  eventsOf(core: string, name: P2PEventName): unknown[] {
    return this.events.filter((event) => event.core === core && event.name === name).map((event) => event.payload);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.cores.map((core) => core.destroy()));
  }
}
