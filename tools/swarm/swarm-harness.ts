/**
 * Real swarms on one machine: a local origin (its byte counters are the truth about origin
 * traffic), a local WebTorrent tracker, a static server for the subject pages, and one headless
 * Chromium in which every viewer is its own browser context. Used by test/swarm and bench/.
 *
 *   const harness = await SwarmHarness.start();
 *   const a = await harness.openViewer({ subject: 'p2p-video', src: harness.streamUrl('/vod/hls-ts/master.m3u8'), swarmId });
 *   …
 *   await harness.close();
 */
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { startSwarmPageServer, type SwarmPageServer } from './swarm-page-server.ts';
import { ensurePmlBundle } from './swarm-pml-bundle.ts';
import { isSwarmSubject, type SwarmSubject } from './swarm-subject-pages.ts';
import { SwarmViewer } from './swarm-viewer.ts';

/** What the harness uses of tools/origin/origin-server.ts. */
export interface SwarmOrigin {
  url: string;
  stats(): {
    segmentBytes: number;
    segmentRequests: number;
    manifestBytes: number;
    byPath?: unknown;
    /** Segment traffic per viewer (its `index`), when the origin counts by the User-Agent token. */
    byClient?: Record<string, { segmentBytes: number; segmentRequests: number }>;
  };
  resetStats(): void;
  setFault?(fault: unknown): void;
  close(): Promise<void>;
}

/** What the harness uses of tools/tracker/tracker-server.ts. */
export interface SwarmTracker {
  url: string;
  port?: number;
  /** Messages received from clients since this tracker started. */
  messagesReceived?(): number;
  close(): Promise<void>;
}

type Origin = SwarmOrigin;
type Tracker = SwarmTracker;

export interface SwarmHarnessOptions {
  /** Media directory the origin serves. @default the origin's default (the committed media/) */
  mediaDir?: string;
  /**
   * Directory of the `<p2p-video>` build to test (to compare builds).
   * @default env P2P_VIDEO_DIST, else `<repo>/dist`
   */
  distDir?: string;
  /** Diagnostics sink. @default no logging */
  log?: (line: string) => void;
  /** Starts the origin. @default `startOrigin` of tools/origin/origin-server.ts */
  startOrigin?: (options: { port: number; mediaDir?: string }) => Promise<SwarmOrigin>;
  /** Starts the tracker. @default `startTracker` of tools/tracker/tracker-server.ts */
  startTracker?: (options: { port: number }) => Promise<SwarmTracker>;
}

export interface OpenSwarmViewerOptions {
  subject: SwarmSubject;
  /** Absolute stream URL, see `streamUrl()`. */
  src: string;
  /** Swarm id for P2P subjects; use a fresh one per scenario run. */
  swarmId: string;
  /**
   * `<p2p-video>` only: URL of a `segments-sha256.json` the page sets as `config.p2p.integrityUrl`.
   * @default none
   */
  integrityUrl?: string;
}

let swarmCounter = 0;

export class SwarmHarness {
  readonly origin: Origin;
  #tracker: Tracker;
  #startTracker: (options: { port: number }) => Promise<SwarmTracker>;
  #trackerPort: number;
  /** Messages counted by trackers of this harness that have since been stopped. */
  #stoppedTrackerMessages = 0;
  #trackerStopped = false;
  readonly pages: SwarmPageServer;
  readonly browser: Browser;
  #viewers = new Set<SwarmViewer>();
  #nextIndex = 0;
  #log: (line: string) => void;
  #closed = false;

  private constructor(parts: {
    origin: Origin;
    tracker: Tracker;
    startTracker: (options: { port: number }) => Promise<SwarmTracker>;
    pages: SwarmPageServer;
    browser: Browser;
    log: (line: string) => void;
  }) {
    this.origin = parts.origin;
    this.#tracker = parts.tracker;
    this.#startTracker = parts.startTracker;
    this.#trackerPort = parts.tracker.port ?? Number(new URL(parts.tracker.url).port);
    this.pages = parts.pages;
    this.browser = parts.browser;
    this.#log = parts.log;
  }

