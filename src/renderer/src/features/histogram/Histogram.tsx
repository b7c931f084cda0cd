// The histogram strip: the current query's events over time as SVG bars stacked by outcome (or category), labelled with the
// real bucket size ("per 1 hour"). A click on a bar, or a drag across bars, narrows the query to those buckets by
// replacing its after:/before: clauses, snapped to bucket edges, and runs it at once (UX.md §2). "Actor lanes"
// shows the per-actor lanes under it (ActorLanes.tsx), with the chart moved right to line up with them. `marks`
// (handed in by the app: where a verification found a chain broken) are thin ticks over the bars, each saying what.
// The legend counts each outcome or category; the notable lane (NotableLane.tsx) sits under the axis.
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { Histogram } from '@shared/domain/audit-event';
import { CATEGORIES } from '@shared/domain/query-parser';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { formatCount, formatTime, queryInstant, zoneLabel } from '../../lib/format';
import { usePanelRound } from '../../lib/panel-loader';
import { useQuery } from '../query/query.store';
import { clearTimeRange, hasTimeRange, setTimeRange } from '@shared/domain/query-edit';
import { addFieldClause } from '../query/query-text';
import { useHistogramStore, type StackBy } from './histogram.store';
import { useLanes } from './lanes.store';
import { NotableLane, notableRows, useNotableMarks } from './NotableLane';
import { useNotable } from './notable.store';
import { placeMarks, type TimeMark } from './time-marks';

/** Bottom first: failures at the bottom of each bar, where a red sliver is easiest to see; categories as the parser lists them. */
const STACKS: Record<StackBy, readonly string[]> = { outcome: ['failure', 'unknown', 'success'], category: CATEGORIES };
const DAY_MS = 86_400_000;

interface Range {
  from: number;
  to: number;
}

const bucketStart = (h: Histogram, i: number) => Date.parse(h.buckets[i]?.start ?? '');
/** A bucket ends where the next begins (a day bucket can be 23 or 25 hours); the last one by its size. */
const bucketEnd = (h: Histogram, i: number) => {
  const next = h.buckets[i + 1];
  return next ? Date.parse(next.start) : bucketStart(h, i) + h.intervalMs;
};

const NO_MARKS: readonly TimeMark[] = [];

