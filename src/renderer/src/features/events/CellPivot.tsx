// The selected row's cell actions (UX.md §3): + adds `field:value` to the query, − adds `-field:value` (flipping a
// clause of the other sign in place); on the Time cell, that second (query-text.ts addPivot). Shown on the selected
// row, so the keyboard reaches them too (they are not hover-only); a click never opens the drawer underneath.
import type { MouseEvent } from 'react';
import { useQuery } from '../query/query.store';
import { addPivot, pivotClause, type Pivot } from '../query/query-text';

export function CellPivot({ pivot }: { pivot: Pivot }) {
  const run = useQuery((s) => s.run);
  const query = useQuery((s) => s.applied?.query ?? '');
  const add = (negate: boolean) => (e: MouseEvent) => {
    e.stopPropagation();
    void run(addPivot(query, pivot, negate));
  };
  return (
    <span className="cell-actions">
      <button
        type="button"
        className="mini"
        aria-label={`Add ${pivotClause(pivot)} to the query`}
        title={`Add ${pivotClause(pivot)}`}
        onClick={add(false)}
      >
        +
      </button>
      <button
        type="button"
        className="mini"
        aria-label={`Add ${pivotClause(pivot, true)} to the query`}
        title={`Add ${pivotClause(pivot, true)}`}
        onClick={add(true)}
      >
        {'\u2212'}
      </button>
    </span>
  );
}
