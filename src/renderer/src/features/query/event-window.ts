// The table's rows for one query, loaded by keyset windows as the user scrolls, never all at once. Rows live in
// contiguous segments, each read from its own starting point by following 'events.page' cursors. A far jump (the
// scrollbar dragged to the middle) does not page through everything before it: the histogram's exact bucket
// counts say how many rows come before each bucket edge, so a segment can start right there with the query plus
// `before:<edge>` (newest first) or `after:<edge>` (oldest first). A bucket too big to page through (at 10M
// events one holds ~100k rows) is split once by a histogram of its own time range, whose finer edges become seek
// points too. Plain TypeScript; the fetches are passed in.
import type { EventsPage, Request } from '@shared/contract';
import type { Histogram, NormalizedEvent } from '@shared/domain/audit-event';
import { errorMessage } from '../../lib/error-message';

export interface WindowScope {
  query: string;
  timeZone: string;
  order: 'asc' | 'desc';
}

export type FetchPage = (request: Request<'events.page'>) => Promise<EventsPage>;
/** The histogram of a query in the window's time zone. */
export type FetchHistogram = (query: string) => Promise<Histogram>;

/** Rows from `index` on, in the window's order, are exactly the query's rows that also match `clause`. */
export interface SeekPoint {
  index: number;
  clause: string;
}

interface Segment {
  start: number;
  rows: NormalizedEvent[];
  next: string | null;
  /** The query this segment's cursors belong to (the scope's, or the scope's plus a seek clause). */
  query: string;
}

export const PAGE_SIZE = 200;
/**
 * The first page of a result, which the table waits for: what a 2,000 px tall window shows at the compact row
 * height, with the grid's overscan, and no more. At 10M events half the rows of a full page halve the answer's
 * bytes (~330 → ~160 kB), and under load first rows came ~300 ms sooner (bench/ui.bench.ts); the rest follows as
 * the view asks, in pages of PAGE_SIZE.
 */
export const FIRST_PAGE_SIZE = 100;
/** Rows fetched per request while closing a long gap inside one histogram bucket. */
const GAP_PAGE_SIZE = 1_000;
/** A gap longer than this inside one bucket is worth a histogram of the bucket rather than paging through it. */
const REFINE_GAP = 4 * GAP_PAGE_SIZE;

const end = (s: Segment) => s.start + s.rows.length;

export function withClause(query: string, clause: string): string {
  return query.trim() === '' ? clause : `(${query}) ${clause}`;
}

/** The clause that keeps the rows before a seek point (in window order): the other side of its edge. */
function beforePoint(point: SeekPoint): string {
  return point.clause.startsWith('after:') ? `before:${point.clause.slice(6)}` : `after:${point.clause.slice(7)}`;
}

/** The seek points a histogram of the same query and zone gives, for the window's order. */
export function seekPointsOf(histogram: Histogram, order: 'asc' | 'desc', total: number): SeekPoint[] {
  const points: SeekPoint[] = [];
  let before = 0;
  for (const bucket of histogram.buckets) {
    // Newest first, the rows at or after this edge come first; oldest first, the rows before it do.
    const index = order === 'asc' ? before : total - before;
    const clause = order === 'asc' ? `after:${bucket.start}` : `before:${bucket.start}`;
    if (index > 0 && index < total) points.push({ index, clause });
    before += bucket.total;
  }
  return points.sort((a, b) => a.index - b.index);
}

export class EventWindow {
  private segments: Segment[];
  private wanted = { from: 0, to: -1 };
  private busy = false;
  private disposed = false;
  private readonly listeners = new Set<() => void>();
  /** Where the data ended, when a chain of cursors ran out before `total` (the case changed under us). */
  private dataEnd: number;
  private version = 0;
  /** Seek points found by splitting buckets, and the index ranges already split. */
  private refined: SeekPoint[] = [];
  private readonly split = new Set<string>();
  error: string | null = null;

  constructor(
    readonly scope: WindowScope,
    readonly total: number,
    first: EventsPage,
    private readonly fetchPage: FetchPage,
    private readonly seekPoints: () => SeekPoint[],
    private readonly fetchHistogram?: FetchHistogram,
  ) {
    this.segments = [{ start: 0, rows: first.events, next: first.next, query: scope.query }];
    this.dataEnd = first.next === null ? first.events.length : total;
  }

  rowAt(index: number): NormalizedEvent | undefined {
    for (const s of this.segments) {
      if (index >= s.start && index < end(s)) return s.rows[index - s.start];
    }
    return undefined;
  }

  /** A number that changes whenever rows arrive or the error changes (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The rows the view shows now; loads what is missing, latest request first. */
  ensure(from: number, to: number): void {
    this.wanted = { from: Math.max(0, from), to };
    void this.pump();
  }

