// The histogram's notable lane (issue 18 item 2, UX.md §12): under the bars, one thin row per kind of notable event
// — the latest detection run's findings, a success after a run of failures by the same actor, an actor's first use
// of an IP, security and config events — each mark on the chart's own buckets. A click on a mark narrows the query
// to its events (its clause and its time range); a click on a kind's name adds its clause for the whole range. The
// lane is one Tab stop; arrow keys move among its marks.
import { useEffect, type KeyboardEvent } from 'react';
import {
  NOTABLE_KINDS,
  type Histogram,
  type NotableKind,
  type NotableMark,
  type NotableMarks,
} from '@shared/domain/audit-event';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../lib/format';
import { usePanelRound } from '../../lib/panel-loader';
import { useQuery, type AppliedScope } from '../query/query.store';
import { narrowed } from './notable-clause';
import { useNotable } from './notable.store';
import { placeMarks } from './time-marks';

export const NOTABLE_TITLES: Record<NotableKind, string> = {
  finding: 'Findings',
  after_failures: 'Success after failures',
  first_ip: 'First use of an IP',
  security: 'Security',
  config: 'Config',
};

/** The kinds with marks in this answer, in the lane's order. */
export function notableRows(data: NotableMarks | null): NotableKind[] {
  return data ? NOTABLE_KINDS.filter((kind) => data.marks.some((m) => m.kind === kind)) : [];
}

/** Asks for the marks of the query shown, while the lane is open (called by the histogram panel). */
export function useNotableMarks(applied: AppliedScope | null): void {
  const open = useNotable((s) => s.open);
  const load = useNotable((s) => s.load);
  const query = applied?.query;
  const timeZone = applied?.timeZone;
  const total = applied?.total;
  const panelRound = usePanelRound((s) => s.round);
  useEffect(() => {
    if (open && query !== undefined && timeZone !== undefined) void load({ query, timeZone });
  }, [open, query, timeZone, total, panelRound, load]);
}

interface Props {
  histogram: Histogram;
  query: string;
  zone: string;
}

export function NotableLane({ histogram, query, zone }: Props) {
  const run = useQuery((s) => s.run);
  const open = useNotable((s) => s.open);
  const data = useNotable((s) => s.data);
  const loading = useNotable((s) => s.loading);
  const error = useNotable((s) => s.error);
  if (!open) return null;
  if (error) return <ErrorNotice title="Notable lane not loaded:" message={error} />;
  const kinds = notableRows(data);
  return (
    <div className={`notable${loading ? ' is-stale' : ''}`} aria-busy={loading}>
      <ul className="notable__rows" aria-label="Notable events over time" onKeyDown={moveAmongMarks}>
        {kinds.map((kind, row) => (
          <li key={kind} className={`notable__row notable--${kind}`}>
            <NotableMarksRow
              histogram={histogram}
              marks={data?.marks.filter((m) => m.kind === kind) ?? []}
              first={row === 0}
              onPick={(mark) => void run(narrowed(query, mark.clause, mark, zone))}
            />
          </li>
        ))}
      </ul>
      <p className="notable__legend">
        <span className="notable__title">Notable</span>
        {data && kinds.length === 0 && <span className="muted">nothing notable among these events</span>}
        {kinds.map((kind) => {
          const marks = data?.marks.filter((m) => m.kind === kind) ?? [];
          const count = marks.reduce((s, m) => s + (kind === 'after_failures' ? 1 : m.count), 0);
          const clauses = new Set(marks.map((m) => m.clause));
          const only = clauses.size === 1 ? [...clauses][0] : undefined;
          const text = `${NOTABLE_TITLES[kind]} ${formatCount(count)}`;
          return only ? (
            <button
              key={kind}
              type="button"
              className={`legend notable--${kind}`}
              title={`Add ${only} to the query`}
              onClick={() => void run(narrowed(query, only))}
            >
              <span className="legend__swatch" aria-hidden="true" />
              {text}
            </button>
          ) : (
            <span key={kind} className={`legend notable--${kind}`}>
              <span className="legend__swatch" aria-hidden="true" />
              {text}
            </span>
          );
        })}
      </p>
    </div>
  );
}

/**
 * The lane is one Tab stop (hundreds of marks must not each be one, UX.md §6): ←/→ step along a row, ↑/↓ go to the
 * first mark of the row above or below; Enter or Space picks.
 */
function moveAmongMarks(e: KeyboardEvent<HTMLUListElement>) {
  const mark = e.target as HTMLElement;
  if (!mark.classList.contains('notable__mark')) return;
  const row = mark.closest('li');
  const moves: Record<string, () => Element | null | undefined> = {
    ArrowRight: () => mark.nextElementSibling,
    ArrowLeft: () => mark.previousElementSibling,
    ArrowDown: () => row?.nextElementSibling?.querySelector('.notable__mark'),
    ArrowUp: () => row?.previousElementSibling?.querySelector('.notable__mark'),
  };
  const move = moves[e.key];
  if (!move) return;
  const next = move();
  e.preventDefault();
  if (next instanceof HTMLElement) {
    mark.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}

/** One kind's marks as buttons spanning their time on the chart's buckets (at least a few pixels wide). */
function NotableMarksRow({
  histogram,
  marks,
  first: holdsTabStop,
  onPick,
}: {
  histogram: Histogram;
  marks: NotableMark[];
  /** This row holds the lane's one Tab stop (its first mark). */
  first: boolean;
  onPick(mark: NotableMark): void;
}) {
  let tabStop = holdsTabStop;
  const first = Date.parse(histogram.buckets[0]?.start ?? '');
  const last = Date.parse(histogram.buckets[histogram.buckets.length - 1]?.start ?? '') + histogram.intervalMs - 1;
  const clamp = (ms: number) => new Date(Math.min(last, Math.max(first, ms))).toISOString();
  return (
    <>
      {marks.map((mark, i) => {
        const from = Date.parse(mark.from);
        const to = Date.parse(mark.to) - 1;
        if (to < first || from > last) return null;
        const [start, end] = placeMarks(histogram, [
          { at: clamp(from), label: '' },
          { at: clamp(to), label: '' },
        ]);
        if (!start || !end) return null;
        const tabIndex = tabStop ? 0 : -1;
        tabStop = false;
        return (
          <button
            key={i}
            type="button"
            tabIndex={tabIndex}
            className="notable__mark"
            style={{ left: `${start.left}%`, width: `${Math.max(0, end.left - start.left)}%` }}
            title={`${mark.label} — click to show these events`}
            aria-label={`${mark.label}: show these events`}
            onClick={() => onPick(mark)}
          />
        );
      })}
    </>
  );
}
