/** Turns growing byte counters into bytes per sample period, keeping the last `maxSamples`. */
export interface TrafficSample {
  httpBytes: number;
  p2pBytes: number;
  uploadBytes: number;
}

export class TrafficSampler {
  readonly #maxSamples: number;
  readonly #samples: TrafficSample[] = [];
  #last: TrafficSample = { httpBytes: 0, p2pBytes: 0, uploadBytes: 0 };

  constructor({ maxSamples }: { maxSamples: number }) {
    this.#maxSamples = maxSamples;
  }

  /** Oldest first. */
  get samples(): readonly TrafficSample[] {
    return this.#samples;
  }

  /** The counters start again from zero (a new source, a new core). */
  restart(): void {
    this.#last = { httpBytes: 0, p2pBytes: 0, uploadBytes: 0 };
  }

  /** Records what the counters grew by since the last call. A counter that shrank (a viewer left the sum) counts as no traffic. */
  sample(totals: TrafficSample): void {
    const last = this.#last;
    this.#samples.push({
      httpBytes: Math.max(0, totals.httpBytes - last.httpBytes),
      p2pBytes: Math.max(0, totals.p2pBytes - last.p2pBytes),
      uploadBytes: Math.max(0, totals.uploadBytes - last.uploadBytes),
    });
    this.#last = { ...totals };
    if (this.#samples.length > this.#maxSamples) this.#samples.shift();
  }
}
