/**
 * One viewer of a swarm: its own browser context (so viewers share nothing but the network) with
 * one subject page, and what the in-page probe recorded.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A segment the player loaded (from any source), as the probe saw it. */
export interface LoadedSegment {
  /** URL path: the same segment has the same key for every viewer. */
  key: string;
  type: string;
  rendition: string;
  startSeconds: number;
  durationSeconds: number;
  bytes: number;
  loadedAtMs: number;
}

export interface Stall {
  /** ms since the page's navigation start. */
  startMs: number;
  durationMs: number;
  /** Still stalled when the report was taken. */
  open?: boolean;
}

/** Raw probe report (see swarm-probe.browser.js). Times are ms since the page's navigation start. */
export interface ProbeReport {
  sinceLoadMs: number;
  firstPlayingMs: number | undefined;
  stalls: Stall[];
  errors: { atMs: number; message: string }[];
  pageErrors: { atMs: number; message: string }[];
  segments: LoadedSegment[];
  /** `video.played` as [start, end] seconds. */
  played: [number, number][];
  currentTime: number;
  paused: boolean;
  engineName: string | undefined;
  p2p: {
    stats: Record<string, unknown> | undefined;
    /** Per source: segments, bytes, and when the first arrived (ms since navigation start). */
    bySource: Record<string, { count: number; bytes: number; firstAtMs: number }>;
    peerConnects: number;
    peerDisconnects: number;
    warnings: string[];
    /** Origin requests and bytes by reason, tallied from `p2psegmentload` details' `httpReason` (empty without it). */
    httpByReasonFromEvents?: Record<string, { requests: number; bytes: number }>;
  };
  /** First time each probe milestone happened (`element-defined`, `engine-created`, `media-playing`, …). */
  marks: Record<string, number>;
  /** Everything the page fetched (resource timing). */
  resources: ResourceEntry[];
  /** The picture's height over time: [ms since navigation start, videoHeight], kept when it changes. */
  heights: [number, number][];
  /** `videoHeight` when the report was taken (0 before the first frame). */
  videoHeight: number;
}

/** A resource-timing entry of the page, ms since navigation start. */
export interface ResourceEntry {
  url: string;
  initiator: string;
  startMs: number;
  endMs: number;
}

export interface ViewerReport extends ProbeReport {
  subject: string;
  index: number;
  /** Navigation start → first `playing`, ms; undefined if it never played. */
  startupMs: number | undefined;
  stallCount: number;
  stallTotalMs: number;
  /** `console.error` lines of the page (diagnostics only). */
  consoleErrors: string[];
  closed: boolean;
}

const PAGE_LOAD_TIMEOUT_MS = 20000;
/** A page whose main thread does not answer within this is reported as unresponsive. */
const PROBE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`page unresponsive for ${timeoutMs} ms (main thread blocked?)`)), timeoutMs);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface OpenViewerOptions {
  browser: Browser;
  url: string;
  subject: string;
  index: number;
}

export class SwarmViewer {
  readonly subject: string;
  readonly index: number;
  readonly page: Page;
  #context: BrowserContext;
  #consoleErrors: string[] = [];
  #lastReport: ViewerReport | undefined;
  #loadError: unknown;
  #closed = false;

  private constructor(options: { context: BrowserContext; page: Page; subject: string; index: number }) {
    this.#context = options.context;
    this.page = options.page;
    this.subject = options.subject;
    this.index = options.index;
    this.page.on('console', (msg) => {
      if (msg.type() === 'error' && this.#consoleErrors.length < 50) this.#consoleErrors.push(msg.text());
    });
    this.page.on('pageerror', (error) => {
      if (this.#consoleErrors.length < 50) this.#consoleErrors.push(`pageerror: ${error.message}`);
    });
  }

  static async open({ browser, url, subject, index }: OpenViewerOptions): Promise<SwarmViewer> {
    // The User-Agent token lets the origin count each viewer's segment bytes (origin-stats.ts byClient);
    // a header would not do: a custom header makes every cross-origin request a CORS preflight.
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36 swarm-viewer/${index}`;
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, userAgent });
    const page = await context.newPage();
    const viewer = new SwarmViewer({ context, page, subject, index });
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_TIMEOUT_MS });
    } catch (error) {
      // A page that never loads (hung main thread, broken bundle) is this viewer's error.
      viewer.#loadError = error;
    }
    return viewer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** What the probe recorded so far; after `close()`, the last report taken. */
  async report(): Promise<ViewerReport> {
    if (this.#closed) {
      if (!this.#lastReport) throw new Error(`viewer ${this.index} was closed before any report`);
      return this.#lastReport;
    }
    let raw: ProbeReport;
    try {
      if (this.#loadError) throw this.#loadError;
      raw = await withTimeout(this.page.evaluate('window.__probe.report()') as Promise<ProbeReport>, PROBE_TIMEOUT_MS);
    } catch (error) {
      // A crashed or broken page is a viewer error, not a harness failure.
      raw = this.#unreachableReport(error);
    }
    const stallTotalMs = raw.stalls.reduce((sum, s) => sum + s.durationMs, 0);
    this.#lastReport = {
      ...raw,
      subject: this.subject,
      index: this.index,
      startupMs: raw.firstPlayingMs,
      stallCount: raw.stalls.length,
      stallTotalMs,
      consoleErrors: [...this.#consoleErrors],
      closed: false,
    };
    return this.#lastReport;
  }

  #unreachableReport(error: unknown): ProbeReport {
    const message = `probe unreachable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    const last = this.#lastReport;
    const base: ProbeReport = last ?? {
      sinceLoadMs: 0,
      firstPlayingMs: undefined,
      stalls: [],
      errors: [],
      pageErrors: [],
      segments: [],
      played: [],
      currentTime: 0,
      paused: true,
      engineName: undefined,
      p2p: { stats: undefined, bySource: {}, peerConnects: 0, peerDisconnects: 0, warnings: [] },
      marks: {},
      resources: [],
      heights: [],
      videoHeight: 0,
    };
    const errors = base.errors.some((e) => e.message === message) ? base.errors : [...base.errors, { atMs: base.sinceLoadMs, message }];
    return { ...base, errors };
  }

  /** The player's current time, seconds. */
  async currentTime(): Promise<number> {
    return (await this.report()).currentTime;
  }

  /** Waits until the player has played (first `playing`), or throws after `timeoutMs`. */
  async waitForPlaying(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await this.report();
      if (report.firstPlayingMs !== undefined) return;
      if (report.errors.length > 0) throw new Error(`viewer ${this.index} (${this.subject}) failed: ${report.errors[0]!.message}`);
      if (Date.now() > deadline) {
        throw new Error(`viewer ${this.index} (${this.subject}) did not start playing within ${timeoutMs} ms; console: ${this.#consoleErrors.slice(0, 3).join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Takes a final report (if the page still runs), then closes the page and its context. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.report().catch(() => undefined);
    this.#closed = true;
    if (this.#lastReport) this.#lastReport = { ...this.#lastReport, closed: true };
    await this.#context.close().catch(() => undefined);
  }
}
