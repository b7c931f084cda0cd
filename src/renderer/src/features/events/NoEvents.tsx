// The table's empty state, which names the cause and offers ways out (UX.md §7): a case with nothing imported is
// told apart from a query that matches nothing, and each clause of the query is offered for removal with the
// exact number of events its removal would bring back.
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { call } from '../../lib/bridge';
import { formatCount } from '../../lib/format';
import { useCase } from '../case/case.store';
import { useQuery } from '../query/query.store';
import { clearTimeRange, hasTimeRange } from '@shared/domain/query-edit';
import { removeClause, topLevelClauses } from '../query/query-text';

const MAX_SUGGESTIONS = 6;

interface Suggestion {
  label: string;
  query: string;
  count: number | null;
}

function suggestionsFor(query: string): Suggestion[] {
  const list: Suggestion[] = topLevelClauses(query)
    .slice(0, MAX_SUGGESTIONS)
    .map((clause) => ({ label: `Remove ${clause.text}`, query: removeClause(query, clause), count: null }));
  if (hasTimeRange(query)) list.unshift({ label: 'Search all time', query: clearTimeRange(query), count: null });
  list.push({ label: 'Clear the query', query: '', count: null });
  // One button per distinct resulting query.
  return list.filter((s, i) => list.findIndex((t) => t.query === s.query) === i);
}

export function NoEvents({ query }: { query: string }) {
  const info = useCase((s) => s.info);
  const zone = useQuery((s) => s.applied?.timeZone ?? 'UTC');
  const run = useQuery((s) => s.run);
  const [suggestions, setSuggestions] = useState<Suggestion[]>(() => suggestionsFor(query));

  useEffect(() => {
    let current = true;
    const withdraw = new AbortController();
    const initial = suggestionsFor(query);
    setSuggestions(initial);
    // Exact counts for each way out; a count that fails just stays off the button.
    initial.forEach((s, i) => {
      call('events.count', { query: s.query, timeZone: zone }, { signal: withdraw.signal })
        .then(({ count }) => {
          if (current) setSuggestions((list) => list.map((t, j) => (j === i ? { ...t, count } : t)));
        })
        .catch(() => undefined);
    });
    return () => {
      current = false;
      // Counts no one will see would hold connections the next query needs.
      withdraw.abort();
    };
  }, [query, zone]);

  if (info && info.stats.events === 0) {
    return (
      <EmptyState title="This case has no events yet.">
        <p>
          Import audit-log files (JSON, NDJSON, gzip) with <code>trailscope import &lt;case&gt; &lt;files…&gt;</code>,
          or add and sync a source with <code>trailscope source add</code> and <code>trailscope source sync</code>. New
          events show up here after a refresh.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title={
        <>
          No events match <code>{query}</code> ({zone}).
        </>
      }
    >
      <p>Try one of these:</p>
      <ul className="empty-state__actions">
        {suggestions.map((s) => (
          <li key={s.query}>
            <button type="button" className="btn btn--small" onClick={() => void run(s.query)}>
              {s.label}
              {s.count !== null ? ` (${formatCount(s.count)})` : ''}
            </button>
          </li>
        ))}
      </ul>
    </EmptyState>
  );
}
