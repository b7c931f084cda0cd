// Exact facet counts ('events.facets') for the query that last ran; loads once the table's rows are drawn, keeps
// the old counts (dimmed) until the new ones arrive, and ignores answers for a query that is no longer current.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Facet, FacetName } from '../../../../shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call, errorMessage, isWithdrawn } from '../../lib/bridge';
import { useInvestigation, type AppliedScope } from '../investigation/investigation.store';
import { panelSignal } from '../investigation/panel-calls';

export const FACET_TOP = 10;

export interface FacetsState {
  total: number;
  facets: Record<FacetName, Facet> | null;
  loading: boolean;
  error: string | null;
  retry(): void;
}

export function useFacets(applied: AppliedScope | null): FacetsState {
  const [state, setState] = useState<Omit<FacetsState, 'retry'>>({ total: 0, facets: null, loading: false, error: null });
  const latest = useRef(0);
  const inFlight = useRef<AbortController | null>(null);

  const load = useCallback(async (scope: { query: string; timeZone: string }) => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    // The older call is withdrawn, and this one with the other panels' calls when a query for another scope starts.
    inFlight.current?.abort();
    const mine = new AbortController();
    inFlight.current = mine;
    const signal = AbortSignal.any([mine.signal, panelSignal()]);
    await afterNextPaint(); // after the table's rows are drawn
    if (id !== latest.current || signal.aborted) return;
    try {
      const value = await call('events.facets', { query: scope.query, timeZone: scope.timeZone, top: FACET_TOP }, { signal });
      if (id === latest.current) setState({ total: value.total, facets: value.facets, loading: false, error: null });
    } catch (error) {
      // A withdrawn call is asked again by whoever withdrew it.
      if (id === latest.current && !isWithdrawn(error)) setState((s) => ({ ...s, loading: false, error: errorMessage(error) }));
    }
  }, []);
  useEffect(() => () => inFlight.current?.abort(), []);

  // Only what the counts depend on: an order switch re-runs the table, not the facets; a refresh changes the total;
  // a new panel round asks again after the calls were withdrawn.
  const query = applied?.query;
  const timeZone = applied?.timeZone;
  const total = applied?.total;
  const panelRound = useInvestigation((s) => s.panelRound);
  useEffect(() => {
    if (query !== undefined && timeZone !== undefined) void load({ query, timeZone });
  }, [query, timeZone, total, panelRound, load]);

  return { ...state, retry: () => applied && void load(applied) };
}
