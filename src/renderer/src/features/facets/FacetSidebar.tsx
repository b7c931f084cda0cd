// The facet sidebar: exact top values of action, actor, ip, country, outcome, target and first uses for the current
// query, with "n distinct · k missing"; each facet switches Top / Rare (least frequent first) and shows all its
// values, searchable (FacetAllValues.tsx). A click adds `field:value`, Alt-click or the − button adds `-field:value` (flipping an
// existing clause of the other sign in place); on a focused value Enter includes and `-` excludes.
import { useEffect, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { FACET_NAMES, type Facet, type FacetName, type FacetOrder, type ValueCount } from '@shared/domain/audit-event';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { formatCount } from '../../lib/format';
import { useQuery } from '../query/query.store';
import { addFieldClause } from '../query/query-text';
import { FacetAllValues } from './FacetAllValues';
import { useFacets } from './use-facets';
import { useFacetValues } from './use-facet-values';

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

/** Least frequent first, ties by value: the engine's rare order. */
const rarestFirst = (x: ValueCount, y: ValueCount) =>
  x.count - y.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0);

interface GroupProps {
  name: FacetName;
  facet: Facet;
  total: number;
  onAdd(field: FacetName, value: string, negate: boolean): void;
}

function FacetGroup({ name, facet, total, onAdd }: GroupProps) {
  const applied = useQuery((s) => s.applied);
  const [order, setOrder] = useState<FacetOrder>('top');
  const [all, setAll] = useState(false);
  const shown = facet.values.length;
  const value = ({ value, count }: ValueCount, style?: CSSProperties) => (
    <FacetValue key={value} name={name} value={value} count={count} total={total} onAdd={onAdd} style={style} />
  );
  // One value (or none) has no order worth switching, and nothing more to show.
  const choices = facet.distinct > 1;
  return (
    <section className="facet" aria-labelledby={`facet-${name}`} data-facet={name}>
      <div className="facet__head">
        <h2 className="facet__title" id={`facet-${name}`}>
          {TITLES[name]}
        </h2>
        {choices && (
          <SegmentedToggle<FacetOrder>
            label={`Order ${TITLES[name]} values`}
            value={order}
            onChange={setOrder}
            options={[
              { value: 'top', label: 'Top', title: 'Most frequent first' },
              { value: 'rare', label: 'Rare', title: 'Least frequent first' },
            ]}
          />
        )}
      </div>
      <p className="facet__meta muted">
        {shown < facet.distinct && !all ? `${order === 'rare' ? 'rarest' : 'top'} ${shown} of ` : ''}
        {formatCount(facet.distinct)} distinct
        {facet.missing > 0 ? ` · ${formatCount(facet.missing)} missing` : ''}
      </p>
      {shown === 0 ? (
        <p className="muted facet__none">No values.</p>
      ) : all && applied ? (
        <FacetAllValues
          name={name}
          title={TITLES[name]}
          query={applied.query}
          timeZone={applied.timeZone}
          order={order}
          renderValue={value}
        />
      ) : order === 'rare' && applied && shown < facet.distinct ? (
        <RareValues name={name} query={applied.query} timeZone={applied.timeZone} count={shown} render={value} />
      ) : (
        <ul className="facet__values">
          {(order === 'rare' ? [...facet.values].sort(rarestFirst) : facet.values).map((v) => value(v))}
        </ul>
      )}
      {(shown < facet.distinct || all) && (
        <button
          type="button"
          className="facet__more"
          aria-expanded={all}
          onClick={() => setAll(!all)}
          title={all ? 'Back to the short list' : `Every ${TITLES[name].toLowerCase()} value, searchable`}
        >
          {all ? 'Show fewer' : `Show all ${formatCount(facet.distinct)}`}
        </button>
      )}
    </section>
  );
}

/** The `count` least frequent values (their first page from the engine). */
function RareValues({
  name,
  query,
  timeZone,
  count,
  render,
}: {
  name: FacetName;
  query: string;
  timeZone: string;
  count: number;
  render(value: ValueCount): ReactNode;
}) {
  const values = useFacetValues({ query, timeZone, field: name, order: 'rare', search: '' });
  const { ensure } = values;
  useEffect(() => ensure(0, count), [ensure, count]);
  if (values.error) return <ErrorNotice title="Rare values not loaded:" message={values.error} />;
  if (values.distinct === null) return <p className="muted facet__none">Finding the rarest values…</p>;
  const rows: ValueCount[] = [];
  for (let i = 0; i < Math.min(count, values.distinct); i++) {
    const value = values.at(i);
    if (value) rows.push(value);
  }
  return <ul className="facet__values">{rows.map((v) => render(v))}</ul>;
}

interface ValueProps {
  /** Where the row sits in a virtualized list (FacetAllValues). */
  style?: CSSProperties;
  name: FacetName;
  value: string;
  count: number;
  total: number;
  onAdd(field: FacetName, value: string, negate: boolean): void;
}

function FacetValue({ style, name, value, count, total, onAdd }: ValueProps) {
  const onClick = (e: MouseEvent) => onAdd(name, value, e.altKey);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === '-') {
      e.preventDefault();
      onAdd(name, value, true);
    }
  };
  const share = total > 0 ? (count / total) * 100 : 0;
  return (
    <li className="facet__value" style={style}>
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
