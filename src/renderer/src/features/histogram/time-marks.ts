// Marks over the histogram's time axis (UX.md §13: a thin tick where a chain breaks): a time and what it is, placed
// on the chart's buckets. The histogram knows nothing of what the marks mean; the app hands them in. Pure.
import type { Histogram } from '@shared/domain/audit-event';

export interface TimeMark {
  /** ISO instant. */
  at: string;
  /** What the mark is, in words (its hover text and its name for a screen reader). */
  label: string;
  /** How it is drawn: a break (an integrity finding, the default) or a detection finding. */
  kind?: 'break' | 'finding';
}

export interface PlacedMark extends TimeMark {
  /** Left edge, in percent of the plot's width. */
  left: number;
}

/**
 * The marks that fall inside the chart's buckets, each at its place within its bucket (buckets may differ in
 * length: a day of 23 or 25 hours). Marks outside the charted time are left out.
 */
export function placeMarks(histogram: Histogram, marks: readonly TimeMark[]): PlacedMark[] {
  const n = histogram.buckets.length;
  if (n === 0) return [];
  const starts = histogram.buckets.map((b) => Date.parse(b.start));
  const lastStart = starts[n - 1] ?? 0;
  const end = lastStart + histogram.intervalMs;
  const placed: PlacedMark[] = [];
  for (const mark of marks) {
    const t = Date.parse(mark.at);
    if (Number.isNaN(t) || t < (starts[0] ?? 0) || t >= end) continue;
    // The last bucket whose start is at or before t (starts ascend).
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= t) lo = mid;
      else hi = mid - 1;
    }
    const from = starts[lo] ?? 0;
    const to = lo + 1 < n ? (starts[lo + 1] ?? end) : end;
    placed.push({ ...mark, left: ((lo + (t - from) / Math.max(1, to - from)) / n) * 100 });
  }
  return placed;
}
