// The investigation's state: the query being typed and the one last run successfully (with its total and the
// window of rows), display zone, theme, order, selection and drawer, the clauses switched off (chips) and the query
// history. `run` is the one way a query reaches the table: a query the core refuses (USAGE) leaves the last good
// results in place and shows the error inline.
import { create } from 'zustand';
import type { QueryErrorInfo } from '../../../../shared/domain/query-ast';
import { call, errorMessage, isBridgeError } from '../../lib/bridge';
import { zoneOf, type ZoneMode } from '../../lib/format';
import { useCase } from '../case/case.store';
import { histogramFor } from '../histogram/histogram.store';
import { removeChip, toggleChip, type ParkedClause } from '../query/chips';
import { EventWindow, FIRST_PAGE_SIZE, seekPointsOf, type WindowScope } from './event-window';
import { loadHistory, saveHistory } from './history-storage';
import { emptyHistory, mergeHistory, recordQuery, stepHistory, type QueryHistory } from './query-history';
import { clauseList, queryErrorAt } from './query-text';
import { withdrawPanelCalls } from './panel-calls';
import { parseRoute } from './route';

export type Theme = 'light' | 'dark';
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

interface InvestigationState {
  draft: string;
  applied: AppliedScope | null;
  rows: EventWindow | null;
  running: boolean;
  queryError: QueryError | null;
  /** A failure that is not the query's fault (the server went away, the case could not be read). */
  loadError: string | null;
  /** The root's data-app-state: `loaded` once the first page (rows or an empty result) is on screen. */
  appState: 'loading' | 'loaded' | 'error';
  zoneMode: ZoneMode;
  theme: Theme;
  order: Order;
  selected: number | null;
  drawerOpen: boolean;
  /** 1-based rows fully in view, for the status bar. */
  visible: { from: number; to: number };
  /** Clauses switched off in the chips row: out of the query, kept to switch back on. */
  parked: ParkedClause[];
  /**
   * Bumped when a query has settled after the panels' calls were withdrawn for it (panel-calls.ts): the panels ask
   * again for the results on screen.
   */
  panelRound: number;
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
  setZoneMode(mode: ZoneMode): void;
  setTheme(theme: Theme): void;
  setOrder(order: Order): void;
  select(index: number | null): void;
  moveSelection(delta: number): void;
  openDrawer(index?: number): void;
  closeDrawer(): void;
  setVisible(visible: { from: number; to: number }): void;
}

const STORAGE = { theme: 'trailscope.theme', zone: 'trailscope.zone' } as const;

function stored<T extends string>(key: string, allowed: readonly T[]): T | undefined {
  try {
    const value = localStorage.getItem(key);
    return allowed.find((a) => a === value);
  } catch {
    return undefined; // storage can be off (private windows); the defaults do
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered across restarts; nothing else depends on it
  }
}

const route = typeof location === 'undefined' ? parseRoute('') : parseRoute(location.hash);
/** The event a copied link had open: opened once, after the first run. */
let pendingSelection = route.sel;
/** The case whose stored history is merged into the session's (the case path arrives after the first run starts). */
let historyCase: string | null = null;

/** The session's history with the case's stored one merged in, once the case is known. */
function historyWithStored(history: QueryHistory): QueryHistory {
  const path = useCase.getState().info?.path;
  if (!path || path === historyCase) return history;
  historyCase = path;
  return mergeHistory(loadHistory(path), history);
}
const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
let runCounter = 0;
/** The panels' calls were withdrawn for a query that has not settled yet. */
let panelsWithdrawn = false;

