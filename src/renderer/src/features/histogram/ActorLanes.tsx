// Per-actor lanes under the histogram (UX.md §2; Okta's "events per actor"): the top 8 actors of the query and
// "Other", each a strip of bars on the histogram's own buckets (failures in the failure colour), so a lane lines up
// under the bars above it; the actors are ranked by volume, failures or rarity (issue 18). A click
// on an actor adds `actor:…`, Alt-click (or − on the focused name) adds `-actor:…`. Only asked for while shown.
import { useEffect, type KeyboardEvent, type MouseEvent } from 'react';
import type { ActorLanes, LaneRank } from '@shared/domain/audit-event';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { formatCount } from '../../lib/format';
import { usePanelRound } from '../../lib/panel-loader';
import { useQuery } from '../query/query.store';
import { useChartSpan } from '../timerange/current-range';
import { addFieldClause } from '../query/query-text';
import { useLanes } from './lanes.store';

export function ActorLanesPanel() {
  const applied = useQuery((s) => s.applied);
  const run = useQuery((s) => s.run);
  const open = useLanes((s) => s.open);
  const data = useLanes((s) => s.data);
  const loading = useLanes((s) => s.loading);
  const error = useLanes((s) => s.error);
  const load = useLanes((s) => s.load);
  const rank = useLanes((s) => s.rank);
  const setRank = useLanes((s) => s.setRank);

  const query = applied?.query;
  const timeZone = applied?.timeZone;
  const total = applied?.total;
  const panelRound = usePanelRound((s) => s.round);
  // The histogram's span, so the lanes stay on its buckets.
  const span = useChartSpan(query, timeZone);
  useEffect(() => {
    if (open && query !== undefined && timeZone !== undefined) void load({ query, timeZone, span });
  }, [open, query, timeZone, span, total, panelRound, load]);

  if (!open || !applied) return null;
  const add = (actor: string, negate: boolean) => void run(addFieldClause(applied.query, 'actor', actor, negate));

  return (
    <section className={`lanes${loading ? ' is-stale' : ''}`} aria-label="Events per actor" aria-busy={loading}>
      <div className="lanes__head">
        <span className="muted">Actors by</span>
        <SegmentedToggle<LaneRank>
          label="Rank actors by"
          value={rank}
          onChange={setRank}
          options={[
            { value: 'volume', label: 'Volume', title: 'Most events first' },
            { value: 'failures', label: 'Failures', title: 'Most failed events first' },
            { value: 'rarity', label: 'Rarity', title: 'Actors doing the least common actions first' },
          ]}
        />
        <span className="lanes__key muted">
          <span className="lanes__swatch lanes__swatch--failure" aria-hidden="true" /> failed
        </span>
      </div>
      {error ? (
        <ErrorNotice
          title="Actor lanes not loaded:"
          message={error}
          onRetry={() => void load({ query: applied.query, timeZone: applied.timeZone, span })}
        />
      ) : data && data.starts.length > 0 ? (
        <LaneList lanes={data} onAdd={add} />
      ) : data ? (
        <p className="muted lanes__note">No events, so no actors.</p>
      ) : (
        <p className="muted lanes__note">Counting events per actor…</p>
      )}
    </section>
  );
}

function LaneList({ lanes, onAdd }: { lanes: ActorLanes; onAdd(actor: string, negate: boolean): void }) {
  return (
    <ul className="lanes__list" aria-label={`Top ${lanes.lanes.length} actors, events per ${lanes.interval}`}>
      {lanes.lanes.map((lane) => (
        <li key={lane.actor} className="lane">
          <ActorButton actor={lane.actor} total={lane.total} failures={sum(lane.failures)} onAdd={onAdd} />
          <LaneBars counts={lane.counts} failures={lane.failures} />
        </li>
      ))}
      {lanes.other.total > 0 && (
        <li className="lane lane--other">
          <span className="lane__label muted" title="Every other actor, and events with no actor">
            <span className="lane__name">Other ({formatCount(lanes.other.actors)} actors)</span>
            <span className="lane__count tabular">{formatCount(lanes.other.total)}</span>
          </span>
          <LaneBars counts={lanes.other.counts} failures={lanes.other.failures} />
        </li>
      )}
    </ul>
  );
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function ActorButton({
  actor,
  total,
  failures,
  onAdd,
}: {
  actor: string;
  total: number;
  failures: number;
  onAdd(actor: string, negate: boolean): void;
}) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === '-') {
      e.preventDefault();
      onAdd(actor, true);
    }
  };
  return (
    <button
      type="button"
      className="lane__label"
      // The visible text, in order, is the start of the accessible name (voice control says what it sees).
      aria-label={`Add actor:${actor}, ${failures > 0 ? `${formatCount(failures)} ✕ · ` : ''}${formatCount(total)} events${failures > 0 ? `, ${formatCount(failures)} failed` : ''}`}
      title={`Add actor:${actor} (Alt-click or − to exclude)`}
      onClick={(e: MouseEvent) => onAdd(actor, e.altKey)}
      onKeyDown={onKeyDown}
    >
      <span className="lane__name">{actor}</span>{' '}
      <span className="lane__count tabular">
        {failures > 0 && <span className="lane__failures">{formatCount(failures)} ✕ · </span>}
        {formatCount(total)}
      </span>
    </button>
  );
}

/**
 * One lane's bars, scaled to its own busiest bucket (each lane shows its shape; the count is on its label), the
 * failed part of each at its foot in the failure colour, never thinner than a visible sliver.
 */
function LaneBars({ counts, failures }: { counts: number[]; failures: number[] }) {
  const max = Math.max(1, ...counts);
  return (
    <svg
      className="lane__bars"
      viewBox={`0 0 ${counts.length} 10`}
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      {counts.map((n, i) => {
        if (n === 0) return null;
        const h = Math.max(1.5, (n / max) * 10);
        const failed = failures[i] ?? 0;
        const f = failed > 0 ? Math.max(1.5, (failed / n) * h) : 0;
        return (
          <g key={i}>
            <rect x={i + 0.1} width={0.8} y={10 - h} height={h} />
            {f > 0 && <rect className="lane__failed" x={i + 0.1} width={0.8} y={10 - f} height={f} />}
          </g>
        );
      })}
    </svg>
  );
}
