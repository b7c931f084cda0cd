// The detail drawer (UX.md §5, simplified): a one-sentence header with the time in both zones and ‹ n of m ›, every
// normalized field (actor, IP, action and target values pivot: they replace the query; + / − add to it), the
// before/after changes, the event's session around it, related events, the integrity fields (and which check of the
// newest verification flagged the event, and why) and the raw record as text. The IP's country (with the date of the
// offline database it comes from) and the actor's first uses of the IP, country and user agent are marked on the
// fields. Nothing is rendered as HTML.
import { useSyncExternalStore } from 'react';
import type { EventContext, FirstUse, NormalizedEvent } from '@shared/domain/audit-event';
import type { QueryField } from '@shared/domain/query-ast';
import { formatCount, formatTime, localZone } from '../../lib/format';
import { actorLabel, describeEvent, targetLabel } from '@shared/domain/describe-event';
import { OutcomeText } from '../events/columns';
import { useDetections } from '../detections/detections.store';
import { levelIcon, levelLabel } from '../detections/findings-view';
import { useIntegrity } from '../integrity/integrity.store';
import { useSelection } from '../events/selection.store';
import type { EventWindow } from '../query/event-window';
import { addFieldClause, fieldClause } from '../query/query-text';
import { useQuery } from '../query/query.store';
import { EvidenceActions } from '../evidence/EvidenceActions';
import { openSessionEvent } from './open-session-event';
import { useEventContext, useRelated, type ContextState } from './use-related';

export function DetailDrawer({ onClose }: { onClose(): void }) {
  const rows = useQuery((s) => s.rows);
  const selected = useSelection((s) => s.selected);
  const total = useQuery((s) => s.applied?.total ?? 0);
  const moveSelection = useSelection((s) => s.moveSelection);
  if (!rows || selected === null) return null;
  return (
    <aside className="drawer" aria-label="Event details">
      <div className="drawer__nav">
        <button
          type="button"
          className="btn btn--icon"
          aria-label="Previous event (k or ←)"
          disabled={selected <= 0}
          onClick={() => moveSelection(-1)}
        >
          ‹
        </button>
        <span className="tabular">
          {formatCount(selected + 1)} of {formatCount(total)}
        </span>
        <button
          type="button"
          className="btn btn--icon"
          aria-label="Next event (j or →)"
          disabled={selected >= total - 1}
          onClick={() => moveSelection(1)}
        >
          ›
        </button>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--icon" aria-label="Close details (Esc)" onClick={onClose}>
          ×
        </button>
      </div>
      <DrawerBody rows={rows} index={selected} />
    </aside>
  );
}

function DrawerBody({ rows, index }: { rows: EventWindow; index: number }) {
  useSyncExternalStore(rows.subscribe, rows.getVersion);
  const event = rows.rowAt(index);
  if (!event) return <p className="muted drawer__section">Loading the event…</p>;
  return <EventDetail event={event} />;
}

const MINUS = '\u2212';

function EventDetail({ event }: { event: NormalizedEvent }) {
  const zone = useQuery((s) => s.applied?.timeZone ?? 'UTC');
  const local = localZone();
  const target = targetLabel(event);
  const context = useEventContext(event);
  return (
    <div className="drawer__scroll">
      <header className="drawer__header">
        <h2 className="drawer__title">{describeEvent(event)}</h2>
        <p className="drawer__summary">
          <strong>{actorLabel(event)}</strong> <code>{event.action}</code>
          {target ? ` → ${target}` : ''} <OutcomeText outcome={event.outcome} />
        </p>
        <p className="muted tabular">
          {formatTime(event.occurred_at, 'UTC', true)} UTC
          {local !== 'UTC' ? ` · ${formatTime(event.occurred_at, local, true)} ${local}` : ''}
        </p>
      </header>
      <EvidenceActions event={event} />
      <Fields event={event} zone={zone} context={context} />
      <IntegrityFlags uid={event.uid} />
      <DetectionFindings uid={event.uid} />
      <Changes changes={event.changes} />
      <Session event={event} zone={zone} context={context} />
      <Related event={event} zone={zone} />
      <section className="drawer__section" aria-labelledby="raw-title">
        <h3 id="raw-title">Raw record</h3>
        <pre className="raw-json">{JSON.stringify(event.raw, null, 2)}</pre>
      </section>
    </div>
  );
}

interface FieldRow {
  label: string;
  value: string | number | null;
  pivot?: QueryField;
  mono?: boolean;
  /** The actor's first use of the value (`first_seen:`), or since when the actor has used it. */
  mark?: { text: string; title: string; first: boolean };
  /** Where the value comes from. */
  note?: { text: string; title: string };
}

/** The mark on a value the actor used: its first use, or when that was. */
function firstUseMark(use: FirstUse | undefined, zone: string): FieldRow['mark'] {
  if (!use) return undefined;
  const what = use.kind === 'ua' ? 'user agent' : use.kind === 'ip' ? 'IP' : 'country';
  return use.thisEvent
    ? { text: 'first use', title: `This actor's first use of this ${what} (first_seen:${use.kind})`, first: true }
    : {
        text: `since ${formatTime(use.firstAt, zone)}`,
        title: `This actor first used this ${what} then`,
        first: false,
      };
}

