// Filter for / filter out one value of the drawer (UX.md §3, §5): `+` adds `field:value` to the query and `−` adds
// `-field:value`, flipping an existing clause of the other sign in place; on the event's time, that second
// (query-text.ts addPivot). Shown on hover and on focus, so the keyboard reaches them. Also the list of a JSON
// column's values (metadata, changes, raw), each with its dotted field.
import type { JsonColumn } from '@shared/domain/query-ast';
import { addPivot, pivotClause, pivotName, type Pivot, type PivotField } from '../query/query-text';
import { useQuery } from '../query/query.store';
import { jsonLeaves } from './json-leaves';

const MINUS = '\u2212';

export function FilterButtons({ pivot }: { pivot: Pivot }) {
  const query = useQuery((s) => s.applied?.query ?? '');
  const run = useQuery((s) => s.run);
  return (
    <span className="fields__actions">
      <button
        type="button"
        className="mini"
        aria-label={`Add ${pivotClause(pivot)} to the query`}
        title={`Filter for this value (${pivotClause(pivot)})`}
        onClick={() => void run(addPivot(query, pivot, false))}
      >
        +
      </button>
      <button
        type="button"
        className="mini"
        aria-label={`Add ${pivotClause(pivot, true)} to the query`}
        title={`Filter out this value (${pivotClause(pivot, true)})`}
        onClick={() => void run(addPivot(query, pivot, true))}
      >
        {MINUS}
      </button>
    </span>
  );
}

/** How many values of one JSON column the drawer lists; the rest are counted, and the raw text shows them all. */
const MAX_LEAVES = 500;

/** Every value inside a JSON column as `column.key.key  value  + −`; a JSON null has nothing to filter by. */
export function JsonFields({ column, json, label }: { column: JsonColumn; json: unknown; label: string }) {
  const { leaves, total } = jsonLeaves(json, MAX_LEAVES);
  if (total === 0) return null;
  return (
    <>
      <dl className="fields" aria-label={label}>
        {leaves.map(({ keys, value }) => {
          const field: PivotField = { column, keys };
          const name = pivotName(field);
          return (
            <div key={name} className="fields__row">
              <dt title={name}>{name}</dt>
              <dd className="mono">
                {value ?? <span className="muted">null</span>}
                {value !== null && value !== '' && <FilterButtons pivot={{ field, value }} />}
              </dd>
            </div>
          );
        })}
      </dl>
      {total > leaves.length && (
        <p className="muted">
          The first {leaves.length} of {total} values; the raw record below has them all.
        </p>
      )}
    </>
  );
}
