// The histogram of the current query and zone: loaded once the table's first page is drawn, kept per scope so the
// table's window can seek by its exact bucket counts. Holds data and its error, and what the bars are stacked by
// (outcome or category, remembered); the chart is Histogram.tsx.
import { create } from 'zustand';
import type { Histogram } from '../../../../shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call, errorMessage, isWithdrawn } from '../../lib/bridge';
import { panelSignal } from '../investigation/panel-calls';

export interface HistogramScope {
  query: string;
  timeZone: string;
}

export const scopeKey = (scope: HistogramScope) => `${scope.timeZone}\u0000${scope.query}`;

export type StackBy = 'outcome' | 'category';
const STACK_KEY = 'trailscope.histogram.by';

function storedBy(): StackBy {
  try {
    return localStorage.getItem(STACK_KEY) === 'category' ? 'category' : 'outcome';
  } catch {
    return 'outcome';
  }
}

interface HistogramState {
  key: string | null;
  scope: HistogramScope | null;
  by: StackBy;
  setBy(by: StackBy): void;
  data: Histogram | null;
  loading: boolean;
  error: string | null;
  load(scope: HistogramScope): Promise<void>;
}

let latest: AbortController | null = null;

/** The signal for a new load's call: withdrawn by the next load, or with the other panels' calls. */
function supersede(): AbortSignal {
  latest?.abort();
  latest = new AbortController();
  return AbortSignal.any([latest.signal, panelSignal()]);
}

export const useHistogramStore = create<HistogramState>((set, get) => ({
  key: null,
  scope: null,
  by: storedBy(),
  setBy(by) {
    try {
      localStorage.setItem(STACK_KEY, by);
    } catch {
      // remembered for this session only
    }
    set({ by });
    const scope = get().scope;
    if (scope) void get().load(scope);
  },
  data: null,
  loading: false,
  error: null,
  async load(scope) {
    const key = scopeKey(scope);
    // The old bars stay up (dimmed) until the new ones arrive.
    const by = get().by;
    set({ key, scope, loading: true, error: null });
    // An answer for another scope, or stacked the other way, is no longer wanted: the older call is withdrawn.
    const current = () => get().key === key && get().by === by;
    const signal = supersede();
    await afterNextPaint();
    if (!current() || signal.aborted) return;
    try {
      const data = await call('events.histogram', { ...scope, by }, { signal });
      if (current()) set({ data, loading: false });
    } catch (error) {
      // A withdrawn call is asked again by whoever withdrew it (a newer load, or the next panel round).
      if (current() && !isWithdrawn(error)) set({ loading: false, error: errorMessage(error) });
    }
  },
}));

/** The histogram for exactly this scope, or null while another scope's bars are still shown. */
export function histogramFor(scope: HistogramScope): Histogram | null {
  const state = useHistogramStore.getState();
  return state.key === scopeKey(scope) && !state.loading ? state.data : null;
}
