// The events grid: every matching row reachable by scrolling, but only the windows in view are fetched (see
// event-window.ts); @tanstack/react-table owns the columns and their sizes, use-row-window.ts the rows in the DOM. ARIA grid semantics with one tab stop (aria-activedescendant), arrows/Home/End/PageUp/PageDown, Enter to
// open the drawer. Old rows stay, dimmed, while a new query runs. Which columns show, in what order, and the row
// height come from the view store (the column chooser and density). `flagged` (handed in by the app: the events a
// verification found damage on, uid → what) marks their rows with a badge and a left border.
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useSyncExternalStore, type CSSProperties, type KeyboardEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { localZone, zoneAbbreviation } from '../../lib/format';
import { useSelection } from './selection.store';
import type { EventWindow } from '../query/event-window';
import { useQuery } from '../query/query.store';
import { CellPivot } from './CellPivot';
import { CELL_PIVOTS, eventColumns, type RowData } from './columns';
import { fitColumns } from './fit-columns';
import { useElementWidth } from '../../lib/use-element-width';
import { NoEvents } from './NoEvents';
import { useRowWindow } from './use-row-window';
import { useView } from './view.store';
import { useColumnDrag } from './use-column-drag';
import { COLUMN_IDS, ROW_HEIGHTS, type ColumnId } from './view-prefs';

export const GRID_ID = 'events-grid';
/** The table area: the skip link's target, there whether the grid is (rows) or not (an empty state, an error). */
export const RESULTS_ID = 'results';
const HEADER_HEIGHT = 30;

const rowId = (index: number) => `event-row-${index}`;

const NO_FLAGS: ReadonlyMap<string, string> = new Map();
const NO_DETECTIONS: ReadonlyMap<string, string[]> = new Map();
const NO_ANNOTATIONS: ReadonlyMap<string, RowAnnotation> = new Map();

/** What a row shows of its event's evidence-board entry (domain/evidence.ts Annotation). */
interface RowAnnotation {
  starred: boolean;
  tags: string[];
  comment: string | null;
}

export function EventsTable({
  flagged = NO_FLAGS,
  detected = NO_DETECTIONS,
  annotated = NO_ANNOTATIONS,
}: {
  flagged?: ReadonlyMap<string, string>;
  /** uid → the titles of the detection findings that flag the event. */
  detected?: ReadonlyMap<string, string[]>;
  /** uid → the event's star, tags and comment (the evidence board). */
  annotated?: ReadonlyMap<string, RowAnnotation>;
}) {
  const applied = useQuery((s) => s.applied);
  const rows = useQuery((s) => s.rows);
  const running = useQuery((s) => s.running);
  const loadError = useQuery((s) => s.loadError);
  const run = useQuery((s) => s.run);
  const draft = useQuery((s) => s.draft);

  // The area's height, kept by a ResizeObserver (read after layout, never forcing one): a grid mounting for a new
  // result renders the rows that fit at once.
  const area = useRef<HTMLDivElement>(null);
  const areaHeight = useRef(0);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) areaHeight.current = entry.contentRect.height;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div className="table-area" ref={area} id={RESULTS_ID} tabIndex={-1}>
      <ProgressBar active={running} label="Running the query" />
      {loadError && (
        <ErrorNotice
          title={applied ? 'The query did not run; the results below are older:' : 'Events not loaded:'}
          message={loadError}
          onRetry={() => void run(draft)}
        />
      )}
      {applied && rows ? (
        applied.total === 0 ? (
          <NoEvents query={applied.query} />
        ) : (
          <Grid
            key={`${applied.query}\u0000${applied.order}`}
            rows={rows}
            total={applied.total}
            stale={running}
            areaHeight={areaHeight.current}
            flagged={flagged}
            detected={detected}
            annotated={annotated}
          />
        )
      ) : (
        !loadError && <p className="muted table-area__loading">Loading events…</p>
      )}
    </div>
  );
}

interface GridProps {
  rows: EventWindow;
  total: number;
  stale: boolean;
  /** The table area's last known height (0 before it was laid out). */
  areaHeight: number;
  flagged: ReadonlyMap<string, string>;
  detected: ReadonlyMap<string, string[]>;
  annotated: ReadonlyMap<string, RowAnnotation>;
}

