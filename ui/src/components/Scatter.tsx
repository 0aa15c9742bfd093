/**
 * The paired days behind a correlation as a small SVG scatter plot: one dot
 * per day pair, axes in the user's units. SVG rather than uPlot: x is not
 * time and not sorted, and a few hundred dots need no canvas.
 */
import type { ScatterPoint } from '../ipc';
import { formatNumber } from '../lib/format';
import { niceTicks, type FeatureAxis } from '../lib/insights';
import { formatDateString } from '../lib/time';

interface Props {
  points: readonly ScatterPoint[];
  x: FeatureAxis;
  y: FeatureAxis;
  /** What the plot shows, for screen readers. */
  label: string;
}

const W = 640;
const H = 340;
const PAD = { left: 64, right: 16, top: 14, bottom: 48 };

/** Tick text: a difference from usual, signed, with the decimals its step needs. */
function tickText(v: number, step: number): string {
  const text = formatNumber(v, step >= 1 ? 0 : step >= 0.1 ? 1 : 2);
  return v > 0 ? `+${text}` : text;
}

function padded(values: readonly number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = (max - min) * 0.06 || 1;
  return [min - pad, max + pad];
}

export function Scatter({ points, x, y, label }: Props) {
  const xs = points.map((p) => x.convert(p.x));
  const ys = points.map((p) => y.convert(p.y));
  const [x0, x1] = padded(xs);
  const [y0, y1] = padded(ys);
  const px = (v: number): number => PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (v: number): number => H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const xt = niceTicks(x0, x1, 6);
  const yt = niceTicks(y0, y1, 5);
  const xStep = (xt[1] ?? 1) - (xt[0] ?? 0);
  const yStep = (yt[1] ?? 1) - (yt[0] ?? 0);
  const unit = (a: FeatureAxis): string => (a.unit ? ` (${a.unit})` : '');
  return (
    <svg class="scatter" viewBox={`0 0 ${String(W)} ${String(H)}`} role="img" aria-label={label} data-testid="scatter" data-points={points.length}>
      {yt.map((v) => (
        <g key={`y${String(v)}`}>
          <line class="scatter__grid" x1={PAD.left} x2={W - PAD.right} y1={py(v)} y2={py(v)} />
          <text class="scatter__tick" x={PAD.left - 6} y={py(v) + 4} text-anchor="end">
            {tickText(v, yStep)}
          </text>
        </g>
      ))}
      {xt.map((v) => (
        <g key={`x${String(v)}`}>
          <line class="scatter__grid" x1={px(v)} x2={px(v)} y1={PAD.top} y2={H - PAD.bottom} />
          <text class="scatter__tick" x={px(v)} y={H - PAD.bottom + 16} text-anchor="middle">
            {tickText(v, xStep)}
          </text>
        </g>
      ))}
      <text class="scatter__axis" x={(PAD.left + W - PAD.right) / 2} y={H - 8} text-anchor="middle" data-testid="scatter-x">
        {x.label}
        {unit(x)}
      </text>
      <text class="scatter__axis" x={14} y={(PAD.top + H - PAD.bottom) / 2} text-anchor="middle" transform={`rotate(-90 14 ${String((PAD.top + H - PAD.bottom) / 2)})`} data-testid="scatter-y">
        {y.label}
        {unit(y)}
      </text>
      {points.map((p, i) => (
        <circle key={p.date} class="scatter__point" cx={px(xs[i] ?? 0)} cy={py(ys[i] ?? 0)} r={3.5}>
          <title>{`${formatDateString(p.date)}: ${x.format(p.x)}, ${y.format(p.y)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
