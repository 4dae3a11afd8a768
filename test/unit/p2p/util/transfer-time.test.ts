import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRANSFER_MS, expectedTransferMs } from '../../../../src/p2p/util/transfer-time.ts';

test('expectedTransferMs: bytes over throughput', () => {
  assert.equal(expectedTransferMs({ bytesPerMs: 1000, expectedBytes: 500_000 }), 500);
});

test('expectedTransferMs: a segment of unknown size counts as 1 MiB', () => {
  assert.equal(expectedTransferMs({ bytesPerMs: 1024, expectedBytes: undefined }), 1024);
});

test('expectedTransferMs: the default before any throughput sample, whatever the size', () => {
  assert.equal(expectedTransferMs({ bytesPerMs: undefined, expectedBytes: 500_000 }), DEFAULT_TRANSFER_MS);
  assert.equal(expectedTransferMs({ bytesPerMs: undefined, expectedBytes: undefined }), 1000);
});
