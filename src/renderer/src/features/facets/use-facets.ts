// Exact facet counts ('events.facets') for the query that last ran; loads after the table, keeps the old counts
// (dimmed) until the new ones arrive, and ignores answers for a query that is no longer current.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Facet, FacetName } from '../../../../shared/domain/audit-event';
import { call, errorMessage } from '../../lib/bridge';
import type { AppliedScope } from '../investigation/investigation.store';

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

  const load = useCallback(async (scope: { query: string; timeZone: string }) => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const value = await call('events.facets', { query: scope.query, timeZone: scope.timeZone, top: FACET_TOP });
      if (id === latest.current) setState({ total: value.total, facets: value.facets, loading: false, error: null });
    } catch (error) {
      if (id === latest.current) setState((s) => ({ ...s, loading: false, error: errorMessage(error) }));
    }
  }, []);

  // Only what the counts depend on: an order switch re-runs the table, not the facets; a refresh changes the total.
  const query = applied?.query;
  const timeZone = applied?.timeZone;
  const total = applied?.total;
  useEffect(() => {
    if (query !== undefined && timeZone !== undefined) void load({ query, timeZone });
  }, [query, timeZone, total, load]);

  return { ...state, retry: () => applied && void load(applied) };
}
