// The query and its result: the text being typed, the scope that last ran successfully (query, zone, order) with
// its total and the window of rows, the clauses switched off (chips) and the query history. `run` is the one way a
// query reaches the table: a query the core refuses (USAGE) leaves the last good results in place and shows the
// error inline. Imports no other feature's store but the case's and the preferences': the features above it follow
// it (the selection, started by main.tsx) or hand their part in (the histogram store: its buckets, for seeking).
import { create } from 'zustand';
import type { QueryScope } from '@shared/contract';
import type { Histogram } from '@shared/domain/audit-event';
import type { QueryErrorInfo } from '@shared/domain/query-ast';
import { call, errorMessage } from '../../lib/bridge';
import { isBridgeError } from '../../lib/bridge-error';
import { zoneOf } from '../../lib/format';
import { panelsSettled, withdrawPanelCalls } from '../../lib/panel-loader';
import { openingRoute } from '../../lib/opening-route';
import { useCase } from '../case/case.store';
import { usePreferences } from '../preferences/preferences.store';
import { removeChip, toggleChip, type ParkedClause } from './chips';
import { EventWindow, FIRST_PAGE_SIZE, seekPointsOf, type WindowScope } from './event-window';
import { loadHistory, saveHistory } from './history-storage';
import { emptyHistory, mergeHistory, recordQuery, stepHistory, type QueryHistory } from './query-history';
import { clauseList, queryErrorAt } from './query-text';

export type Order = 'asc' | 'desc';

export interface AppliedScope extends WindowScope {
  total: number;
  /** Count and first page, as the user waited for them. */
  tookMs: number;
}

export interface QueryError {
  query: string;
  message: string;
  /** Where the shared parser stops, for the caret; null when only the core knows what is wrong. */
  at: QueryErrorInfo | null;
}

interface QueryState {
  draft: string;
  applied: AppliedScope | null;
  rows: EventWindow | null;
  running: boolean;
  queryError: QueryError | null;
  /** A failure that is not the query's fault (the server went away, the case could not be read). */
  loadError: string | null;
  /** The root's data-app-state: `loaded` once the first page (rows or an empty result) is on screen. */
  appState: 'loading' | 'loaded' | 'error';
  order: Order;
  /** Clauses switched off in the chips row: out of the query, kept to switch back on. */
  parked: ParkedClause[];
  history: QueryHistory;
  setDraft(text: string): void;
  /**
   * Runs a query; `fromHistory` when stepping through the history, which must not rewrite it; `parked` is the chips'
   * switched-off clauses to show with its results (set together, so the row never shows a clause twice).
   */
  run(query?: string, options?: { fromHistory?: boolean; parked?: ParkedClause[] }): Promise<void>;
  toggleChip(position: number): void;
  removeChip(position: number): void;
  /** Alt+← / Alt+→: runs the previous or next query of the history; false at either end. */
  stepHistory(delta: -1 | 1): boolean;
  setOrder(order: Order): void;
}

/** The case whose stored history is merged into the session's (the case path arrives after the first run starts). */
let historyCase: string | null = null;

/** The session's history with the case's stored one merged in, once the case is known. */
function historyWithStored(history: QueryHistory): QueryHistory {
  const path = useCase.getState().info?.path;
  if (!path || path === historyCase) return history;
  historyCase = path;
  return mergeHistory(loadHistory(path), history);
}

/** The loaded histogram of a scope, whose exact bucket counts let the table seek (none until one is handed in). */
let histogramOf: (scope: QueryScope) => Histogram | null = () => null;

/** Where the rows' window finds a histogram to seek by: the histogram panel's, which sits above this store. */
export function seekByHistograms(lookup: (scope: QueryScope) => Histogram | null): void {
  histogramOf = lookup;
}

let runCounter = 0;
/** The query of the newest run, while it runs: a new zone or order asks again for it, not for the one it replaces. */
let inFlight: string | null = null;

/** What a new zone or order runs again: the query still on its way, else the one on screen. */
function currentQuery(applied: { query: string } | null): string | null {
  return inFlight ?? applied?.query ?? null;
}

