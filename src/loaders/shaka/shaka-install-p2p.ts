/**
 * `installP2P(player, options)`: P2P for a page that runs Shaka Player itself. Call it before
 * `player.load()`. Reuses what `<p2p-video>`'s Shaka loader uses: `P2PSession`, `ShakaP2PBridge`
 * and the shared scheme plugin. The page's request filters keep working on Shaka's own requests
 * and are also applied to the core's origin fetches (then `p2p.httpRequest`).
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import { P2PHandle, type P2POptions } from '../p2p-handle.js';
import type { Shaka } from './shaka-module.js';
import { ShakaP2PBridge } from './shaka-p2p-bridge.js';
import { shakaRequestSetup } from './shaka-request-setup.js';

export interface ShakaP2POptions extends P2POptions {
  /**
   * The `shaka` namespace the player comes from (its networking classes are needed).
   * @default globalThis.shaka (Shaka loaded as a script)
   */
  shaka?: Shaka;
}

/** `installP2P()`'s answer: `stats`, `on()`, `destroy()` (also run by the player's `destroy()`). */
export class ShakaP2P extends P2PHandle {
  #teardown: (() => void) | undefined;

  /** @internal */
  setTeardown(teardown: () => void): void {
    this.#teardown = teardown;
  }

  override async destroy(): Promise<void> {
    this.#teardown?.();
    this.#teardown = undefined;
    await super.destroy();
  }
}

export function installP2P(player: shakaNamespace.Player, { shaka: given, ...options }: ShakaP2POptions = {}): ShakaP2P {
  const shaka = given ?? (globalThis as { shaka?: Shaka }).shaka;
  if (!shaka?.net?.NetworkingEngine) throw new TypeError('installP2P: pass the shaka namespace as options.shaka');
  const handle = new ShakaP2P({ options, engineRequestSetup: shakaRequestSetup({ shaka, player }) });
  const bridge = new ShakaP2PBridge({ shaka, player, session: handle.session });
  // Shaka fires `loading` once load() has started: the asset URI and the media element are known.
  const onLoading = (): void => {
    handle.session.attachVideo(player.getMediaElement() ?? undefined);
    const uri = player.getAssetUri();
    if (uri) handle.setSource(uri);
  };
  const onUnloading = (): void => handle.session.attachVideo(undefined);
  player.addEventListener('loading', onLoading);
  player.addEventListener('unloading', onUnloading);
  const restoreDestroy = endWithPlayer(player, handle);
  handle.setTeardown(() => {
    player.removeEventListener('loading', onLoading);
    player.removeEventListener('unloading', onUnloading);
    restoreDestroy();
    bridge.destroy();
  });
  return handle;
}

/**
 * Shaka fires no event when a player is destroyed, so the instance's `destroy()` is wrapped (the
 * prototype is not touched): the P2P side ends first, as `<p2p-video>`'s Shaka loader does, then
 * the player. Returns what undoes the wrap.
 */
function endWithPlayer(player: shakaNamespace.Player, handle: ShakaP2P): () => void {
  const ownDestroy = Object.prototype.hasOwnProperty.call(player, 'destroy') ? player.destroy : undefined;
  const destroyPlayer = player.destroy;
  const wrapped = async function (this: shakaNamespace.Player): Promise<void> {
    await handle.destroy();
    return destroyPlayer.call(this);
  };
  player.destroy = wrapped;
  return () => {
    if (player.destroy !== wrapped) return; // wrapped again by someone else: leave theirs in place
    if (ownDestroy) player.destroy = ownDestroy;
    else delete (player as Partial<shakaNamespace.Player>).destroy;
  };
}
