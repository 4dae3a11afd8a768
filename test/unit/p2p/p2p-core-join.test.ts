import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { P2PCore } from '../../../src/p2p/p2p-core.ts';
import { FakeClock, flush } from '../../fakes/fake-clock.ts';
import { FakeNetwork } from '../../fakes/fake-network.ts';
import { FakeOrigin } from '../../fakes/fake-origin.ts';
import { segments, silentLogger, vodStream } from '../../fakes/core-harness.ts';

const cores: P2PCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.destroy()));
});

function makeCore(name: string, network: FakeNetwork, options: { autoJoin?: boolean } = {}): { core: P2PCore; joins: () => number } {
  let joins = 0;
  const transport = network.transport(name);
  const core = new P2PCore({
    swarmId: 'swarm-1',
    config: { trackers: [], iceServers: [] },
    autoJoin: options.autoJoin,
    deps: { transport: { join: (args) => (joins++, transport.join(args)) }, clock: new FakeClock(), fetch: new FakeOrigin().fetch, logger: silentLogger },
  });
  cores.push(core);
  return { core, joins: () => joins };
}

describe('P2PCore join', () => {
  it('joins on first use by default', async () => {
    const { core, joins } = makeCore('A', new FakeNetwork());
    core.setStreamSegments(vodStream, segments(2));
    await flush();
    assert.equal(joins(), 1);
  });

  it('with autoJoin false, loads over HTTP without joining until join() is called, once', async () => {
    const network = new FakeNetwork();
    const { core, joins } = makeCore('A', network, { autoJoin: false });
    const list = segments(2);
    core.setStreamSegments(vodStream, list);
    const response = await core.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.equal(response.source, 'http');
    await flush();
    assert.equal(joins(), 0);
    core.join();
    core.join();
    await flush();
    assert.equal(joins(), 1);
    const other = makeCore('B', network);
    other.core.setStreamSegments(vodStream, list);
    await flush();
    assert.equal(core.stats.peers, 1, 'connected after join()');
  });

  it('join() after destroy() does nothing', async () => {
    const { core, joins } = makeCore('A', new FakeNetwork(), { autoJoin: false });
    await core.destroy();
    core.join();
    await flush();
    assert.equal(joins(), 0);
  });
});
