// Per-source coverage lanes under the histogram (UX.md §12.2), on its own buckets: where a source has events a bar,
// and where it has none, why — no activity (its runs covered that time), not synced, a sync that failed, no imported
// file, or older than the provider keeps. Every event of the source counts, whatever the query: the lanes say what
// the case holds. Each lane's stretches are also listed in words for a screen reader and in the hover title.
import { useEffect } from 'react';
import type { Histogram } from '@shared/domain/audit-event';
import type { CoverageState, SourceLane } from '@shared/domain/sources';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, formatTime, zoneLabel } from '../../lib/format';
import { usePanelRound } from '../../lib/panel-loader';
import { useQuery } from '../query/query.store';
import { useCoverage, type LaneBuckets } from './coverage.store';
import { useHistogramStore } from './histogram.store';

export const COVERAGE_WORDS: Record<CoverageState, string> = {
  events: 'events',
  quiet: 'no activity',
  'not-synced': 'not synced',
  failed: 'sync failed',
  'not-imported': 'not imported',
  retention: 'outside retention',
  unknown: 'unknown',
};
const LEGEND: CoverageState[] = ['events', 'quiet', 'not-synced', 'failed', 'not-imported', 'retention'];

export function CoverageLanesPanel() {
  const open = useCoverage((s) => s.open);
  const lanes = useCoverage((s) => s.lanes);
  const loading = useCoverage((s) => s.loading);
  const error = useCoverage((s) => s.error);
  const load = useCoverage((s) => s.load);
  const histogram = useHistogramStore((s) => s.data);
  const zone = useQuery((s) => s.applied?.timeZone ?? 'UTC');
  const panelRound = usePanelRound((s) => s.round);

  useEffect(() => {
    const buckets = histogram ? lanesBuckets(histogram) : null;
    if (open && buckets) void load(buckets);
  }, [open, histogram, panelRound, load]);

  if (!open) return null;
  const buckets = histogram ? lanesBuckets(histogram) : null;
  const starts = buckets?.starts;
  const end = buckets?.end;
  const retry = () => buckets && void load(buckets);
  return (
    <section
      className={`lanes coverage${loading ? ' is-stale' : ''}`}
      aria-label="Coverage per source"
      aria-busy={loading}
    >
      {error ? (
        <ErrorNotice title="Coverage lanes not loaded:" message={error} onRetry={retry} />
      ) : !starts || starts.length === 0 ? (
        <p className="muted lanes__note">No events charted, so no coverage to show.</p>
      ) : lanes && lanes.length === 0 ? (
        <p className="muted lanes__note">No sources yet: import files or add a source (Sources).</p>
      ) : lanes && lanes[0]?.counts.length === starts.length ? (
        <>
          <ul className="lanes__list" aria-label={`Coverage of each source, per ${histogram?.interval ?? 'bucket'}`}>
            {lanes.map((lane) => (
              <CoverageLane key={lane.id} lane={lane} starts={starts} end={end ?? ''} zone={zone} />
            ))}
          </ul>
          <div className="coverage__legend" aria-hidden="true">
            {LEGEND.map((state) => (
              <span key={state} className="coverage__key">
                <svg viewBox="0 0 10 10" className="coverage__swatch">
                  <CoverageCell state={state} x={0} width={10} height={10} />
                </svg>
                {COVERAGE_WORDS[state]}
              </span>
            ))}
          </div>
        </>
      ) : (
        <p className="muted lanes__note">Reading what each source covers…</p>
      )}
    </section>
  );
}

function CoverageLane({ lane, starts, end, zone }: { lane: SourceLane; starts: string[]; end: string; zone: string }) {
  const total = lane.counts.reduce((a, b) => a + b, 0);
  const stretches = stretchesOf(lane.states, starts, end);
  const minutes = (iso: string) => formatTime(iso, zone).slice(0, 16);
  const words = stretches.map((s) => `${COVERAGE_WORDS[s.state]} ${minutes(s.from)} – ${minutes(s.to)}`).join('; ');
  const max = Math.max(1, ...lane.counts);
  return (
    <li className="lane coverage__lane" title={`${lane.name}: ${words} (${zoneLabel(zone)})`}>
      <span className="lane__label">
        <span className="lane__name">{lane.name}</span>
        <span className="lane__count tabular">{formatCount(total)}</span>
      </span>
      <svg
        className="lane__bars coverage__bars"
        viewBox={`0 0 ${starts.length} 10`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {lane.states.map((state, i) => (
          <CoverageCell
            key={i}
            state={state}
            x={i}
            height={state === 'events' ? Math.max(3, ((lane.counts[i] ?? 0) / max) * 10) : 10}
          />
        ))}
      </svg>
      <span className="sr-only">
        {lane.name}: {formatCount(total)} events; {words} ({zoneLabel(zone)}).
      </span>
    </li>
  );
}

function CoverageCell({
  state,
  x,
  width = 1,
  height,
}: {
  state: CoverageState;
  x: number;
  width?: number;
  height: number;
}) {
  // Told apart by shape as well as colour: no activity is a thin line along the bottom (covered, and nothing
  // happened), not imported a half-height block, the other gaps full height.
  const h = state === 'quiet' ? 1.5 : state === 'not-imported' ? height / 2 : height;
  return <rect className={`coverage__cell coverage__cell--${state}`} x={x} width={width} y={10 - h} height={h} />;
}

/** The histogram's buckets as the lanes take them: their starts, and where the last one ends (by its size). */
function lanesBuckets(histogram: Histogram): LaneBuckets | null {
  const last = histogram.buckets.at(-1);
  if (!last) return null;
  return {
    starts: histogram.buckets.map((b) => b.start),
    end: new Date(Date.parse(last.start) + histogram.intervalMs).toISOString(),
  };
}

/** Consecutive buckets in the same state, as one stretch of time. */
function stretchesOf(
  states: CoverageState[],
  starts: string[],
  end: string,
): { state: CoverageState; from: string; to: string }[] {
  const stretches: { state: CoverageState; from: string; to: string }[] = [];
  states.forEach((state, i) => {
    const to = starts[i + 1] ?? end;
    const last = stretches.at(-1);
    if (last && last.state === state) last.to = to;
    else stretches.push({ state, from: starts[i] ?? end, to });
  });
  return stretches;
}
