// A facet's "show all" (UX.md §3, issue 18): every value among the query's events with its exact count, in the
// facet's order (top or rare), filtered by a search box (substring, any case), in a virtualized list that asks the
// engine only for the pages in view (use-facet-values.ts): fast at any number of distinct values.
import { useEffect, useState, type CSSProperties, type ReactNode, type UIEvent } from 'react';
import type { FacetName, FacetOrder, ValueCount } from '@shared/domain/audit-event';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../lib/format';
import { useFacetValues } from './use-facet-values';

/** Rows are one fixed height (the facet rows' 24 px), so a row's place is its index times that. */
const ROW = 24;
/** Rows in view at once; the list is at most this tall. */
const VISIBLE = 14;
/** Rows drawn beyond either edge, so a quick scroll shows values rather than gaps. */
const OVERSCAN = 10;
const SEARCH_PAUSE_MS = 150;

interface Props {
  name: FacetName;
  title: string;
  query: string;
  timeZone: string;
  order: FacetOrder;
  /** A value's row (an `li`), placed by `style`. */
  renderValue(value: ValueCount, style: CSSProperties): ReactNode;
}

export function FacetAllValues({ name, title, query, timeZone, order, renderValue }: Props) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const [scrollTop, setScrollTop] = useState(0);
  const values = useFacetValues({ query, timeZone, field: name, order, search });
  const distinct = values.distinct;

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(distinct ?? VISIBLE, Math.ceil(scrollTop / ROW) + VISIBLE + OVERSCAN);
  const { ensure } = values;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  // A new search starts at the top.
  useEffect(() => setScrollTop(0), [search, order]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const value = values.at(i);
    const style = { top: i * ROW };
    rows.push(
      value ? (
        renderValue(value, style)
      ) : (
        <li key={`pending-${i}`} className="facet__value facet-all__pending muted" style={style}>
          …
        </li>
      ),
    );
  }

  return (
    <div className="facet-all">
      <input
        type="search"
        className="facet-all__search"
        placeholder={`Search ${title.toLowerCase()} values`}
        aria-label={`Search ${title} values`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <p className="facet__meta muted" aria-live="polite">
        {distinct === null
          ? 'Counting…'
          : `${formatCount(distinct)} ${search ? `containing “${search}”` : 'distinct'}, ${order === 'rare' ? 'rarest' : 'most frequent'} first`}
      </p>
      {values.error && <ErrorNotice title="Values not loaded:" message={values.error} />}
      <div
        key={`${search}\u0000${order}`}
        className="facet-all__scroll"
        style={{ height: Math.min(VISIBLE, Math.max(1, distinct ?? 1)) * ROW }}
        onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <ul
          className="facet__values facet-all__list"
          style={{ height: (distinct ?? 0) * ROW }}
          aria-label={`${title}: every value`}
        >
          {distinct === 0 ? null : rows}
        </ul>
      </div>
      {distinct === 0 && <p className="muted facet__none">No values{search ? ` containing “${search}”` : ''}.</p>}
    </div>
  );
}