export const useQuery = create<QueryState>((set, get) => ({
  draft: openingRoute.q,
  applied: null,
  rows: null,
  running: false,
  queryError: null,
  loadError: null,
  appState: 'loading',
  order: openingRoute.order ?? 'desc',
  parked: openingRoute.off,
  history: emptyHistory(),

  setDraft: (draft) => set({ draft }),

  async run(query = get().draft, options = {}) {
    const id = ++runCounter;
    inFlight = query;
    const { order, applied: previous } = get();
    const scope: WindowScope = { query, timeZone: zoneOf(usePreferences.getState().zoneMode), order };
    // The panels' answers for the old scope would be replaced anyway; they ask again once this query has settled.
    if (previous && (previous.query !== query || previous.timeZone !== scope.timeZone)) withdrawPanelCalls();
    set({ running: true, draft: query });
    const started = performance.now();
    try {
      // Count and first page together: neither alone is a result worth showing.
      const [{ count }, first] = await Promise.all([
        call('events.count', { query, timeZone: scope.timeZone }),
        call('events.page', { ...scope, limit: FIRST_PAGE_SIZE }),
      ]);
      if (id !== runCounter) return; // a newer run owns the view
      inFlight = null;
      const rows = new EventWindow(
        scope,
        count,
        first,
        (request) => call('events.page', request),
        () => {
          const histogram = histogramOf(scope);
          return histogram ? seekPointsOf(histogram, scope.order, count) : [];
        },
        (bucketQuery) => call('events.histogram', { query: bucketQuery, timeZone: scope.timeZone }),
      );
      get().rows?.dispose();
      // A clause typed back into the query is no longer a switched-off chip.
      const inQuery = new Set(clauseList(query).map((c) => c.text));
      let history = historyWithStored(get().history);
      if (!options.fromHistory) history = recordQuery(history, query);
      if (historyCase) saveHistory(historyCase, history);
      set({
        applied: { ...scope, total: count, tookMs: Math.round(performance.now() - started) },
        rows,
        running: false,
        queryError: null,
        loadError: null,
        appState: 'loaded',
        parked: (options.parked ?? get().parked).filter((p) => !inQuery.has(p.text)),
        history,
      });
      panelsSettled();
    } catch (error) {
      if (id !== runCounter) return;
      inFlight = null;
      if (isBridgeError(error) && error.code === 'USAGE') {
        set({
          running: false,
          queryError: { query, message: error.message, at: queryErrorAt(query) },
          loadError: null,
          appState: 'loaded',
        });
      } else {
        set({ running: false, loadError: errorMessage(error), appState: get().applied ? 'loaded' : 'error' });
      }
      panelsSettled();
    }
  },

  setOrder(order) {
    set({ order });
    const query = currentQuery(get().applied);
    if (query !== null) void get().run(query);
  },

  toggleChip(position) {
    const next = toggleChip({ query: get().applied?.query ?? get().draft, parked: get().parked }, position);
    void get().run(next.query, { parked: next.parked });
  },

  removeChip(position) {
    const query = get().applied?.query ?? get().draft;
    const next = removeChip({ query, parked: get().parked }, position);
    // Removing a switched-off chip changes nothing that runs.
    if (next.query === query) set({ parked: next.parked });
    else void get().run(next.query, { parked: next.parked });
  },

  stepHistory(delta) {
    const step = stepHistory(historyWithStored(get().history), delta);
    if (!step) return false;
    set({ history: step.history });
    void get().run(step.query, { fromHistory: true });
    return true;
  },
}));

// The case's stored history joins the session's as soon as the case is known (its path is the storage key), so
// a new window offers the queries of earlier ones even before it runs a second query.
useCase.subscribe((state) => {
  if (!state.info || state.info.path === historyCase) return;
  const history = historyWithStored(useQuery.getState().history);
  if (historyCase) saveHistory(historyCase, history);
  useQuery.setState({ history });
});

// Zone-less dates in the query and the histogram's buckets are read in the display zone: a new zone asks again.
usePreferences.subscribe((state, previous) => {
  const query = currentQuery(useQuery.getState().applied);
  if (state.zoneMode !== previous.zoneMode && query !== null) void useQuery.getState().run(query);
});