  /** Starts every part on ephemeral ports; on failure stops what already started. */
  static async start(options: SwarmHarnessOptions = {}): Promise<SwarmHarness> {
    const log = options.log ?? (() => {});
    const started: { close(): Promise<void> }[] = [];
    try {
      const startOrigin = options.startOrigin ?? (await import('../origin/origin-server.ts')).startOrigin;
      const startTracker = options.startTracker ?? (await import('../tracker/tracker-server.ts')).startTracker;
      const origin = await startOrigin(options.mediaDir ? { port: 0, mediaDir: options.mediaDir } : { port: 0 });
      started.push(origin);
      const tracker = await startTracker({ port: 0 });
      started.push(tracker);
      const pages = await startSwarmPageServer({ distDir: options.distDir ?? process.env.P2P_VIDEO_DIST });
      started.push(pages);
      const browser = await chromium.launch(chromiumLaunchOptions());
      started.push(browser);
      log(`swarm harness: origin ${origin.url}, tracker ${tracker.url}, pages ${pages.url}`);
      return new SwarmHarness({ origin, tracker, startTracker, pages, browser, log });
    } catch (error) {
      for (const part of started.reverse()) await part.close().catch(() => undefined);
      throw error;
    }
  }

  /** The tracker now running (a new object after `restartTracker()`). */
  get tracker(): Tracker {
    return this.#tracker;
  }

  /** Stops the tracker (its clients lose their connection); its port stays this run's tracker URL. */
  async stopTracker(): Promise<void> {
    this.#countStoppedTracker();
    await this.#tracker.close();
    this.#log('tracker stopped');
  }

  /** Starts the tracker again on the same port (after `stopTracker()`), so pages' tracker URL works again. */
  async restartTracker(): Promise<void> {
    this.#countStoppedTracker();
    await this.#tracker.close();
    this.#tracker = await this.#startTracker({ port: this.#trackerPort });
    this.#trackerStopped = false;
    this.#log(`tracker restarted on port ${this.#trackerPort}`);
  }

  /** Messages every tracker of this harness received (across restarts); undefined if the tracker cannot count. */
  trackerMessages(): number | undefined {
    if (!this.#tracker.messagesReceived) return undefined;
    return this.#stoppedTrackerMessages + (this.#trackerStopped ? 0 : this.#tracker.messagesReceived());
  }

  #countStoppedTracker(): void {
    if (!this.#trackerStopped) this.#stoppedTrackerMessages += this.#tracker.messagesReceived?.() ?? 0;
    this.#trackerStopped = true;
  }

  /** Absolute URL of a stream on the origin, e.g. `streamUrl('/vod/hls-ts/master.m3u8')`. */
  streamUrl(path: string): string {
    return new URL(path, this.origin.url).href;
  }

  /** A swarm id no earlier run in this process used, so runs never share peers or caches. */
  freshSwarmId(label: string): string {
    swarmCounter += 1;
    return `${label}-${process.pid}-${Date.now().toString(36)}-${swarmCounter}`;
  }

  /** Opens a new viewer (own browser context, own page). */
  async openViewer({ subject, src, swarmId, integrityUrl }: OpenSwarmViewerOptions): Promise<SwarmViewer> {
    if (this.#closed) throw new Error('swarm harness is closed');
    if (!isSwarmSubject(subject)) throw new Error(`unknown swarm subject '${subject}'`);
    if (subject === 'pml') await ensurePmlBundle();
    const params: Record<string, string> = { src, tracker: this.tracker.url, swarm: swarmId };
    if (integrityUrl !== undefined) params.integrity = integrityUrl;
    const url = this.pages.pageUrl(subject, params);
    const viewer = await SwarmViewer.open({ browser: this.browser, url, subject, index: this.#nextIndex++ });
    this.#viewers.add(viewer);
    this.#log(`viewer ${viewer.index} (${subject}) opened`);
    return viewer;
  }

  /** Closes every viewer still open (their last reports stay readable). */
  async closeViewers(): Promise<void> {
    await Promise.all([...this.#viewers].map((v) => v.close()));
    this.#viewers.clear();
  }

  /** Stops everything. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.closeViewers();
    await this.browser.close().catch(() => undefined);
    await this.pages.close().catch(() => undefined);
    await this.tracker.close().catch(() => undefined);
    await this.origin.close().catch(() => undefined);
  }
}