export function HistogramPanel({ marks = NO_MARKS }: { marks?: readonly TimeMark[] }) {
  const applied = useQuery((s) => s.applied);
  const run = useQuery((s) => s.run);
  const data = useHistogramStore((s) => s.data);
  const loading = useHistogramStore((s) => s.loading);
  const error = useHistogramStore((s) => s.error);
  const load = useHistogramStore((s) => s.load);
  const by = useHistogramStore((s) => s.by);
  const setBy = useHistogramStore((s) => s.setBy);
  const lanesOpen = useLanes((s) => s.open);
  const setLanesOpen = useLanes((s) => s.setOpen);
  const notableOpen = useNotable((s) => s.open);
  const setNotableOpen = useNotable((s) => s.setOpen);
  const notableKinds = useNotable((s) => notableRows(s.data).length);
  useNotableMarks(applied);

  // Only what the bars depend on: an order switch re-runs the table, not the chart; a refresh changes the total;
  // a new panel round asks again after the calls were withdrawn (lib/panel-loader.ts).
  const shownQuery = applied?.query;
  const shownZone = applied?.timeZone;
  const shownTotal = applied?.total;
  const panelRound = usePanelRound((s) => s.round);
  useEffect(() => {
    if (shownQuery !== undefined && shownZone !== undefined) void load({ query: shownQuery, timeZone: shownZone });
  }, [shownQuery, shownZone, shownTotal, panelRound, load]);

  if (!applied) return <section className="histogram" aria-label="Events over time" />;
  const zone = applied.timeZone;
  const query = applied.query;

  const selectBuckets = (h: Histogram, range: Range) => {
    const from = queryInstant(bucketStart(h, Math.min(range.from, range.to)), zone);
    const to = queryInstant(bucketEnd(h, Math.max(range.from, range.to)), zone);
    void run(setTimeRange(query, from, to));
  };
  const zoomOut = (h: Histogram) => {
    const first = bucketStart(h, 0);
    const last = bucketEnd(h, h.buckets.length - 1);
    const half = (last - first) / 2;
    void run(
      setTimeRange(query, queryInstant(Math.floor(first - half), zone), queryInstant(Math.ceil(last + half), zone)),
    );
  };

  // Each legend entry's count over the charted events (issue 18: two security events must not be invisible).
  const legendCounts: Record<string, number> = {};
  for (const bucket of data?.buckets ?? [])
    for (const [k, n] of Object.entries(bucket.split ?? {})) legendCounts[k] = (legendCounts[k] ?? 0) + n;

  return (
    <section
      className={`histogram${loading ? ' is-stale' : ''}${lanesOpen ? ' has-lanes' : ''}${notableOpen ? ' has-notable' : ''}`}
      style={notableOpen ? ({ '--notable-rows': notableKinds } as CSSProperties) : undefined}
      aria-label="Events over time"
      aria-busy={loading}
    >
      <div className="histogram__header">
        <span className="histogram__title">Events over time</span>
        {data && data.buckets.length > 0 && <span className="muted">per {data.interval}</span>}
        <SegmentedToggle<StackBy>
          label="Stack bars by"
          value={by}
          onChange={setBy}
          options={[
            { value: 'outcome', label: 'Outcome', title: 'Stack the bars by outcome' },
            { value: 'category', label: 'Category', title: 'Stack the bars by category' },
          ]}
        />
        <span className="histogram__legend">
          {STACKS[by].map((key) => (
            <button
              key={key}
              type="button"
              className={`legend legend--${key}`}
              title={`Add ${by}:${key} to the query (Alt-click to exclude)`}
              onClick={(e) => void run(addFieldClause(query, by, key, e.altKey))}
            >
              <span className="legend__swatch" aria-hidden="true" />
              {key}
              {data && <span className="legend__count">{formatCount(legendCounts[key] ?? 0)}</span>}
            </button>
          ))}
        </span>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={notableOpen}
          title="Mark findings, successes after failures, first IPs, security and config events under the chart"
          onClick={() => setNotableOpen(!notableOpen)}
        >
          Notable
        </button>
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={lanesOpen}
          title="Show events per actor under the chart"
          onClick={() => setLanesOpen(!lanesOpen)}
        >
          Actor lanes
        </button>
        {data && data.buckets.length > 0 && (
          <button type="button" className="btn btn--small" onClick={() => zoomOut(data)}>
            Zoom out ×2
          </button>
        )}
        {hasTimeRange(query) && (
          <button type="button" className="btn btn--small" onClick={() => void run(clearTimeRange(query))}>
            Clear time range
          </button>
        )}
      </div>
      {error ? (
        <ErrorNotice
          title="Histogram not loaded:"
          message={error}
          onRetry={() => void load({ query, timeZone: zone })}
        />
      ) : data && data.buckets.length === 0 ? (
        <p className="histogram__empty muted">No events to chart for this query.</p>
      ) : data ? (
        <Chart
          histogram={data}
          stack={STACKS[by]}
          zone={zone}
          marks={marks}
          onSelect={(range) => selectBuckets(data, range)}
        >
          <NotableLane histogram={data} query={query} zone={zone} />
        </Chart>
      ) : (
        <p className="histogram__empty muted">Counting events over time…</p>
      )}
    </section>
  );
}

interface ChartProps {
  /** Drawn under the axis at the chart's width (the notable lane). */
  children?: ReactNode;
  histogram: Histogram;
  stack: readonly string[];
  zone: string;
  marks: readonly TimeMark[];
  onSelect(range: Range): void;
}

