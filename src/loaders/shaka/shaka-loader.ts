/**
 * DASH through Shaka Player 5's DASH-only build (imported on first use). With P2P on, segments
 * load through the core (`ShakaP2PBridge`); manifests always come from the origin. The player is
 * created and loads the manifest at once; the core starts in parallel (`P2PSession`).
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import { P2PSession } from '../p2p-session.js';
import { isProgressiveFile } from '../engine-registry.js';
import { MediaErrorCode, type EngineName, type MediaLoader, type MediaLoaderOptions, type PlayerError, type Rendition } from '../media-loader.js';
import { createPlayerError, invalidSrcError } from '../player-error.js';
import { RemotePlaybackGuard } from '../remote-playback.js';
import { assertRenditionIndex, renditionLabels } from '../rendition-label.js';
import { SHAKA_CRITICAL, isShakaError, isShakaInterruption, mapShakaError } from './shaka-error-mapper.js';
import { loadShaka, type Shaka } from './shaka-module.js';
import { ShakaP2PBridge } from './shaka-p2p-bridge.js';
import { ShakaAudioTracks } from './shaka-audio-tracks.js';

type Track = shakaNamespace.extern.Track;

const DASH_MIME_TYPE = 'application/dash+xml';

/** A video rendition with the variant tracks (one per audio track) that carry it. */
interface VideoRendition extends Rendition {
  tracks: Track[];
}

const videoKey = (track: Track): string => `${track.height ?? 0}|${track.videoBandwidth ?? track.bandwidth}`;

/** Video renditions from Shaka's variant tracks, deduplicated by height and video bandwidth, lowest first. */
export function toVideoRenditions(tracks: readonly Track[]): VideoRendition[] {
  const byKey = new Map<string, Track[]>();
  for (const track of tracks) {
    if (!track.videoCodec && !track.height) continue;
    const list = byKey.get(videoKey(track)) ?? [];
    list.push(track);
    byKey.set(videoKey(track), list);
  }
  const groups = [...byKey.values()].sort((a, b) => (a[0].videoBandwidth ?? a[0].bandwidth) - (b[0].videoBandwidth ?? b[0].bandwidth));
  const labels = renditionLabels(groups.map(([t]) => ({ height: t.height ?? undefined, bitrate: t.videoBandwidth ?? t.bandwidth })));
  return groups.map((group, index) => {
    const [first] = group;
    return {
      id: String(first.id),
      width: first.width ?? undefined,
      height: first.height ?? undefined,
      bitrate: first.videoBandwidth ?? first.bandwidth,
      codecs: first.videoCodec ?? undefined,
      label: labels[index],
      tracks: group,
    };
  });
}

export class ShakaLoader implements MediaLoader {
  readonly name: EngineName = 'shaka';
  readonly #options: MediaLoaderOptions;
  readonly #session: P2PSession;
  #player: shakaNamespace.Player | undefined;
  /** Shaka sets `disableRemotePlayback` for ManagedMediaSource and clears it on destroy, whatever the page had set. */
  #remotePlayback: RemotePlaybackGuard | undefined;
  #bridge: ShakaP2PBridge | undefined;
  #audio: ShakaAudioTracks | undefined;
  /**
   * `holdMedia`: Shaka has no manifest-only load (its preload() fetches the first segments too),
   * so `player.load()` itself waits for startMedia(): nothing is fetched before playback is wanted.
   */
  #held: (() => void) | undefined;
  #holding: boolean;
  #renditions: VideoRendition[] = [];
  #selected = -1;
  #playing = -1;

  constructor(options: MediaLoaderOptions) {
    this.#options = options;
    this.#holding = options.holdMedia === true;
    this.#session = new P2PSession(options);
  }

  get engine(): shakaNamespace.Player | undefined {
    return this.#player;
  }

  /** The core, once it has started (load() resolves after that). */
  get p2p(): P2PCore | undefined {
    return this.#session.current;
  }

  get renditions(): readonly Rendition[] {
    return this.#renditions.map(({ tracks: _tracks, ...rendition }) => rendition);
  }

  get selectedRendition(): number {
    return this.#selected;
  }

