/**
 * A per-second chart of one viewer's traffic on a plain canvas: download stacked (origin below,
 * peers on top) and, optionally, upload as a line; newest on the right. No chart library: the page
 * has none.
 */
import type { TrafficSample } from './traffic-sampler.ts';

export interface ChartColors {
  http: string;
  p2p: string;
  upload: string;
  grid: string;
  text: string;
}

export class TrafficChart {
  readonly #canvas: HTMLCanvasElement;
  readonly #slots: number;
  readonly #colors: ChartColors;
  readonly #upload: boolean;

  /** `slots`: how many samples fit across (the sampler keeps as many). `upload`: draw the upload line (default true). */
  constructor({ canvas, slots, colors, upload = true }: { canvas: HTMLCanvasElement; slots: number; colors: ChartColors; upload?: boolean }) {
    this.#canvas = canvas;
    this.#slots = slots;
    this.#colors = colors;
    this.#upload = upload;
  }

  draw(samples: readonly TrafficSample[]): void {
    const canvas = this.#canvas;
    // Tests and screenshots read how many points are drawn.
    canvas.dataset.points = String(samples.length);
    canvas.dataset.p2pPoints = String(samples.filter((s) => s.p2pBytes > 0).length);
    const ratio = devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const top = 16;
    const plot = { left: 0, top, width, height: height - top - 2 };
    const peak = Math.max(1, ...samples.map((s) => Math.max(s.httpBytes + s.p2pBytes, this.#upload ? s.uploadBytes : 0)));
    const scale = niceCeiling(peak);
    this.#grid(g, plot, scale);
    const step = plot.width / (this.#slots - 1);
    const x = (i: number) => plot.left + plot.width - (samples.length - 1 - i) * step;
    const y = (bytes: number) => plot.top + plot.height - (bytes / scale) * plot.height;
    this.#area(g, samples.map((s, i) => [x(i), y(0), y(s.httpBytes)]), this.#colors.http);
    this.#area(g, samples.map((s, i) => [x(i), y(s.httpBytes), y(s.httpBytes + s.p2pBytes)]), this.#colors.p2p);
    if (!this.#upload) return;
    g.strokeStyle = this.#colors.upload;
    g.lineWidth = 2;
    g.beginPath();
    samples.forEach((s, i) => (i ? g.lineTo(x(i), y(s.uploadBytes)) : g.moveTo(x(i), y(s.uploadBytes))));
    g.stroke();
  }

  #grid(g: CanvasRenderingContext2D, plot: { left: number; top: number; width: number; height: number }, scale: number): void {
    g.strokeStyle = this.#colors.grid;
    g.fillStyle = this.#colors.text;
    g.lineWidth = 1;
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'bottom';
    for (const fraction of [0.5, 1]) {
      const lineY = Math.round(plot.top + plot.height * (1 - fraction)) + 0.5;
      g.beginPath();
      g.moveTo(plot.left, lineY);
      g.lineTo(plot.left + plot.width, lineY);
      g.stroke();
      g.fillText(formatRate(scale * fraction), plot.left + 2, lineY - 1);
    }
  }

  /** A band between two lines: points are [x, lowerY, upperY]. */
  #area(g: CanvasRenderingContext2D, points: Array<[number, number, number]>, color: string): void {
    if (points.length === 0) return;
    g.fillStyle = color;
    g.beginPath();
    points.forEach(([px, , upper], i) => (i ? g.lineTo(px, upper) : g.moveTo(px, upper)));
    for (let i = points.length - 1; i >= 0; i--) g.lineTo(points[i]![0], points[i]![1]);
    g.closePath();
    g.fill();
  }
}

const KIB = 1024;
const MIB = 1024 * 1024;
/** Chart scales: 1, 2 and 5 steps in B, KiB and MiB, so gridline labels read well. */
const SCALES = [1, KIB, MIB].flatMap((unit) => [1, 2, 5, 10, 20, 50, 100, 200, 500].map((n) => n * unit));

function niceCeiling(bytes: number): number {
  return SCALES.find((scale) => scale >= bytes) ?? Math.ceil(bytes / MIB) * MIB;
}

function formatRate(bytes: number): string {
  const [unit, name] = bytes >= MIB ? [MIB, 'MiB'] : bytes >= KIB ? [KIB, 'KiB'] : [1, 'B'];
  return `${Number((bytes / unit).toFixed(1))} ${name}/s`;
}