function Grid({ rows, total, stale, areaHeight, flagged, detected, annotated }: GridProps) {
  const zone = rows.scope.timeZone;
  const order = rows.scope.order;
  const setOrder = useQuery((s) => s.setOrder);
  const selected = useSelection((s) => s.selected);
  const select = useSelection((s) => s.select);
  const openDrawer = useSelection((s) => s.openDrawer);
  const setVisible = useView((s) => s.setVisible);
  const scroller = useRef<HTMLDivElement>(null);
  const gridWidth = useElementWidth(scroller);
  const version = useSyncExternalStore(rows.subscribe, rows.getVersion);
  const shownColumns = useView((s) => s.columns);
  const ROW_HEIGHT = ROW_HEIGHTS[useView((s) => s.density)];
  const columnVisibility = useMemo(
    () => Object.fromEntries(COLUMN_IDS.map((id) => [id, shownColumns.includes(id)])),
    [shownColumns],
  );

  const drag = useColumnDrag();
  const view = useRowWindow(scroller, total, ROW_HEIGHT, HEADER_HEIGHT, 12, Math.max(0, areaHeight - HEADER_HEIGHT));
  const items = view.items;
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  // Fetch what is on screen plus a screenful either side, so a steady scroll rarely shows a placeholder.
  useEffect(() => {
    const span = last - first + 1;
    rows.ensure(first - span, last + span);
  }, [rows, first, last]);

  // The rows in view, 1-based, for the status bar's "1–200 of …".
  const viewHeight = view.viewHeight;
  const visibleFrom = Math.min(total, view.firstVisible + 1);
  const visibleTo = Math.min(total, view.lastVisible + 1);
  useEffect(
    () => setVisible({ from: visibleFrom, to: Math.max(visibleFrom, visibleTo) }),
    [visibleFrom, visibleTo, setVisible],
  );

  // Keep the selected row in view when the keyboard moves it.
  const { reveal } = view;
  useEffect(() => {
    if (selected !== null) reveal(selected);
  }, [selected, reveal]);

  const otherZone = zone === 'UTC' ? localZone() : 'UTC';
  // The zone's abbreviation as of the rows in view (EDT in October, EST in November), not as of today.
  const shownAt = Date.parse(rows.rowAt(first)?.occurred_at ?? '') || Date.now();
  const columns = useMemo(() => eventColumns(zone, otherZone), [zone, otherZone]);
  // react-table sees only the rendered rows: the full result is never an array in memory.
  const data = useMemo<RowData[]>(
    () => items.map((item) => ({ index: item.index, event: rows.rowAt(item.index) })),
    // `version` is not read here, but it changes exactly when rows arrive.
    [items, rows, version],
  );
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.index),
    // The columns shown, in the chooser's order; the hidden ones follow (react-table appends ids not listed).
    state: { columnVisibility, columnOrder: shownColumns },
    columnResizeMode: 'onChange',
    enableColumnResizing: true,
  });

  const leaves = table.getVisibleLeafColumns();
  // Too narrow for every column (the drawer open): Description gives way first, Outcome and IP stay (fit-columns.ts).
  const widths = fitColumns(
    leaves.map((c) => ({ id: c.id, size: c.getSize(), minSize: c.columnDef.minSize ?? 0 })),
    gridWidth || Infinity,
  );
  const template = widths.map((w, i) => (i === leaves.length - 1 ? `minmax(${w}px, 1fr)` : `${w}px`)).join(' ');
  const minWidth = widths.reduce((sum, w) => sum + w, 0);
  const style = {
    '--grid-columns': template,
    '--grid-min-width': `${minWidth}px`,
    '--row-height': `${ROW_HEIGHT}px`,
  } as CSSProperties;

  const pageRows = Math.max(1, Math.floor(viewHeight / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys on a cell's own button (the selected row's + / −) are that button's.
    if (e.target !== e.currentTarget) return;
    const current = selected ?? -1;
    const to = (index: number) => {
      e.preventDefault();
      select(Math.min(total - 1, Math.max(0, index)));
    };
    switch (e.key) {
      case 'ArrowDown':
        return to(current + 1);
      case 'ArrowUp':
        return to(current - 1);
      case 'PageDown':
        return to(current + pageRows);
      case 'PageUp':
        return to(current - pageRows);
      case 'Home':
        return to(0);
      case 'End':
        return to(total - 1);
      case 'Enter':
        if (selected !== null) {
          e.preventDefault();
          openDrawer();
        }
    }
  };

  const tableRows = table.getRowModel().rows;
  return (
    <>
      {rows.error && <ErrorNotice title="Rows not loaded:" message={rows.error} onRetry={() => rows.retry()} />}
      <div
        ref={scroller}
        id={GRID_ID}
        className={`grid${stale ? ' is-stale' : ''}`}
        role="grid"
        aria-label="Events"
        aria-rowcount={total + 1}
        aria-colcount={leaves.length}
        aria-readonly="true"
        aria-busy={stale}
        aria-activedescendant={selected !== null && selected >= first && selected <= last ? rowId(selected) : undefined}
        tabIndex={0}
        style={style}
        onKeyDown={onKeyDown}
      >
        <div className="grid__head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div key={group.id} className="grid__row grid__row--head" role="row" aria-rowindex={1}>
              {group.headers.map((header, i) => {
                const isTime = header.column.id === 'time';
                const id = header.column.id as ColumnId;
                const next = (group.headers[i + 1]?.column.id ?? null) as ColumnId | null;
                const dropHere =
                  drag.marker === id
                    ? ' is-drop-before'
                    : drag.marker === 'end' && next === null
                      ? ' is-drop-after'
                      : '';
                return (
                  <div
                    key={header.id}
                    className={`grid__cell grid__cell--head${dropHere}`}
                    role="columnheader"
                    aria-colindex={i + 1}
                    aria-sort={isTime ? (order === 'desc' ? 'descending' : 'ascending') : undefined}
                    {...drag.target(id, next)}
                  >
                    {isTime ? (
                      <button
                        type="button"
                        className="sort-button"
                        title={`Times in ${zone}. ${order === 'desc' ? 'Newest first — click for oldest first' : 'Oldest first — click for newest first'}`}
                        onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')}
                      >
                        Time ({zoneAbbreviation(zone, shownAt)}) {order === 'desc' ? '↓' : '↑'}
                        <span className="sr-only">{order === 'desc' ? 'newest first' : 'oldest first'}</span>
                      </button>
                    ) : (
                      <span
                        className="grid__label"
                        title="Drag to move the column (or Columns → Move up / Move down)"
                        {...drag.handle(id)}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                      </span>
                    )}
                    <span
                      className={`resizer${header.column.getIsResizing() ? ' is-resizing' : ''}`}
                      aria-hidden="true"
                      onMouseDown={header.getResizeHandler()}
                      onTouchStart={header.getResizeHandler()}
                    />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div className="grid__body" role="rowgroup" style={{ height: view.bodyHeight }}>
          {items.map((item, k) => {
            const row = tableRows[k];
            const loaded = row?.original.event !== undefined;
            const flag = row?.original.event ? flagged.get(row.original.event.uid) : undefined;
            const findings = row?.original.event ? detected.get(row.original.event.uid) : undefined;
            const note = row?.original.event ? annotated.get(row.original.event.uid) : undefined;
            return (
              <div
                key={item.index}
                id={rowId(item.index)}
                className={`grid__row${selected === item.index ? ' is-selected' : ''}${loaded ? '' : ' is-placeholder'}${row?.original.event?.outcome === 'failure' ? ' is-failure' : ''}${flag ? ' is-flagged' : ''}${note?.starred ? ' is-starred' : ''}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected === item.index}
                aria-busy={!loaded}
                style={{ transform: `translateY(${item.top}px)` }}
                onClick={() => {
                  scroller.current?.focus({ preventScroll: true });
                  openDrawer(item.index);
                }}
              >
                {row?.getVisibleCells().map((cell, i) => {
                  const pivot = CELL_PIVOTS[cell.column.id];
                  const event = row.original.event;
                  const value = pivot && event && selected === item.index ? pivot(event) : null;
                  return (
                    <div
                      key={cell.id}
                      className={`grid__cell grid__cell--${cell.column.id}${value ? pivotClass(widths[i] ?? 0) : ''}`}
                      role="gridcell"
                      aria-colindex={i + 1}
                    >
                      {flag && i === 0 && <IntegrityFlag title={flag} />}
                      {findings && i === 0 && <FindingsCount titles={findings} />}
                      {note && i === 0 && <StarMark note={note} />}
                      {loaded ? (
                        flexRender(cell.column.columnDef.cell, cell.getContext())
                      ) : i === 0 ? (
                        <span className="muted">…</span>
                      ) : null}
                      {value ? <CellPivot pivot={value} /> : null}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

/** Below this width a cell's + / − would leave it no room: they show (and take their room) on hover or focus only. */
const PIVOTS_SHOWN_FROM = 120;
const pivotClass = (width: number) => (width >= PIVOTS_SHOWN_FROM ? ' has-pivot' : ' has-pivot has-pivot--compact');

/** The count on a row that detection findings flag: a glyph and a number; which findings on hover and for readers. */
function FindingsCount({ titles }: { titles: readonly string[] }) {
  const text = titles.join('\n');
  return (
    <span className="grid__findings" title={text}>
      <span aria-hidden="true">⚑{titles.length > 1 ? titles.length : ''}</span>
      <span className="sr-only">
        {titles.length === 1 ? 'Finding' : `${titles.length} findings`}: {titles.join('; ')}.{' '}
      </span>
    </span>
  );
}

/** The mark on a row a verification flagged: a glyph (never colour alone); what flagged it on hover and for readers. */
function IntegrityFlag({ title }: { title: string }) {
  return (
    <span className="grid__flag" title={title}>
      <span aria-hidden="true">⚠</span>
      <span className="sr-only">Integrity finding: {title}. </span>
    </span>
  );
}

/** The ★ on a starred row (✎ on one only tagged or commented): a glyph, never colour alone; its tags and comment on
 * hover and for readers. */
function StarMark({ note }: { note: RowAnnotation }) {
  const words = [note.starred ? 'Starred' : 'Annotated', ...note.tags.map((t) => `#${t}`), note.comment ?? ''];
  const text = words.filter(Boolean).join(' · ');
  return (
    <span className="grid__star" title={text}>
      <span aria-hidden="true">{note.starred ? '★' : '✎'}</span>
      <span className="sr-only">{text}. </span>
    </span>
  );
}
