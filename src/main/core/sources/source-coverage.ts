// What a source's runs covered, from what the case recorded (store/source-history.ts): the covered periods, the gaps
// between and after them with why, the provider's retention, and each bucket of a coverage lane (UX.md §12.2: no
// activity vs not synced vs outside retention). Conservative: a sync that asked for no window is taken to cover
// from the source's first event in the case, not from whatever the provider's default window was. Pure.
import type { CoverageState, SourceDetails, SourceGap, TimeSpan } from '@shared/domain/sources';
import type { SourceHistory } from '../store/source-history';
import { epochMs } from './api/presets';

export type SourceCoverage = Pick<SourceDetails, 'covered' | 'gaps' | 'retainedFrom'>;

const DAY_MS = 86_400_000;
const toIso = (ms: number) => new Date(ms).toISOString();

export function sourceCoverage(
  kind: SourceDetails['kind'],
  history: SourceHistory | undefined,
  retentionDays: number | null,
  now: number,
): SourceCoverage {
  const retainedFrom = retentionDays === null ? null : toIso(now - retentionDays * DAY_MS);
  if (!history) return { covered: [], gaps: [], retainedFrom };
  if (kind === 'files') {
    const covered = history.fileSpans;
    return {
      covered,
      gaps: holes(covered, 'not-imported', 'no imported file holds events in this period'),
      retainedFrom,
    };
  }
  const first = epochMs(history.coverage.first);
  const windows: { from: number; to: number }[] = [];
  if (history.lastOpenRun !== null) {
    const to = Date.parse(history.lastOpenRun);
    windows.push({ from: Math.min(first ?? to, to), to });
  }
  for (const run of history.windows) {
    const at = Date.parse(run.at);
    // A window's own edges where it gave them; an open start is taken from the first event, as above.
    const to = Math.min(at, epochMs(run.until) ?? at);
    const from = epochMs(run.since) ?? Math.min(first ?? to, to);
    if (from <= to) windows.push({ from, to });
  }
  const covered = merge(windows).map((w) => ({ from: toIso(w.from), to: toIso(w.to) }));
  const gaps = holes(covered, 'not-synced', 'no sync asked for this period');
  const failure = history.lastFailure;
  if (failure) {
    const from = covered.at(-1)?.to ?? history.coverage.first ?? failure.at;
    gaps.push({
      from: Date.parse(from) <= Date.parse(failure.at) ? from : failure.at,
      to: failure.at,
      kind: 'failed',
      reason: `the sync at ${failure.at} failed: ${failure.message}; none has completed since`,
    });
  }
  return { covered, gaps, retainedFrom };
}

/**
 * A coverage lane's buckets: `events` where the source has any, else what its coverage says of the bucket's middle —
 * `quiet` inside a covered period, `retention` wholly before what the provider keeps, a gap's kind inside a gap, and
 * otherwise not synced (not imported, for files; unknown, for a source nothing records runs of).
 */
export function laneStates(
  kind: SourceDetails['kind'],
  coverage: SourceCoverage,
  counts: number[],
  starts: string[],
  end: string,
): CoverageState[] {
  const inside = (spans: readonly TimeSpan[], t: number) =>
    spans.find((span) => Date.parse(span.from) <= t && t <= Date.parse(span.to));
  const retained = coverage.retainedFrom === null ? null : Date.parse(coverage.retainedFrom);
  const outside: CoverageState = kind === 'files' ? 'not-imported' : kind === 'unknown' ? 'unknown' : 'not-synced';
  return starts.map((start, i) => {
    if ((counts[i] ?? 0) > 0) return 'events';
    const from = Date.parse(start);
    const to = Date.parse(starts[i + 1] ?? end);
    const middle = (from + to) / 2;
    if (inside(coverage.covered, middle)) return 'quiet';
    // Older than the provider keeps: no sync can fill it any more, whatever the reason it was missed.
    if (retained !== null && to <= retained) return 'retention';
    const gap = inside(coverage.gaps, middle) as SourceGap | undefined;
    if (gap) return gap.kind;
    return outside;
  });
}

function merge(spans: { from: number; to: number }[]): { from: number; to: number }[] {
  const merged: { from: number; to: number }[] = [];
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

function holes(covered: readonly TimeSpan[], kind: SourceGap['kind'], reason: string): SourceGap[] {
  return covered.slice(1).map((span, i) => ({ from: covered[i]?.to ?? span.from, to: span.from, kind, reason }));
}
