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
import { useCoverage } from './coverage.store';
import { useLanes } from './lanes.store';
import { zoomOutCurrentRange, useChartSpan } from '../timerange/current-range';
import { axisTicks } from '../timerange/axis-ticks';
import { NotableLane, notableRows, useNotableMarks } from './NotableLane';
import { useNotable } from './notable.store';
import { placeMarks, type TimeMark } from './time-marks';

/** Bottom first: failures at the bottom of each bar, where a red sliver is easiest to see; categories as the parser lists them. */
const STACKS: Record<StackBy, readonly string[]> = { outcome: ['failure', 'unknown', 'success'], category: CATEGORIES };

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
  const coverageOpen = useCoverage((s) => s.open);
  const setCoverageOpen = useCoverage((s) => s.setOpen);
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
  // The case's span unless the query is zoomed (UX.md §2): the x-range does not jump to fit each query.
  const span = useChartSpan(shownQuery, shownZone);
  useEffect(() => {
    if (shownQuery !== undefined && shownZone !== undefined)
      void load({ query: shownQuery, timeZone: shownZone, span });
  }, [shownQuery, shownZone, span, shownTotal, panelRound, load]);

  if (!applied) return <section className="histogram" aria-label="Events over time" />;
  const zone = applied.timeZone;
  const query = applied.query;

  const selectBuckets = (h: Histogram, range: Range) => {
    const from = queryInstant(bucketStart(h, Math.min(range.from, range.to)), zone);
    const to = queryInstant(bucketEnd(h, Math.max(range.from, range.to)), zone);
    void run(setTimeRange(query, from, to));
  };

  // Each legend entry's count over the charted events (issue 18: two security events must not be invisible).
  const legendCounts: Record<string, number> = {};
  for (const bucket of data?.buckets ?? [])
    for (const [k, n] of Object.entries(bucket.split ?? {})) legendCounts[k] = (legendCounts[k] ?? 0) + n;

  return (
    <section
      className={`histogram${loading ? ' is-stale' : ''}${lanesOpen || coverageOpen ? ' has-lanes' : ''}${notableOpen ? ' has-notable' : ''}`}
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
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={coverageOpen}
          title="Show what each source covers under the chart: events, no activity, not synced, outside retention"
          onClick={() => setCoverageOpen(!coverageOpen)}
        >
          Coverage
        </button>
        {hasTimeRange(query) && (
          <button
            type="button"
            className="btn btn--small"
            title="Twice the time range (-)"
            onClick={zoomOutCurrentRange}
          >
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
          onRetry={() => void load({ query, timeZone: zone, span })}
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

  // Round times of the zone, each label unambiguous (the year on the first, a date on each new day): axis-ticks.ts.
  const ticks = placeMarks(
    histogram,
    axisTicks(bucketStart(histogram, 0), bucketEnd(histogram, n - 1), zone, 10).map((t) => ({
      at: new Date(t.at).toISOString(),
      label: t.label,
    })),
  );
  const hovered = hover !== null ? histogram.buckets[hover] : undefined;
  const brush = drag ? { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) } : null;
  // While dragging, the tip describes the range brushed (what a release selects), not the bar under the cursor.
  const tip =
    brush && brush.to > brush.from
      ? { left: ((brush.from + brush.to + 1) / 2 / n) * 100, from: brush.from, to: brush.to }
      : hovered && hover !== null
        ? { left: ((hover + 0.5) / n) * 100, from: hover, to: hover }
        : null;
  const tipCount = (key?: string) =>
    tip
      ? histogram.buckets
          .slice(tip.from, tip.to + 1)
          .reduce((sum, b) => sum + (key ? (b.split?.[key] ?? 0) : b.total), 0)
      : 0;

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
        {tip && (
          <div
            className="histogram__tip"
            role="status"
            // Kept inside the chart near either edge.
            style={{
              left: `${tip.left}%`,
              transform: `translateX(${tip.left < 15 ? -5 : tip.left > 85 ? -95 : -50}%)`,
            }}
          >
            {tip.to > tip.from ? 'Selecting ' : ''}
            {formatTime(new Date(bucketStart(histogram, tip.from)).toISOString(), zone)} –{' '}
            {formatTime(new Date(bucketEnd(histogram, tip.to)).toISOString(), zone)} {zoneLabel(zone)}
            <br />
            {formatCount(tipCount())} events
            {tipCount('failure') > 0 ? ` · ${formatCount(tipCount('failure'))} failed` : ''}
            {tip.to > tip.from ? ` · ${formatCount(tip.to - tip.from + 1)} bars of ${histogram.interval}` : ''}
          </div>
        )}
      </div>
      <div className="histogram__axis" aria-hidden="true">
        {ticks.map((tick) => (
          <span
            key={tick.at}
            className="histogram__tick"
            style={{
              left: `${tick.left}%`,
              // Kept inside the chart at either edge.
              transform: `translateX(${tick.left < 4 ? 0 : tick.left > 96 ? -100 : -50}%)`,
            }}
          >
            {tick.label}
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
