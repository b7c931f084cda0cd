// What the query bar offers under the caret: field names while a bare word is typed (`act` → `action:`), the top
// values of a field once `field:` is typed ('events.values', counted among the events the rest of the query
// matches; `first_seen:` offers its three fixed values), and recent queries from the history. Value lookups wait for a short pause in typing and a lookup for
// an older word is withdrawn.
import { useEffect, useMemo, useState } from 'react';
import type { ValueCount } from '@shared/domain/audit-event';
import type { ValueField } from '@shared/domain/query-ast';
import { call } from '../../lib/bridge';
import {
  contextQuery,
  fieldSuggestions,
  fixedValueSuggestions,
  tokenAt,
  valueFieldOf,
  type Suggestion,
  type Token,
} from './autocomplete';
import { recentQueries } from './query-history';
import { queryErrorAt } from './query-text';
import { useQuery } from './query.store';

/** Every value containing the typed text (issue 18: rare values were never offered), up to a list one scrolls. */
const VALUE_LIMIT = 500;
const HISTORY_LIMIT = 5;
/** A pause in typing before values are asked for: one request per word, not per key. */
const VALUE_DELAY_MS = 120;

export function useSuggestions(
  text: string,
  caret: number,
  active: boolean,
): { token: Token; suggestions: Suggestion[] } {
  const history = useQuery((s) => s.history);
  const timeZone = useQuery((s) => s.applied?.timeZone ?? 'UTC');
  const token = useMemo(() => tokenAt(text, caret), [text, caret]);
  const field = valueFieldOf(token);
  const context = useMemo(() => {
    const rest = contextQuery(text, token);
    return queryErrorAt(rest) === null ? rest : '';
  }, [text, token]);
  const values = useFieldValues(active ? field : null, token.typed, context, timeZone);

  const suggestions = useMemo<Suggestion[]>(() => {
    if (!active) return [];
    if (token.field !== null) {
      const fixed = fixedValueSuggestions(token);
      if (fixed.length > 0) return fixed;
      return field && values
        ? values.map((v) => ({ kind: 'value', field, value: v.value, count: v.count, label: v.value }))
        : [];
    }
    const recent = recentQueries(history, text, HISTORY_LIMIT).map((query): Suggestion => ({
      kind: 'history',
      query,
      label: query,
    }));
    return [...fieldSuggestions(token), ...recent];
  }, [active, token, field, values, history, text]);

  return { token, suggestions };
}

function useFieldValues(
  field: ValueField | null,
  prefix: string,
  query: string,
  timeZone: string,
): ValueCount[] | null {
  const [answer, setAnswer] = useState<{ key: string; values: ValueCount[] } | null>(null);
  const key = field === null ? '' : JSON.stringify([field, prefix, query, timeZone]);
  useEffect(() => {
    if (field === null) return;
    let current = true;
    const withdraw = new AbortController();
    const timer = setTimeout(() => {
      call('events.values', { query, timeZone, field, prefix, limit: VALUE_LIMIT }, { signal: withdraw.signal })
        .then(({ values }) => current && setAnswer({ key, values }))
        // No suggestions is the only sensible fallback while typing; the query itself reports its own errors.
        .catch(() => current && setAnswer({ key, values: [] }));
    }, VALUE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      // Typed on, or the list closed (the query ran): the lookup is withdrawn, not left holding a connection.
      withdraw.abort();
    };
  }, [field, prefix, query, timeZone, key]);
  return answer?.key === key ? answer.values : null;
}
