// Exact facet counts ('events.facets') for the query that last ran; loads once the table's rows are drawn, keeps
// the old counts (dimmed) until the new ones arrive, and ignores answers for a query that is no longer current.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Facet, FacetName } from '@shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call } from '../../lib/bridge';
import { createPanelLoader, usePanelRound } from '../../lib/panel-loader';
import type { AppliedScope } from '../query/query.store';

export const FACET_TOP = 10;

export interface FacetsState {
  total: number;
  facets: Record<FacetName, Facet> | null;
  loading: boolean;
  error: string | null;
  retry(): void;
}

export function useFacets(applied: AppliedScope | null): FacetsState {
  const [state, setState] = useState<Omit<FacetsState, 'retry'>>({
    total: 0,
    facets: null,
    loading: false,
    error: null,
  });
  const latest = useRef(0);
  const [loader] = useState(() => createPanelLoader(afterNextPaint));

  const load = useCallback(
    async (scope: { query: string; timeZone: string }) => {
      const id = ++latest.current;
      setState((s) => ({ ...s, loading: true, error: null }));
      await loader.load(
        (signal) => call('events.facets', { query: scope.query, timeZone: scope.timeZone, top: FACET_TOP }, { signal }),
        () => id === latest.current,
        {
          value: (value) => setState({ total: value.total, facets: value.facets, loading: false, error: null }),
          error: (error) => setState((s) => ({ ...s, loading: false, error })),
        },
      );
    },
    [loader],
  );
  useEffect(() => () => loader.withdraw(), [loader]);

  // Only what the counts depend on: an order switch re-runs the table, not the facets; a refresh changes the total;
  // a new panel round asks again after the calls were withdrawn.
  const query = applied?.query;
  const timeZone = applied?.timeZone;
  const total = applied?.total;
  const panelRound = usePanelRound((s) => s.round);
  useEffect(() => {
    if (query !== undefined && timeZone !== undefined) void load({ query, timeZone });
  }, [query, timeZone, total, panelRound, load]);

  return { ...state, retry: () => applied && void load(applied) };
}
