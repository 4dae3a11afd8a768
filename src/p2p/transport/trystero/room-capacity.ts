/**
 * How full each joined room is, for the torrent strategy (module state like Trystero's, one per
 * page): a room at `maxPeers` sends no offers and answers none (see announce-plan.ts).
 */

/** How full each room is (`appId\u0000roomId` → peers connected and `maxPeers`), set by its connection. */
const roomCapacities: Record<string, () => { connected: number; max: number }> = {};
const capacityKey = (appId: string, roomId: string) => `${appId}\u0000${roomId}`;

/** Tells the strategy how full a room is (rooms without one are never full); returns the function that forgets it. */
export function setRoomCapacity(options: { appId: string; roomId: string; capacity: () => { connected: number; max: number } }): () => void {
  const key = capacityKey(options.appId, options.roomId);
  roomCapacities[key] = options.capacity;
  return () => {
    if (roomCapacities[key] === options.capacity) delete roomCapacities[key];
  };
}

/** Peers connected and `maxPeers` of a room, or undefined when its connection has not said (never full). */
export function roomCapacity(appId: string, roomId: string): { connected: number; max: number } | undefined {
  return roomCapacities[capacityKey(appId, roomId)]?.();
}