  retry(): void {
    this.error = null;
    this.notify();
    void this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private notify(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private firstMissing(): number | null {
    const last = Math.min(this.wanted.to, this.total - 1, this.dataEnd - 1);
    let i = this.wanted.from;
    while (i <= last) {
      const covering = this.segments.find((s) => i >= s.start && i < end(s));
      if (!covering) return i;
      i = end(covering);
    }
    return null;
  }

  /** One request at a time; after each, look again at what the view wants now (it may have scrolled on). */
  private async pump(): Promise<void> {
    if (this.busy || this.disposed || this.error !== null) return;
    this.busy = true;
    try {
      for (let missing = this.firstMissing(); missing !== null && !this.disposed; missing = this.firstMissing()) {
        await this.loadToward(missing);
      }
    } catch (error) {
      if (!this.disposed) {
        this.error = errorMessage(error);
        this.notify();
      }
    } finally {
      this.busy = false;
    }
  }

  private async loadToward(missing: number): Promise<void> {
    const before = this.segments.filter((s) => s.start <= missing).at(-1);
    const extendable = before && before.next !== null ? before : undefined;
    const points = [...this.seekPoints(), ...this.refined].sort((a, b) => a.index - b.index);
    const seek = points.filter((p) => p.index <= missing && p.index > (extendable ? end(extendable) : -1)).at(-1);
    const from = seek?.index ?? (extendable ? end(extendable) : 0);
    if (missing - from > REFINE_GAP && (await this.refine(points, missing))) return;
    if (seek && !this.segments.some((s) => s.start === seek.index)) {
      await this.load(null, seek.index, withClause(this.scope.query, seek.clause), missing);
    } else if (extendable) {
      await this.load(extendable, end(extendable), extendable.query, missing);
    } else {
      // Nothing to continue from and no edge before the row: the data ends before it.
      this.dataEnd = Math.min(this.dataEnd, missing);
      this.notify();
    }
  }

  /**
   * Splits the bucket holding `missing` (between the seek points around it) by a histogram of just its rows; the
   * new edges become seek points. Once per range: false when it was split before, or cannot be (its counts no
   * longer add up, as when the case changed), and the gap is paged through instead.
   */
  private async refine(points: SeekPoint[], missing: number): Promise<boolean> {
    if (!this.fetchHistogram) return false;
    const lo = points.filter((p) => p.index <= missing).at(-1);
    const hi = points.find((p) => p.index > missing);
    const first = lo?.index ?? 0;
    const size = (hi?.index ?? this.total) - first;
    const range = `${first}+${size}`;
    if (this.split.has(range)) return false;
    this.split.add(range);
    let query = this.scope.query;
    if (lo) query = withClause(query, lo.clause);
    if (hi) query = withClause(query, beforePoint(hi));
    const histogram = await this.fetchHistogram(query);
    if (this.disposed || histogram.buckets.reduce((n, b) => n + b.total, 0) !== size) return false;
    for (const point of seekPointsOf(histogram, this.scope.order, size)) {
      this.refined.push({ index: first + point.index, clause: point.clause });
    }
    return true;
  }

  private async load(segment: Segment | null, start: number, query: string, missing: number): Promise<void> {
    const gap = missing - start;
    const limit = gap > PAGE_SIZE ? Math.min(GAP_PAGE_SIZE, gap + PAGE_SIZE) : PAGE_SIZE;
    const page = await this.fetchPage({
      query,
      timeZone: this.scope.timeZone,
      order: this.scope.order,
      limit,
      ...(segment?.next ? { after: segment.next } : {}),
    });
    if (this.disposed) return;
    let target: Segment;
    if (segment) {
      segment.rows = segment.rows.concat(page.events);
      segment.next = page.next;
      target = segment;
    } else {
      target = { start, rows: page.events, next: page.next, query };
      this.segments.push(target);
      this.segments.sort((a, b) => a.start - b.start);
    }
    if (target.next === null) this.dataEnd = Math.min(this.dataEnd, end(target));
    this.mergeAfter(target);
    this.notify();
  }

  /** Joins a segment with the ones it has grown into: the same index is the same row in every chain. */
  private mergeAfter(segment: Segment): void {
    for (;;) {
      const i = this.segments.indexOf(segment);
      const following = this.segments[i + 1];
      if (!following || following.start > end(segment)) return;
      const overlap = end(segment) - following.start;
      if (overlap < following.rows.length) {
        segment.rows = segment.rows.concat(following.rows.slice(overlap));
        segment.next = following.next;
        segment.query = following.query;
      }
      this.segments.splice(i + 1, 1);
    }
  }
}
