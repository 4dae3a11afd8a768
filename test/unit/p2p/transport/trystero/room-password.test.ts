import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { RoomPasswordDerivation, deriveRoomPassword, roomPasswordSalt } from '../../../../../src/p2p/transport/trystero/room-password.ts';

describe('deriveRoomPassword', () => {
  it('is PBKDF2-HMAC-SHA-256, 300,000 iterations, salted by app and swarm id (pinned: every peer must agree)', async () => {
    assert.equal(RoomPasswordDerivation.iterations, 300_000);
    assert.deepEqual(Buffer.from(roomPasswordSalt({ appId: 'app', swarmId: 'https://x/m.m3u8' })).toString(), 'p2p-video/room-password/v1\u0000app\u0000https://x/m.m3u8');
    const expected = pbkdf2Sync('s3cret', 'p2p-video/room-password/v1\u0000app\u0000https://x/m.m3u8', 300_000, 32, 'sha256').toString('hex');
    assert.equal(await deriveRoomPassword({ appId: 'app', swarmId: 'https://x/m.m3u8', password: 's3cret' }), expected);
  });

  it('differs per swarm and per app', async () => {
    const a = await deriveRoomPassword({ appId: 'app', swarmId: 'one', password: 'pw' });
    assert.notEqual(a, await deriveRoomPassword({ appId: 'app', swarmId: 'two', password: 'pw' }));
    assert.notEqual(a, await deriveRoomPassword({ appId: 'other', swarmId: 'one', password: 'pw' }));
  });

  it('is derived once per (app, swarm, password): a re-join reuses it', async () => {
    let calls = 0;
    const subtle = {
      importKey: async () => (calls++, {}),
      deriveBits: async () => new Uint8Array(32).fill(7).buffer,
      digest: async () => new ArrayBuffer(32),
      decrypt: async () => new ArrayBuffer(0),
    };
    const options = { appId: 'cache-test', swarmId: 's', password: 'p', subtle };
    const first = await deriveRoomPassword(options);
    assert.equal(await deriveRoomPassword(options), first);
    assert.equal(calls, 1);
    assert.equal(first, '07'.repeat(32));
  });
});
