// The facet sidebar: exact top values of action, actor, ip, outcome and target for the current query, with
// "n distinct · k missing". A click adds `field:value`, Alt-click or the − button adds `-field:value` (flipping an
// existing clause of the other sign in place); on a focused value Enter includes and `-` excludes.
import type { KeyboardEvent, MouseEvent } from 'react';
import { FACET_NAMES, type Facet, type FacetName } from '@shared/domain/audit-event';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../lib/format';
import { useQuery } from '../query/query.store';
import { addFieldClause } from '../query/query-text';
import { useFacets } from './use-facets';

const TITLES: Record<FacetName, string> = {
  action: 'Action',
  actor: 'Actor',
  ip: 'IP address',
  country: 'Country',
  outcome: 'Outcome',
  target: 'Target',
  first_seen: 'First seen',
};

export function FacetSidebar() {
  const applied = useQuery((s) => s.applied);
  const run = useQuery((s) => s.run);
  const { facets, total, loading, error, retry } = useFacets(applied);

  const add = (field: FacetName, value: string, negate: boolean) => {
    if (applied) void run(addFieldClause(applied.query, field, value, negate));
  };

  return (
    <nav className={`facets${loading ? ' is-stale' : ''}`} aria-label="Field values" aria-busy={loading}>
      {error && <ErrorNotice title="Field counts not loaded:" message={error} onRetry={retry} />}
      {facets && total === 0 ? (
        <p className="muted facets__loading">No matching events, so no values to count.</p>
      ) : facets ? (
        FACET_NAMES.map((name) => <FacetGroup key={name} name={name} facet={facets[name]} total={total} onAdd={add} />)
      ) : (
        !error && <p className="muted facets__loading">Counting values…</p>
      )}
    </nav>
  );
}

interface GroupProps {
  name: FacetName;
  facet: Facet;
  total: number;
  onAdd(field: FacetName, value: string, negate: boolean): void;
}

function FacetGroup({ name, facet, total, onAdd }: GroupProps) {
  const shown = facet.values.length;
  return (
    <section className="facet" aria-labelledby={`facet-${name}`}>
      <h2 className="facet__title" id={`facet-${name}`}>
        {TITLES[name]}
      </h2>
      <p className="facet__meta muted">
        {shown < facet.distinct ? `top ${shown} of ` : ''}
        {formatCount(facet.distinct)} distinct
        {facet.missing > 0 ? ` · ${formatCount(facet.missing)} missing` : ''}
      </p>
      {shown === 0 ? (
        <p className="muted facet__none">No values.</p>
      ) : (
        <ul className="facet__values">
          {facet.values.map(({ value, count }) => (
            <FacetValue key={value} name={name} value={value} count={count} total={total} onAdd={onAdd} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface ValueProps {
  name: FacetName;
  value: string;
  count: number;
  total: number;
  onAdd(field: FacetName, value: string, negate: boolean): void;
}

function FacetValue({ name, value, count, total, onAdd }: ValueProps) {
  const onClick = (e: MouseEvent) => onAdd(name, value, e.altKey);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === '-') {
      e.preventDefault();
      onAdd(name, value, true);
    }
  };
  const share = total > 0 ? (count / total) * 100 : 0;
  return (
    <li className="facet__value">
      <button
        type="button"
        className={`facet__include${name === 'outcome' ? ` outcome--${value}` : ''}`}
        title={`Add ${name}:${value} (Alt-click or − to exclude)`}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        <span className="facet__bar" style={{ width: `${share}%` }} aria-hidden="true" />
        <span className={`facet__text${name === 'ip' ? ' mono' : ''}`}>{value}</span>
        <span className="facet__count">{formatCount(count)}</span>
      </button>
      <button
        type="button"
        className="facet__exclude"
        aria-label={`Exclude ${name}:${value}`}
        title={`Add -${name}:${value}`}
        onClick={() => onAdd(name, value, true)}
      >
        −
      </button>
    </li>
  );
}