export const useInvestigation = create<InvestigationState>((set, get) => ({
  draft: route.q,
  applied: null,
  rows: null,
  running: false,
  queryError: null,
  loadError: null,
  appState: 'loading',
  zoneMode: route.tz ?? stored(STORAGE.zone, ['utc', 'local'] as const) ?? 'utc',
  theme: stored(STORAGE.theme, ['light', 'dark'] as const) ?? (prefersDark ? 'dark' : 'light'),
  order: route.order ?? 'desc',
  selected: null,
  drawerOpen: false,
  visible: { from: 0, to: 0 },
  parked: route.off,
  panelRound: 0,
  history: emptyHistory(),

  setDraft: (draft) => set({ draft }),

  async run(query = get().draft, options = {}) {
    const id = ++runCounter;
    const { zoneMode, order, applied: previous } = get();
    const scope: WindowScope = { query, timeZone: zoneOf(zoneMode), order };
    if (previous && (previous.query !== query || previous.timeZone !== scope.timeZone)) {
      withdrawPanelCalls();
      panelsWithdrawn = true;
    }
    // Once the latest query settles, the panels ask again after a withdrawal (see panel-calls.ts).
    const panelRound = () => {
      if (!panelsWithdrawn) return {};
      panelsWithdrawn = false;
      return { panelRound: get().panelRound + 1 };
    };
    set({ running: true, draft: query });
    const started = performance.now();
    try {
      // Count and first page together: neither alone is a result worth showing.
      const [{ count }, first] = await Promise.all([
        call('events.count', { query, timeZone: scope.timeZone }),
        call('events.page', { ...scope, limit: FIRST_PAGE_SIZE }),
      ]);
      if (id !== runCounter) return; // a newer run owns the view
      const rows = new EventWindow(
        scope,
        count,
        first,
        (request) => call('events.page', request),
        () => {
          const histogram = histogramFor(scope);
          return histogram ? seekPointsOf(histogram, scope.order, count) : [];
        },
        (bucketQuery) => call('events.histogram', { query: bucketQuery, timeZone: scope.timeZone }),
      );
      get().rows?.dispose();
      // The same query in the same order keeps its selection (a zone switch); anything else starts afresh.
      const keep = previous !== null && previous.query === query && previous.order === order;
      const opened = pendingSelection !== undefined && pendingSelection < count ? { selected: pendingSelection, drawerOpen: true } : null;
      pendingSelection = undefined;
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
        ...(keep ? {} : { selected: null, drawerOpen: false }),
        ...(opened ?? {}),
        parked: (options.parked ?? get().parked).filter((p) => !inQuery.has(p.text)),
        history,
        ...panelRound(),
      });
    } catch (error) {
      if (id !== runCounter) return;
      pendingSelection = undefined; // a link whose query does not run opens no event of another one
      if (isBridgeError(error) && error.code === 'USAGE') {
        set({ running: false, queryError: { query, message: error.message, at: queryErrorAt(query) }, loadError: null, appState: 'loaded', ...panelRound() });
      } else {
        set({ running: false, loadError: errorMessage(error), appState: get().applied ? 'loaded' : 'error', ...panelRound() });
      }
    }
  },

  setZoneMode(zoneMode) {
    remember(STORAGE.zone, zoneMode);
    set({ zoneMode });
    // Zone-less dates in the query and the histogram's buckets are read in the display zone: ask again.
    const applied = get().applied;
    if (applied) void get().run(applied.query);
  },

  setTheme(theme) {
    remember(STORAGE.theme, theme);
    set({ theme });
  },

  setOrder(order) {
    set({ order });
    const applied = get().applied;
    if (applied) void get().run(applied.query);
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

  select: (selected) => set({ selected }),

  moveSelection(delta) {
    const { applied, selected } = get();
    if (!applied || applied.total === 0) return;
    const next = selected === null ? 0 : Math.min(applied.total - 1, Math.max(0, selected + delta));
    set({ selected: next });
  },

  openDrawer(index) {
    const selected = index ?? get().selected;
    if (selected !== null) set({ selected, drawerOpen: true });
  },

  closeDrawer: () => set({ drawerOpen: false }),

  setVisible(visible) {
    const current = get().visible;
    if (current.from !== visible.from || current.to !== visible.to) set({ visible });
  },
}));

// The case's stored history joins the session's as soon as the case is known (its path is the storage key), so
// a new window offers the queries of earlier ones even before it runs a second query.
useCase.subscribe((state) => {
  if (!state.info || state.info.path === historyCase) return;
  const history = historyWithStored(useInvestigation.getState().history);
  if (historyCase) saveHistory(historyCase, history);
  useInvestigation.setState({ history });
});
