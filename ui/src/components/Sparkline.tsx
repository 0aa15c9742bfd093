/** A tiny SVG trend line for overview cards (no axes, so no chart library needed). */
interface Props {
  values: readonly number[];
  color: string;
  label: string;
}

export function Sparkline({ values, color, label }: Props) {
  const w = 160;
  const h = 40;
  if (values.length < 2) return <div class="sparkline sparkline--empty" aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pts = values.map((v, i) => [(i / (values.length - 1)) * w, h - 3 - ((v - min) / span) * (h - 6)] as const);
  const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return (
    <svg class="sparkline" viewBox={`0 0 ${String(w)} ${String(h)}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <polygon points={`0,${String(h)} ${line} ${String(w)},${String(h)}`} fill={color} opacity="0.12" />
      <polyline points={line} fill="none" stroke={color} stroke-width="2" vector-effect="non-scaling-stroke" stroke-linejoin="round" />
    </svg>
  );
}