  /** -1 = automatic (ABR on). Other values turn ABR off and switch at once (buffer cleared). */
  set selectedRendition(index: number) {
    assertRenditionIndex(index, this.#renditions.length);
    this.#selected = index;
    this.#applySelection();
  }

  /** Index into the last `audiotracks` list (Shaka's active audio track); -1 before the manifest. */
  get selectedAudioTrack(): number {
    return this.#audio?.selected ?? -1;
  }

  set selectedAudioTrack(index: number) {
    if (this.#audio) this.#audio.selected = index;
  }

  /** Resolves once the manifest is loaded (or the load failed) and the core, if any, has started or failed to. */
  async load(): Promise<void> {
    const invalid = invalidSrcError(this.#options.src);
    if (invalid) return this.#fail(invalid);
    await this.#loadPlayer();
    if (!this.#session.failed && !this.#holding) await this.#session.core();
  }

  /** Ends `holdMedia`: Shaka loads the manifest and segments, the core starts. Safe to call again. */
  startMedia(): void {
    if (!this.#holding || this.#session.destroyed) return;
    this.#holding = false;
    this.#held?.();
  }

  async destroy(): Promise<void> {
    if (this.#session.destroyed) return;
    this.#bridge?.destroy();
    const player = this.#player;
    this.#player = undefined;
    await player?.destroy().catch(() => undefined);
    this.#remotePlayback?.restore();
    await this.#session.destroy();
  }

  async #loadPlayer(): Promise<void> {
    let shaka: Shaka;
    try {
      shaka = await loadShaka();
    } catch (error) {
      return this.#fail(createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'engine-error', message: `Shaka Player failed to load: ${(error as Error).message}` }));
    }
    if (this.#session.destroyed) return;
    if (!shaka.Player.isBrowserSupported()) {
      return this.#fail(createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'unsupported-browser', message: 'Shaka Player does not support this browser' }));
    }
    const player = this.#createPlayer(shaka);
    this.#remotePlayback = new RemotePlaybackGuard(this.#options.video);
    try {
      await player.attach(this.#options.video);
    } catch (error) {
      return this.#fail(mapShakaError(error));
    }
    if (this.#session.destroyed) return;
    // Held: load() resolves now (a new source must not wait behind it), startMedia() loads.
    if (this.#holding) this.#held = () => void this.#loadSource(player);
    else await this.#loadSource(player);
  }

  async #loadSource(player: shakaNamespace.Player): Promise<void> {
    this.#held = undefined;
    try {
      // This is the DASH-only build: say so, or Shaka falls back to the browser's own player for
      // a URL it cannot classify and reports a media error instead of "not a manifest".
      const loading = player.load(this.#options.src, null, isProgressiveFile(this.#options.src) ? undefined : DASH_MIME_TYPE);
      this.#options.emit('sourceloading', { src: this.#options.src });
      // The core starts once the manifest is on its way (its module is preloaded): only the first
      // segment request awaits it.
      this.#session.start();
      await loading;
    } catch (error) {
      if (isShakaError(error) && isShakaInterruption(error)) return;
      return this.#fail(mapShakaError(error));
    }
    if (this.#session.destroyed) return;
    this.#updateRenditions();
    this.#applySelection();
    this.#audio?.update();
    const isLive = player.isLive();
    const config = player.getConfiguration() as { manifest?: { defaultPresentationDelay?: number } };
    const delay = config.manifest?.defaultPresentationDelay;
    this.#options.emit('live', { isLive, targetLiveOffsetSeconds: isLive && delay ? delay : undefined });
  }

  #createPlayer(shaka: Shaka): shakaNamespace.Player {
    const player = new shaka.Player();
    this.#player = player;
    if (this.#options.engineConfig) player.configure(this.#options.engineConfig);
    if (this.#session.enabled) this.#bridge = new ShakaP2PBridge({ shaka, player, session: this.#session });
    player.addEventListener('error', (event) => {
      const error = (event as unknown as { detail?: unknown }).detail;
      if (isShakaError(error) && (isShakaInterruption(error) || error.severity !== SHAKA_CRITICAL)) return;
      this.#fail(mapShakaError(error));
    });
    this.#audio = new ShakaAudioTracks({ player, emit: this.#options.emit });
    player.addEventListener('trackschanged', () => this.#updateRenditions());
    player.addEventListener('adaptation', () => this.#reportPlaying());
    player.addEventListener('variantchanged', () => this.#reportPlaying());
    return player;
  }

  #updateRenditions(): void {
    const player = this.#player;
    if (!player || this.#session.destroyed) return;
    const next = toVideoRenditions(player.getVariantTracks());
    const same = next.length === this.#renditions.length && next.every((r, i) => r.id === this.#renditions[i].id);
    this.#renditions = next;
    if (!same) this.#options.emit('renditions', { renditions: this.renditions as Rendition[] });
    this.#reportPlaying();
  }

  #reportPlaying(): void {
    const active = this.#player?.getVariantTracks().find((track) => track.active);
    if (!active) return;
    const index = this.#renditions.findIndex((r) => r.tracks.some((track) => track.id === active.id));
    if (index === -1 || index === this.#playing) return;
    this.#playing = index;
    this.#options.emit('renditionchange', { index });
  }

  #applySelection(): void {
    const player = this.#player;
    if (!player || this.#renditions.length === 0) return;
    if (this.#selected === -1) {
      player.configure({ abr: { enabled: true } });
      return;
    }
    const rendition = this.#renditions[this.#selected];
    const active = player.getVariantTracks().find((track) => track.active);
    // Keep the audio the viewer has: pick the variant of this video with the active audio track.
    const track = rendition.tracks.find((t) => t.audioId === active?.audioId) ?? rendition.tracks[0];
    player.configure({ abr: { enabled: false } });
    player.selectVariantTrack(track, true);
  }

  #fail(error: PlayerError): void {
    this.#session.fail(error);
  }
}
