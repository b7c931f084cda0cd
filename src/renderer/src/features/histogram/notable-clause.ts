// What a click on the notable lane runs: the query with a mark's clause (query text from the engine, e.g.
// `category:security`, `actor:"a b"`, `finding:12`) added unless already one of its clauses, and the mark's time
// range set in place of the query's own. Pure.
import { append, setTimeRange, topLevel, tryParse } from '@shared/domain/query-edit';
import { queryInstant } from '../../lib/format';

export function narrowed(query: string, clause: string, range?: { from: string; to: string }, zone = 'UTC'): string {
  const root = tryParse(query);
  // Already one of the query's own clauses (as typed, not negated): nothing to add.
  const has = root ? topLevel(root).some((n) => query.slice(n.span.start, n.span.end) === clause) : false;
  const withClause = has ? query : append(query, root, clause);
  if (!range) return withClause;
  return setTimeRange(withClause, queryInstant(Date.parse(range.from), zone), queryInstant(Date.parse(range.to), zone));
}
