// The detail drawer (UX.md §5, simplified): a one-sentence header with the time in both zones and ‹ n of m ›, every
// normalized field and every value inside metadata, changes and raw (a value with a query field pivots: it replaces
// the query; + / − filter for or out, FilterButtons.tsx), the
// before/after changes, the event's session around it, related events, the integrity fields (and which check of the
// newest verification flagged the event, and why) and the raw record as text. The IP's country (with the date of the
// offline database it comes from) and the actor's first uses of the IP, country and user agent are marked on the
// fields. Nothing is rendered as HTML.
import { useSyncExternalStore } from 'react';
import { ATTACHED_SOURCE_ID } from '@shared/domain/attachments';
import type { EventContext, FirstUse, NormalizedEvent } from '@shared/domain/audit-event';
import { formatCount, formatTime, localZone } from '../../lib/format';
import { actorLabel, describeEvent, targetLabel } from '@shared/domain/describe-event';
import { OutcomeText } from '../events/columns';
import { useDetections } from '../detections/detections.store';
import { levelIcon, levelLabel } from '../detections/findings-view';
import { useIntegrity } from '../integrity/integrity.store';
import { useSelection } from '../events/selection.store';
import type { EventWindow } from '../query/event-window';
import { fieldClause, pivotName, type Pivot, type PivotField } from '../query/query-text';
import { useQuery } from '../query/query.store';
import { FilterButtons, JsonFields } from './FilterButtons';
import { jsonLeaves } from './json-leaves';
import { openEventIn } from './open-event-in';
import { Related } from './Related';
import { useEventContext, type ContextState } from './use-related';
import { GROUP_TITLES, groupFields, sourceRefText } from './field-groups';
import { FieldFilter, FieldPin } from './FieldFilter';
import { useFieldView } from './field-view.store';
import { EvidenceActions } from '../evidence/EvidenceActions';

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
      <Related event={event} zone={zone} context={context} />
      <section className="drawer__section" aria-labelledby="raw-title">
        <h3 id="raw-title">Raw record</h3>
        <details className="raw-fields">
          <summary>Filter by a value of the record</summary>
          <JsonFields column="raw" json={event.raw} label="Values of the raw record" />
        </details>
        {/* Focusable, so a keyboard user can scroll a long record (axe: scrollable-region-focusable). */}
        <pre className="raw-json" tabIndex={0}>
          {JSON.stringify(event.raw, null, 2)}
        </pre>
      </section>
    </div>
  );
}

interface FieldRow {
  label: string;
  value: string | number | null;
  pivot?: PivotField;
  /** What the pivot filters by, when the value shown says more (the source's id, not "id · format"). */
  pivotValue?: string;
  /** + / − without a pivot of its own: the time, filtered by its second. */
  filter?: Pivot;
  mono?: boolean;
  /** The actor's first use of the value (`first_seen:`), or since when the actor has used it. */
  mark?: { text: string; title: string; first: boolean };
  /** Where the value comes from. */
  note?: { text: string; title: string };
  /** The whole value, where the row shows a short form. */
  title?: string;
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
  return [
    {
      label: `occurred_at (${zone})`,
      value: formatTime(event.occurred_at, zone, true),
      filter: { second: event.occurred_at },
    },
    { label: 'action', value: event.action, pivot: 'action', mono: true },
    { label: 'category', value: event.category, pivot: 'category' },
    { label: 'outcome', value: event.outcome, pivot: 'outcome' },
    { label: 'actor_email', value: event.actor_email, pivot: 'actor' },
    { label: 'actor_name', value: event.actor_name, pivot: 'actor' },
    { label: 'actor_id', value: event.actor_id, pivot: 'actor', mono: true },
    { label: 'actor_type', value: event.actor_type },
    { label: 'target_name', value: event.target_name, pivot: 'target' },
    { label: 'target_id', value: event.target_id, pivot: 'target', mono: true },
    { label: 'target_type', value: event.target_type },
    { label: 'ip', value: event.ip, pivot: 'ip', mono: true, mark: use('ip') },
    ...(context && event.ip ? [countryRow(event, context, zone)] : []),
    { label: 'user_agent', value: event.user_agent, pivot: 'user_agent', mark: use('ua') },
    ...jsonLeaves(event.metadata, 200).leaves.map(({ keys, value }) => {
      const pivot: PivotField = { column: 'metadata', keys };
      return { label: pivotName(pivot), value, pivot, mono: true };
    }),
    { label: 'tenant_id', value: event.tenant_id, pivot: 'tenant' },
    {
      label: 'source',
      // An attached folder's event (`trailscope case attach`): read from Parquet beside the case, not held in it.
      value: `${event.source_id === ATTACHED_SOURCE_ID ? 'attached Parquet folder (read-only)' : event.source_id} · ${event.format}`,
      pivot: 'source',
      pivotValue: event.source_id,
    },
    { label: 'source_ref', value: sourceRefText(event.source_ref), mono: true, title: event.source_ref },
    { label: 'received_at (UTC)', value: formatTime(event.received_at, 'UTC', true) },
    { label: 'uid', value: event.uid, pivot: 'uid', mono: true },
    { label: 'chain_seq', value: event.chain_seq },
    { label: 'chain_hash', value: event.chain_hash, mono: true },
    { label: 'chain_prev', value: event.chain_prev, mono: true },
  ];
}

