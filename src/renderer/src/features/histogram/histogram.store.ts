// The histogram of the current query and zone: loaded after the table's first page, kept per scope so the table's
// window can seek by its exact bucket counts. Holds data and its error, and what the bars are stacked by (outcome
// or category, remembered); the chart is Histogram.tsx.
import { create } from 'zustand';
import type { Histogram } from '../../../../shared/domain/audit-event';
import { call, errorMessage } from '../../lib/bridge';

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
    // An answer for another scope, or stacked the other way, is no longer wanted.
    const current = () => get().key === key && get().by === by;
    try {
      const data = await call('events.histogram', { ...scope, by });
      if (current()) set({ data, loading: false });
    } catch (error) {
      if (current()) set({ loading: false, error: errorMessage(error) });
    }
  },
}));

/** The histogram for exactly this scope, or null while another scope's bars are still shown. */
export function histogramFor(scope: HistogramScope): Histogram | null {
  const state = useHistogramStore.getState();
  return state.key === scopeKey(scope) && !state.loading ? state.data : null;
}
