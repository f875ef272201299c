import { useId } from 'react';
import { linePoints, niceMax } from '../api/dashboard';

const WIDTH = 600;
const HEIGHT = 160;
const PAD_LEFT = 36;
const PAD_BOTTOM = 20;

export interface Series {
  label: string;
  className: string;
  values: readonly number[];
}

/**
 * Lines over time as plain SVG. Colours come from classes in the stylesheet, never from style
 * attributes, so the chart works under `style-src 'self'`. The description carries the numbers.
 */
export function LineChart({ title, series, startLabel, endLabel }: { title: string; series: readonly Series[]; startLabel: string; endLabel: string }) {
  const id = useId();
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const summary = series.map((s) => `${s.label}: ${s.values.reduce((a, b) => a + b, 0)} in total, at most ${Math.max(0, ...s.values)} a minute`).join('; ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH + PAD_LEFT} ${HEIGHT + PAD_BOTTOM}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <g transform={`translate(${PAD_LEFT} 0)`}>
          <line className="chart-axis" x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} />
          <line className="chart-grid" x1={0} y1={0} x2={WIDTH} y2={0} />
          <line className="chart-grid" x1={0} y1={HEIGHT / 2} x2={WIDTH} y2={HEIGHT / 2} />
          {series.map((s) => (
            <polyline key={s.label} className={`chart-line ${s.className}`} points={linePoints(s.values, WIDTH, HEIGHT, max)} />
          ))}
        </g>
        <text className="chart-label" x={PAD_LEFT - 6} y={10} textAnchor="end">
          {max}
        </text>
        <text className="chart-label" x={PAD_LEFT - 6} y={HEIGHT} textAnchor="end">
          0
        </text>
        <text className="chart-label" x={PAD_LEFT} y={HEIGHT + PAD_BOTTOM - 4}>
          {startLabel}
        </text>
        <text className="chart-label" x={WIDTH + PAD_LEFT} y={HEIGHT + PAD_BOTTOM - 4} textAnchor="end">
          {endLabel}
        </text>
      </svg>
      <figcaption>
        {title}
        <ul className="legend">
          {series.map((s) => (
            <li key={s.label}>
              <svg className="legend-swatch" viewBox="0 0 12 12" aria-hidden="true">
                <rect className={`chart-fill ${s.className}`} width={12} height={12} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars, one per label, as plain SVG. */
export function BarChart({ title, bars }: { title: string; bars: ReadonlyArray<{ label: string; value: number }> }) {
  const id = useId();
  const rowHeight = 26;
  const labelWidth = 140;
  const barWidth = 420;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const height = Math.max(1, bars.length) * rowHeight;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{bars.length === 0 ? 'None.' : bars.map((b) => `${b.label}: ${b.value}`).join('; ')}</desc>
        {bars.map((bar, i) => (
          <g key={bar.label} transform={`translate(0 ${i * rowHeight})`}>
            <text className="chart-label" x={labelWidth - 8} y={rowHeight / 2 + 4} textAnchor="end">
              {bar.label}
            </text>
            <rect className="chart-fill chart-refused" x={labelWidth} y={4} height={rowHeight - 8} width={Math.max(1, (bar.value / max) * barWidth)} />
            <text className="chart-label" x={labelWidth + (bar.value / max) * barWidth + 6} y={rowHeight / 2 + 4}>
              {bar.value}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
