import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolCodec } from '../../../../src/p2p/protocol/protocol-codec.ts';
import { ProtocolViolation, type ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';

const codec = new ProtocolCodec({ maxSegmentBytes: 1024 * 1024 });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

// Golden bytes: changing any of these breaks interoperability with deployed peers (bump PROTOCOL_VERSION).
const golden: Array<[string, ProtocolMessage, string]> = [
  ['hello', { type: 'hello', version: 1, uploadEnabled: true }, '01 01 01'],
  ['hello without upload', { type: 'hello', version: 1, uploadEnabled: false }, '01 01 00'],
  ['have full, numeric ids', { type: 'have', streamId: 'v1', mode: 0, segmentIds: ['0', '127', '128'] }, '02 02 7631 00 03 0000 007f 008001'],
  ['have add, string id', { type: 'have', streamId: 'a', mode: 1, segmentIds: ['t12.5'] }, '02 01 61 01 01 01 05 7431322e35'],
  ['have remove, leading zero is a string', { type: 'have', streamId: 'a', mode: 2, segmentIds: ['007'] }, '02 01 61 02 01 01 03 303037'],
  ['loading', { type: 'loading', streamId: 'a', segmentIds: ['300'] }, '03 01 61 01 00ac02'],
  ['request', { type: 'request', requestId: 5, streamId: 'a', segmentId: '42' }, '04 05 01 61 00 2a'],
  ['data-header', { type: 'data-header', requestId: 5, totalBytes: 70000 }, '05 05 f0a204'],
  ['data-chunk', { type: 'data-chunk', requestId: 5, offsetBytes: 65536, bytes: new Uint8Array([1, 2, 3]) }, '06 05 808004 010203'],
  ['absent', { type: 'absent', requestId: 300 }, '07 ac02'],
  ['cancel', { type: 'cancel', requestId: 0 }, '08 00'],
];

describe('ProtocolCodec', () => {
  for (const [name, message, bytes] of golden) {
    it(`encodes ${name} to its golden bytes and back`, () => {
      const encoded = codec.encode(message);
      assert.equal(hex(encoded), bytes.replace(/\s+/g, ''));
      assert.deepEqual(codec.decode(encoded), message);
    });
  }

  it('round-trips a unicode string id and a large numeric id', () => {
    const message: ProtocolMessage = { type: 'request', requestId: 2 ** 32 - 1, streamId: 'main:ü', segmentId: String(Number.MAX_SAFE_INTEGER) };
    assert.deepEqual(codec.decode(codec.encode(message)), message);
  });

  const malformed: Array<[string, string]> = [
    ['empty message', ''],
    ['unknown command', '09'],
    ['command zero', '00'],
    ['truncated hello', '01 01'],
    ['hello with unknown flags', '01 01 02'],
    ['trailing bytes', '08 00 00'],
    ['truncated varint', '07 80'],
    ['over-long varint', '07 8080808080808080 01'],
    ['non-minimal varint', '07 8000'],
    ['request id above 2^32', '07 8080808010'],
    ['have with unknown mode', '02 01 61 03 00'],
    ['have with a truncated id list', '02 01 61 00 02 0001'],
    ['have with too many ids', '02 01 61 00 8104'],
    ['unknown segment id kind', '04 01 01 61 02 00'],
    ['empty string segment id', '04 01 01 61 01 00'],
    ['string longer than the message', '04 01 05 61'],
    ['stream id above the cap', '04 01 8102'],
    ['invalid UTF-8', '04 01 01 ff 00 01'],
    ['data-header above maxSegmentBytes', '05 01 8180c000'],
    ['empty data-chunk', '06 01 00'],
    ['data-chunk beyond maxSegmentBytes', '06 01 ffff3f 0102'],
  ];
  for (const [name, bytes] of malformed) {
    it(`rejects ${name} with a ProtocolViolation`, () => {
      assert.throws(() => codec.decode(fromHex(bytes)), ProtocolViolation);
    });
  }

  it('rejects a data-chunk above 64 KiB', () => {
    const big = new Uint8Array(3 + 64 * 1024 + 1);
    big.set([6, 1, 0]);
    assert.throws(() => codec.decode(big), ProtocolViolation);
  });

  it('refuses to encode oversized fields', () => {
    assert.throws(() => codec.encode({ type: 'request', requestId: 1, streamId: 'a', segmentId: 'x'.repeat(129) }), RangeError);
    assert.throws(() => codec.encode({ type: 'have', streamId: 'a', mode: 0, segmentIds: new Array(513).fill('1') }), RangeError);
    assert.throws(() => codec.encode({ type: 'absent', requestId: -1 }), RangeError);
  });

  it('stream ids encoded from its cache: repeated and many distinct ids give the same bytes; a too-long one throws every time', () => {
    const url = (i: number) => `https://cdn.example/live/event-${i}/720p/index.m3u8`;
    const message = (i: number): ProtocolMessage => ({ type: 'have', streamId: url(i), mode: 1, segmentIds: ['1', '2'] });
    const first = hex(codec.encode(message(0)));
    for (let i = 0; i < 100; i++) assert.deepEqual(codec.decode(codec.encode(message(i))), message(i));
    assert.equal(hex(codec.encode(message(0))), first, 'after the cache turned over');
    assert.ok(first.startsWith(`02${url(0).length.toString(16)}${Buffer.from(url(0)).toString('hex')}01`), 'command, length, UTF-8, mode as before');
    const long = { type: 'loading', streamId: 'ü'.repeat(200), segmentIds: [] } as const;
    for (let i = 0; i < 2; i++) assert.throws(() => codec.encode(long), RangeError);
  });
});