function Chart({ children, histogram, stack, zone, marks, onSelect }: ChartProps) {
  const plot = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Range | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const n = histogram.buckets.length;
  const max = Math.max(1, ...histogram.buckets.map((b) => b.total));

  const indexAt = (clientX: number) => {
    const rect = plot.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.min(n - 1, Math.max(0, Math.floor(((clientX - rect.left) / rect.width) * n)));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const i = indexAt(e.clientX);
    setDrag({ from: i, to: i });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const i = indexAt(e.clientX);
    setHover(i);
    if (drag) setDrag({ ...drag, to: i });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const range = { ...drag, to: indexAt(e.clientX) };
    setDrag(null);
    onSelect(range);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // ←/→ walk the buckets, Enter narrows to the one under the cursor.
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      setHover((h) =>
        Math.min(n - 1, Math.max(0, (h ?? (e.key === 'ArrowLeft' ? n : -1)) + (e.key === 'ArrowLeft' ? -1 : 1))),
      );
    } else if (e.key === 'Enter' && hover !== null) {
      e.preventDefault();
      onSelect({ from: hover, to: hover });
    }
  };

  const dayBuckets = histogram.intervalMs >= DAY_MS;
  const label = (ms: number) => {
    const text = formatTime(new Date(ms).toISOString(), zone);
    return dayBuckets ? text.slice(0, 10) : text.slice(5, 16);
  };
  const ticks = Array.from({ length: Math.min(6, n) }, (_, k) =>
    Math.round((k * (n - 1)) / Math.max(1, Math.min(6, n) - 1)),
  );
  const hovered = hover !== null ? histogram.buckets[hover] : undefined;
  const brush = drag ? { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) } : null;

  return (
    <div className="histogram__chart">
      <div
        ref={plot}
        className="histogram__plot"
        role="group"
        tabIndex={0}
        aria-label={`Histogram of ${formatCount(histogram.buckets.reduce((s, b) => s + b.total, 0))} events per ${histogram.interval}: click a bar or drag across bars to set the time range`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
      >
        <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {brush && (
            <rect className="histogram__brush" x={brush.from} width={brush.to - brush.from + 1} y={0} height={100} />
          )}
          {hover !== null && !brush && <rect className="histogram__hover" x={hover} width={1} y={0} height={100} />}
          {histogram.buckets.map((bucket, i) => {
            if (bucket.total === 0) return null;
            // Never thinner than a visible sliver: one event in a tall chart still shows.
            const height = Math.max(2, (bucket.total / max) * 100);
            let y = 100;
            const parts = bucket.split ?? {};
            const known = stack.reduce((sum, k) => sum + (parts[k] ?? 0), 0);
            const segments = [
              ...stack.map((k) => [k, parts[k] ?? 0] as const),
              ['rest', bucket.total - known] as const,
            ];
            return segments.map(([key, count]) => {
              if (count <= 0) return null;
              const h = (count / bucket.total) * height;
              y -= h;
              return (
                <rect key={`${i}-${key}`} className={`bar bar--${key}`} x={i + 0.12} width={0.76} y={y} height={h} />
              );
            });
          })}
        </svg>
        <ChartMarks histogram={histogram} marks={marks} />
        {hovered && hover !== null && (
          <div className="histogram__tip" style={{ left: `${((hover + 0.5) / n) * 100}%` }}>
            {formatTime(hovered.start, zone)} – {formatTime(new Date(bucketEnd(histogram, hover)).toISOString(), zone)}{' '}
            {zoneLabel(zone)}
            <br />
            {formatCount(hovered.total)} events
            {hovered.split?.['failure'] ? ` · ${formatCount(hovered.split['failure'])} failed` : ''}
          </div>
        )}
      </div>
      <div className="histogram__axis" aria-hidden="true">
        {[...new Set(ticks)].map((i) => (
          <span key={i} className="histogram__tick" style={{ left: `${(i / n) * 100}%` }}>
            {label(bucketStart(histogram, i))}
          </span>
        ))}
      </div>
      {children}
    </div>
  );
}

/** The marks inside the charted time, as ticks; their words go to the hover title and to a screen reader. */
function ChartMarks({ histogram, marks }: { histogram: Histogram; marks: readonly TimeMark[] }) {
  const placed = useMemo(() => placeMarks(histogram, marks), [histogram, marks]);
  if (placed.length === 0) return null;
  return (
    <ul className="histogram__marks" aria-label="Timeline marks">
      {placed.map((mark, i) => (
        <li
          key={i}
          className={`histogram__mark${mark.kind === 'finding' ? ' histogram__mark--finding' : ''}`}
          style={{ left: `${mark.left}%` }}
          title={mark.label}
        >
          <span aria-hidden="true">▾</span>
          <span className="sr-only">{mark.label}</span>
        </li>
      ))}
    </ul>
  );
}
