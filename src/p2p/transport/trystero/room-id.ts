import { libName } from '@trystero-p2p/core';
import { fnv1a } from '../../util/fnv1a.js';
import { globalSubtle, utf8 } from './web-platform.js';

/** The second lane of the room id (a different basis and multiplier, for 64 bits in all). */
const ROOM_ID_LANE_B = Object.freeze({ basis: 0x01000193, prime: 0x5bd1e995 });

/** Room ids are derived, not the raw swarm id (a manifest URL can be long and says what is watched). */
export function roomIdOf(swarmId: string): string {
  const a = fnv1a(swarmId);
  const b = fnv1a(swarmId, ROOM_ID_LANE_B);
  return `swarm-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/**
 * Trystero's room token (core `deriveRoomNamespace`): hex SHA-256 of `Trystero:appId:roomId`. It
 * prefixes every data frame of the room; the frame guard passes only the tokens of rooms we are in.
 */
export async function roomTokenOf(appId: string, roomId: string): Promise<string> {
  const subtle = globalSubtle();
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is unavailable: P2P needs a secure context (https:// or localhost)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', utf8(`${libName}:${appId}:${roomId}`)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
