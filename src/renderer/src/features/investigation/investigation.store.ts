// The investigation's state: the query being typed and the one last run successfully (with its total and the
// window of rows), display zone, theme, order, selection and drawer. `run` is the one way a query reaches the table:
// a query the core refuses (USAGE) leaves the last good results in place and shows the error inline.
import { create } from 'zustand';
import type { QueryErrorInfo } from '../../../../shared/domain/query-ast';
import { call, errorMessage, isBridgeError } from '../../lib/bridge';
import { zoneOf, type ZoneMode } from '../../lib/format';
import { histogramFor } from '../histogram/histogram.store';
import { EventWindow, PAGE_SIZE, seekPointsOf, type WindowScope } from './event-window';
import { queryErrorAt } from './query-text';

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
  setDraft(text: string): void;
  run(query?: string): Promise<void>;
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

/** The route holds the query, zone and order, so a copied link (or a reload) reproduces the view. */
function routeState(): { query: string; zone?: ZoneMode; order?: Order } {
  const params = new URLSearchParams(location.hash.slice(1));
  const zone = params.get('tz');
  const order = params.get('order');
  return {
    query: params.get('q') ?? '',
    ...(zone === 'utc' || zone === 'local' ? { zone } : {}),
    ...(order === 'asc' || order === 'desc' ? { order } : {}),
  };
}

function writeRoute(query: string, zone: ZoneMode, order: Order): void {
  const params = new URLSearchParams({ q: query, tz: zone, order });
  history.replaceState(null, '', `#${params.toString()}`);
}

const route = routeState();
const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
let runCounter = 0;

export const useInvestigation = create<InvestigationState>((set, get) => ({
  draft: route.query,
  applied: null,
  rows: null,
  running: false,
  queryError: null,
  loadError: null,
  appState: 'loading',
  zoneMode: route.zone ?? stored(STORAGE.zone, ['utc', 'local'] as const) ?? 'utc',
  theme: stored(STORAGE.theme, ['light', 'dark'] as const) ?? (prefersDark ? 'dark' : 'light'),
  order: route.order ?? 'desc',
  selected: null,
  drawerOpen: false,
  visible: { from: 0, to: 0 },

  setDraft: (draft) => set({ draft }),

  async run(query = get().draft) {
    const id = ++runCounter;
    const { zoneMode, order, applied: previous } = get();
    const scope: WindowScope = { query, timeZone: zoneOf(zoneMode), order };
    set({ running: true, draft: query });
    const started = performance.now();
    try {
      // Count and first page together: neither alone is a result worth showing.
      const [{ count }, first] = await Promise.all([
        call('events.count', { query, timeZone: scope.timeZone }),
        call('events.page', { ...scope, limit: PAGE_SIZE }),
      ]);
      if (id !== runCounter) return; // a newer run owns the view
      const rows = new EventWindow(scope, count, first, (request) => call('events.page', request), () => {
        const histogram = histogramFor(scope);
        return histogram ? seekPointsOf(histogram, scope.order, count) : [];
      });
      get().rows?.dispose();
      // The same query in the same order keeps its selection (a zone switch); anything else starts afresh.
      const keep = previous !== null && previous.query === query && previous.order === order;
      set({
        applied: { ...scope, total: count, tookMs: Math.round(performance.now() - started) },
        rows,
        running: false,
        queryError: null,
        loadError: null,
        appState: 'loaded',
        ...(keep ? {} : { selected: null, drawerOpen: false }),
      });
      writeRoute(query, zoneMode, order);
    } catch (error) {
      if (id !== runCounter) return;
      if (isBridgeError(error) && error.code === 'USAGE') {
        set({ running: false, queryError: { query, message: error.message, at: queryErrorAt(query) }, loadError: null, appState: 'loaded' });
      } else {
        set({ running: false, loadError: errorMessage(error), appState: get().applied ? 'loaded' : 'error' });
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
