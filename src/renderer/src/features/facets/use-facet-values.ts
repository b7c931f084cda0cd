// One facet's values page by page ('events.facetValues'): for the Rare list and for "show all", where the list is
// virtualized and asks only for the pages in view. Pages are kept per scope (query, zone, field, order, search); a
// new scope drops them and withdraws the calls still in flight.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FacetName, FacetOrder, ValueCount } from '@shared/domain/audit-event';
import { call } from '../../lib/bridge';
import { isWithdrawn } from '../../lib/bridge-error';
import { errorMessage } from '../../lib/error-message';

export const FACET_PAGE = 100;

export interface FacetValuesScope {
  query: string;
  timeZone: string;
  field: FacetName;
  order: FacetOrder;
  search: string;
}

export interface FacetValuesState {
  /** Distinct values containing the search text; null until the first page is in. */
  distinct: number | null;
  /** Value `i` of the list, once its page is in. */
  at(i: number): ValueCount | undefined;
  /** Asks for the pages holding values `from` to `to` (exclusive) that are not in or on their way. */
  ensure(from: number, to: number): void;
  error: string | null;
}

interface Pages {
  key: string | null;
  pages: Map<number, ValueCount[]>;
  asked: Set<number>;
  controller: AbortController;
  distinct: number | null;
  error: string | null;
}

const fresh = (key: string | null): Pages => ({
  key,
  pages: new Map(),
  asked: new Set(),
  controller: new AbortController(),
  distinct: null,
  error: null,
});

export function useFacetValues(scope: FacetValuesScope | null): FacetValuesState {
  const key = scope ? JSON.stringify(scope) : null;
  const state = useRef<Pages>(fresh(key));
  // A new scope starts over at once, in this render: the list's own effects ask for its pages right after.
  if (state.current.key !== key) {
    state.current.controller.abort();
    state.current = fresh(key);
  }
  const [, setVersion] = useState(0);
  useEffect(() => () => state.current.controller.abort(), []);

  const ensure = useCallback(
    (from: number, to: number) => {
      const own = state.current;
      if (!scope || own.key !== key) return;
      const signal = own.controller.signal;
      for (let page = Math.floor(from / FACET_PAGE); page * FACET_PAGE < Math.max(to, from + 1); page++) {
        if (own.asked.has(page)) continue;
        own.asked.add(page);
        call('events.facetValues', { ...scope, offset: page * FACET_PAGE, limit: FACET_PAGE }, { signal }).then(
          (answer) => {
            if (signal.aborted) return;
            own.pages.set(page, answer.values);
            own.distinct = answer.distinct;
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (signal.aborted || isWithdrawn(e)) return;
            own.asked.delete(page);
            own.error = errorMessage(e);
            setVersion((v) => v + 1);
          },
        );
      }
    },
    // The scope is whole in its key.
    [key],
  );

  const own = state.current;
  const at = (i: number) => own.pages.get(Math.floor(i / FACET_PAGE))?.[i % FACET_PAGE];
  return { distinct: own.distinct, at, ensure, error: own.error };
}
