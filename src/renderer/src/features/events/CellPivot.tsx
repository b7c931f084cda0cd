// The selected row's cell actions (UX.md §3): + adds `field:value` to the query, − adds `-field:value` (flipping a
// clause of the other sign in place). Shown on the selected row, so the keyboard reaches them too (they are not
// hover-only); a click never opens the drawer underneath.
import type { MouseEvent } from 'react';
import type { QueryField } from '@shared/domain/query-ast';
import { useQuery } from '../query/query.store';
import { addFieldClause, fieldClause } from '../query/query-text';

export function CellPivot({ field, value }: { field: QueryField; value: string }) {
  const run = useQuery((s) => s.run);
  const query = useQuery((s) => s.applied?.query ?? '');
  const add = (negate: boolean) => (e: MouseEvent) => {
    e.stopPropagation();
    void run(addFieldClause(query, field, value, negate));
  };
  return (
    <span className="cell-actions">
      <button
        type="button"
        className="mini"
        aria-label={`Add ${fieldClause(field, value)} to the query`}
        title={`Add ${fieldClause(field, value)}`}
        onClick={add(false)}
      >
        +
      </button>
      <button
        type="button"
        className="mini"
        aria-label={`Add ${fieldClause(field, value, true)} to the query`}
        title={`Add ${fieldClause(field, value, true)}`}
        onClick={add(true)}
      >
        {'\u2212'}
      </button>
    </span>
  );
}