/** The country row: the IP's country, or why there is none, with the database and its date. */
function countryRow(event: NormalizedEvent, context: EventContext, zone: string): FieldRow {
  const db = context.geoDatabase;
  const source = `${db.version.replace(/^.*\//, '')}${db.date ? `, data of ${db.date}` : ''}`;
  if (context.country === null)
    return {
      label: 'country',
      value: event.ip ? 'none' : null,
      note: { text: source, title: `No country for this IP (reserved, private or not listed) in ${db.version}` },
    };
  return {
    label: 'country',
    value: context.country,
    pivot: 'country',
    mark: firstUseMark(
      context.firstUses.find((u) => u.kind === 'country'),
      zone,
    ),
    note: { text: source, title: `From the offline database ${db.version}` },
  };
}

function fieldRows(event: NormalizedEvent, zone: string, state: ContextState): FieldRow[] {
  const context = state.status === 'ready' ? state.context : null;
  const use = (kind: FirstUse['kind']) =>
    firstUseMark(
      context?.firstUses.find((u) => u.kind === kind),
      zone,
    );
  const meta =
    typeof event.metadata === 'object' && event.metadata !== null && !Array.isArray(event.metadata)
      ? (event.metadata as Record<string, unknown>)
      : {};
  return [
    { label: `occurred_at (${zone})`, value: formatTime(event.occurred_at, zone, true) },
    { label: 'action', value: event.action, pivot: 'action', mono: true },
    { label: 'category', value: event.category },
    { label: 'outcome', value: event.outcome },
    { label: 'actor_email', value: event.actor_email, pivot: 'actor' },
    { label: 'actor_name', value: event.actor_name, pivot: 'actor' },
    { label: 'actor_id', value: event.actor_id, pivot: 'actor', mono: true },
    { label: 'actor_type', value: event.actor_type },
    { label: 'target_name', value: event.target_name, pivot: 'target' },
    { label: 'target_id', value: event.target_id, pivot: 'target', mono: true },
    { label: 'target_type', value: event.target_type },
    { label: 'ip', value: event.ip, pivot: 'ip', mono: true, mark: use('ip') },
    ...(context && event.ip ? [countryRow(event, context, zone)] : []),
    { label: 'user_agent', value: event.user_agent, mark: use('ua') },
    ...Object.entries(meta).map(([key, value]) => ({
      label: `metadata.${key}`,
      value: typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value),
      mono: true,
    })),
    { label: 'tenant_id', value: event.tenant_id },
    { label: 'source', value: `${event.source_id} · ${event.format}` },
    { label: 'source_ref', value: event.source_ref, mono: true },
    { label: 'received_at (UTC)', value: formatTime(event.received_at, 'UTC', true) },
    { label: 'uid', value: event.uid, mono: true },
    { label: 'chain_seq', value: event.chain_seq },
    { label: 'chain_hash', value: event.chain_hash, mono: true },
    { label: 'chain_prev', value: event.chain_prev, mono: true },
  ];
}

