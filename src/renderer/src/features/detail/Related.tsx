// The drawer's related events (UX.md §5.6): the same actor, IP, provider session and API request around the event,
// each list with its own window (±1 min … ±7 days). "Show all" runs the list's query keeping the user's filters as
// switched-off chips and the event open; a related row opens in the drawer the same way (open-event-in.ts).
import { useState } from 'react';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { describeEvent } from '@shared/domain/describe-event';
import { formatCount, formatTime } from '../../lib/format';
import { openEventIn } from './open-event-in';
import { RELATED_WINDOWS, relatedClause, relatedSpecs, type RelatedSpec } from './related-specs';
import { useRelatedList, type ContextState } from './use-related';

export function Related({ event, zone, context }: { event: NormalizedEvent; zone: string; context: ContextState }) {
  const specs = relatedSpecs(event, context.status === 'ready' ? context.context : null);
  return (
    <section className="drawer__section" aria-labelledby="related-title">
      <h3 id="related-title">Related events</h3>
      {specs.length === 0 && <p className="muted">Nothing to relate by: no actor, IP, session or request id.</p>}
      {specs.map((spec) => (
        <RelatedBlock key={`${event.uid}:${spec.id}`} event={event} spec={spec} zone={zone} />
      ))}
    </section>
  );
}

function RelatedBlock({ event, spec, zone }: { event: NormalizedEvent; spec: RelatedSpec; zone: string }) {
  const [windowMs, setWindowMs] = useState(spec.windowMs);
  const clause = relatedClause(spec);
  const list = useRelatedList(event, clause, windowMs);
  const label = `${spec.title} window`;
  return (
    <div className="related" data-related={spec.id}>
      <div className="related__head">
        <span className="related__title">
          {spec.title}{' '}
          <select
            className="related__window"
            aria-label={label}
            value={windowMs}
            onChange={(e) => setWindowMs(Number(e.target.value))}
          >
            {RELATED_WINDOWS.map((w) => (
              <option key={w.ms} value={w.ms}>
                {w.label}
              </option>
            ))}
          </select>
          :{' '}
          <span className="mono" title={clause}>
            {spec.value}
          </span>
        </span>
        {list?.count != null && (
          <button
            type="button"
            className="link-button"
            title={`Run ${list.query}, keeping your filters switched off`}
            onClick={() => void openEventIn(list.query, event.uid)}
          >
            Show all {formatCount(list.count)}
          </button>
        )}
      </div>
      {list === null && <p className="muted">Looking for related events…</p>}
      {list?.error ? (
        <p className="failure-text">Not loaded: {list.error}</p>
      ) : (
        <ul className="related__list" aria-label={`${spec.title} events`}>
          {list?.events.map((e) => (
            <li
              key={e.uid}
              className={e.uid === event.uid ? 'is-current' : undefined}
              aria-current={e.uid === event.uid ? 'true' : undefined}
            >
              <button
                type="button"
                className="related__open"
                title="Open this event, keeping your filters switched off"
                onClick={() => void openEventIn(list.query, e.uid)}
              >
                <span className="tabular">{formatTime(e.occurred_at, zone)}</span>{' '}
                <span className="related__text">{describeEvent(e)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