function Fields({ event, zone, context }: { event: NormalizedEvent; zone: string; context: ContextState }) {
  const run = useQuery((s) => s.run);
  const filter = useFieldView((s) => s.filter);
  const pinned = useFieldView((s) => s.pinned);
  const pinnedOnly = useFieldView((s) => s.pinnedOnly);
  const groups = groupFields(
    fieldRows(event, zone, context).filter((row) => row.value !== null && row.value !== ''),
    { filter, pinned, pinnedOnly },
  );
  return (
    <section className="drawer__section" aria-labelledby="fields-title">
      <h3 id="fields-title">Fields</h3>
      <FieldFilter />
      {groups.length === 0 && <p className="muted">No field matches{filter ? ` “${filter}”` : ''}.</p>}
      {groups.map((group) => (
        <div key={group.name} role="group" aria-labelledby={`fields-group-${group.name}`}>
          <h4 id={`fields-group-${group.name}`} className="fields__group">
            {GROUP_TITLES[group.name]}
          </h4>
          <dl className="fields">
            {group.rows.map(({ label, value, pivot, pivotValue, filter, mono, mark, note, title }) => {
              const text = String(value);
              const filterValue = pivotValue ?? text;
              return (
                <div key={label} className="fields__row">
                  <dt title={label}>
                    <FieldPin label={label} />
                    {label}
                  </dt>
                  <dd className={mono ? 'mono' : undefined} title={title}>
                    {pivot ? (
                      <>
                        <button
                          type="button"
                          className="pivot"
                          aria-label={`Search for ${fieldClause(pivot, filterValue)}`}
                          title={`Replace the query with ${fieldClause(pivot, filterValue)}`}
                          onClick={() => void run(fieldClause(pivot, filterValue))}
                        >
                          {text}
                        </button>
                        <FilterButtons pivot={{ field: pivot, value: filterValue }} />
                      </>
                    ) : (
                      <>
                        {text}
                        {filter && <FilterButtons pivot={filter} />}
                      </>
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
        </div>
      ))}
    </section>
  );
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** A before/after diff where the changes have that shape, else every value inside them; each value filterable. */
function Changes({ changes }: { changes: unknown }) {
  const object = asObject(changes);
  if (!object) return null;
  const before = asObject(object['before']) ?? {};
  const after = asObject(object['after']) ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const cell = (side: 'before' | 'after', value: unknown, key: string) => {
    const text = show(value);
    return (
      <>
        {text}
        {value !== undefined && value !== null && text !== '' && (
          <FilterButtons pivot={{ field: { column: 'changes', keys: [side, key] }, value: text }} />
        )}
      </>
    );
  };
  return (
    <section className="drawer__section" aria-labelledby="changes-title">
      <h3 id="changes-title">Changes</h3>
      {keys.length === 0 ? (
        <JsonFields column="changes" json={object} label="Values of the changes" />
      ) : (
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
                <td className="changes__before">{cell('before', before[key], key)}</td>
                <td className="changes__after">{cell('after', after[key], key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
            <button type="button" className="link-button" onClick={() => void openEventIn(query, event.uid)}>
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
                  onClick={() => void openEventIn(query, e.uid)}
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