function Fields({ event, zone, context }: { event: NormalizedEvent; zone: string; context: ContextState }) {
  const query = useQuery((s) => s.applied?.query ?? '');
  const run = useQuery((s) => s.run);
  return (
    <section className="drawer__section" aria-labelledby="fields-title">
      <h3 id="fields-title">Fields</h3>
      <dl className="fields">
        {fieldRows(event, zone, context)
          .filter((row) => row.value !== null && row.value !== '')
          .map(({ label, value, pivot, mono, mark, note }) => {
            const text = String(value);
            return (
              <div key={label} className="fields__row">
                <dt>{label}</dt>
                <dd className={mono ? 'mono' : undefined}>
                  {pivot ? (
                    <>
                      <button
                        type="button"
                        className="pivot"
                        aria-label={`Search for ${fieldClause(pivot, text)}`}
                        title={`Replace the query with ${fieldClause(pivot, text)}`}
                        onClick={() => void run(fieldClause(pivot, text))}
                      >
                        {text}
                      </button>
                      <span className="fields__actions">
                        <button
                          type="button"
                          className="mini"
                          aria-label={`Add ${fieldClause(pivot, text)} to the query`}
                          onClick={() => void run(addFieldClause(query, pivot, text, false))}
                        >
                          +
                        </button>
                        <button
                          type="button"
                          className="mini"
                          aria-label={`Add ${fieldClause(pivot, text, true)} to the query`}
                          onClick={() => void run(addFieldClause(query, pivot, text, true))}
                        >
                          {MINUS}
                        </button>
                      </span>
                    </>
                  ) : (
                    text
                  )}
                  {mark && (
                    <span className={mark.first ? 'first-use' : 'field-note'} title={mark.title}>
                      {mark.text}
                    </span>
                  )}
                  {note && (
                    <span className="field-note" title={note.title}>
                      {note.text}
                    </span>
                  )}
                </dd>
              </div>
            );
          })}
      </dl>
    </section>
  );
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

function Changes({ changes }: { changes: unknown }) {
  const object = asObject(changes);
  if (!object) return null;
  const before = asObject(object['before']) ?? {};
  const after = asObject(object['after']) ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (keys.length === 0) return null;
  return (
    <section className="drawer__section" aria-labelledby="changes-title">
      <h3 id="changes-title">Changes</h3>
      <table className="changes">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="changes__before">{show(before[key])}</td>
              <td className="changes__after">{show(after[key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The latest detection run's findings that flag this event, each opening all of its events. */
function DetectionFindings({ uid }: { uid: string }) {
  const findings = useDetections((s) => s.list?.findings);
  const showEvents = useDetections((s) => s.showEvents);
  const flagging = findings?.filter((finding) => finding.uids.includes(uid)) ?? [];
  if (flagging.length === 0) return null;
  return (
    <section className="drawer__section" aria-labelledby="detection-findings-title">
      <h3 id="detection-findings-title">Findings</h3>
      <ul className="integrity__drawer-flags">
        {flagging.map((finding) => (
          <li key={finding.id}>
            <span aria-hidden="true">{levelIcon(finding.level)} </span>
            {levelLabel(finding.level)}:{' '}
            <button
              type="button"
              className="link-button"
              title={`Show its ${formatCount(finding.count)} events (${finding.query})`}
              onClick={() => showEvents(finding)}
            >
              {finding.title}
            </button>
            {finding.subject && <span className="mono"> · {finding.subject}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the newest verification found on this event, one line per finding. */
function IntegrityFlags({ uid }: { uid: string }) {
  const flag = useIntegrity((s) => s.flagged.get(uid));
  if (!flag) return null;
  return (
    <section className="drawer__section" aria-labelledby="integrity-flags-title">
      <h3 id="integrity-flags-title">Integrity</h3>
      <ul className="integrity__drawer-flags">
        {flag.split('\n').map((line) => (
          <li key={line}>
            <span aria-hidden="true">⚠ </span>
            {line}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The event's session: its provider's, or its actor's run of events without a longer gap; a few either side. */
function Session({ event, zone, context }: { event: NormalizedEvent; zone: string; context: ContextState }) {
  const run = useQuery((s) => s.run);
  if (context.status === 'loading') return null;
  const session = context.status === 'ready' ? context.context.session : null;
  const query = session ? fieldClause('session', session.id) : '';
  return (
    <section className="drawer__section" aria-labelledby="session-title">
      <h3 id="session-title">Session</h3>
      {context.status === 'failed' && <p className="failure-text">Not loaded: {context.error}</p>}
      {context.status === 'ready' && !session && <p className="muted">No session: the event has no actor.</p>}
      {session && (
        <div className="related" data-session-id={session.id}>
          <div className="related__head">
            <span>
              {session.kind === 'provider' ? (
                <>
                  Provider session <span className="mono">{session.id}</span>
                </>
              ) : (
                `No gap over ${session.gapMinutes} min`
              )}
              {` · ${formatCount(session.count)} ${session.count === 1 ? 'event' : 'events'} · `}
              {formatTime(session.firstAt, zone)} – {formatTime(session.lastAt, zone)}
            </span>
            <button type="button" className="link-button" onClick={() => void run(query)}>
              Show all {formatCount(session.count)}
            </button>
          </div>
          <ul className="related__list" aria-label="Events of the session">
            {session.events.map((e, i) => (
              <li
                key={e.uid}
                className={e.uid === event.uid ? 'is-current' : undefined}
                aria-current={e.uid === event.uid ? 'true' : undefined}
              >
                <button
                  type="button"
                  className="related__open"
                  title={`Open this event (${fieldClause('session', session.id)})`}
                  onClick={() => void openSessionEvent(query, e.uid)}
                >
                  <span className="tabular">
                    {formatCount(session.offset + i)}. {formatTime(e.occurred_at, zone)}
                  </span>{' '}
                  <span className="related__text">{describeEvent(e)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function Related({ event, zone }: { event: NormalizedEvent; zone: string }) {
  const lists = useRelated(event);
  const run = useQuery((s) => s.run);
  return (
    <section className="drawer__section" aria-labelledby="related-title">
      <h3 id="related-title">Related events</h3>
      {lists === null && <p className="muted">Looking for related events…</p>}
      {lists?.map((list) => (
        <div key={list.title} className="related">
          <div className="related__head">
            <span>
              {list.title}: <span className="mono">{list.value}</span>
            </span>
            {list.count !== null && (
              <button type="button" className="link-button" onClick={() => void run(list.query)}>
                Show all {formatCount(list.count)}
              </button>
            )}
          </div>
          {list.error ? (
            <p className="failure-text">Not loaded: {list.error}</p>
          ) : (
            <ul className="related__list">
              {list.events.map((e) => (
                <li
                  key={e.uid}
                  className={e.uid === event.uid ? 'is-current' : undefined}
                  aria-current={e.uid === event.uid ? 'true' : undefined}
                >
                  <span className="tabular">{formatTime(e.occurred_at, zone)}</span>{' '}
                  <span className="related__text">{describeEvent(e)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
