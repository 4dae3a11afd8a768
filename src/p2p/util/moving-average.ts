/**
 * Throughput estimates (HTTP and per peer) are exponentially weighted moving averages: the newest
 * sample counts 30 %, so one slow or fast transfer moves the estimate without replacing it.
 */
const HISTORY_WEIGHT = 0.7;
const SAMPLE_WEIGHT = 0.3;

/** The next average after `sample`; the first sample is taken as is. */
export function movingAverage(previous: number | undefined, sample: number): number {
  return previous === undefined ? sample : HISTORY_WEIGHT * previous + SAMPLE_WEIGHT * sample;
}
