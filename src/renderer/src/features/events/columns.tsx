// The events table's columns (UX.md §4 defaults): Time in the display zone, Actor, Action, Target, Outcome with an
// icon as well as colour, IP in monospace, and the plain-English Description; Category, Source, Tenant, Actor type,
// Target type and User agent for the column chooser (view-prefs.ts says which show). Cells render text only.
import { createColumnHelper } from '@tanstack/react-table';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import type { QueryField } from '@shared/domain/query-ast';
import { formatTime } from '../../lib/format';
import type { Pivot } from '../query/query-text';
import { actorLabel, describeEvent, targetLabel } from '@shared/domain/describe-event';

/** One rendered row of the virtual window: its index in the result, and the event once its window has loaded. */
export interface RowData {
  index: number;
  event: NormalizedEvent | undefined;
}

const OUTCOME_ICON: Record<string, string> = { success: '✓', failure: '✖', unknown: '?' };

export function OutcomeText({ outcome }: { outcome: string }) {
  return (
    <span className={`outcome outcome--${outcome}`}>
      <span aria-hidden="true">{OUTCOME_ICON[outcome] ?? '•'}</span> {outcome}
    </span>
  );
}

const helper = createColumnHelper<RowData>();

// Ids are view-prefs.ts COLUMN_IDS (the chooser and the route name columns by them).
const text = (pick: (e: NormalizedEvent) => string | null) => (row: RowData) =>
  row.event ? (pick(row.event) ?? '') : '';

export function eventColumns(timeZone: string, otherZone: string) {
  return [
    helper.accessor(
      text((e) => formatTime(e.occurred_at, timeZone)),
      {
        id: 'time',
        header: 'Time',
        size: 156,
        minSize: 120,
        cell: (c) => {
          const event = c.row.original.event;
          if (!event) return null;
          return (
            <span
              className="tabular"
              title={`${formatTime(event.occurred_at, otherZone, true)} ${otherZone} · ${event.occurred_at}`}
            >
              {c.getValue()}
            </span>
          );
        },
      },
    ),
    helper.accessor(text(actorLabel), { id: 'actor', header: 'Actor', size: 190, minSize: 80 }),
    helper.accessor(
      text((e) => e.action),
      {
        id: 'action',
        header: 'Action',
        size: 170,
        minSize: 80,
        cell: (c) => <span className="mono">{c.getValue()}</span>,
      },
    ),
    helper.accessor(text(targetLabel), { id: 'target', header: 'Target', size: 170, minSize: 80 }),
    helper.accessor(
      text((e) => e.outcome),
      {
        id: 'outcome',
        header: 'Outcome',
        size: 88,
        minSize: 70,
        cell: (c) => (c.row.original.event ? <OutcomeText outcome={c.getValue()} /> : null),
      },
    ),
    helper.accessor(
      text((e) => e.ip),
      { id: 'ip', header: 'IP', size: 118, minSize: 70, cell: (c) => <span className="mono">{c.getValue()}</span> },
    ),
    helper.accessor(
      text((e) => e.category),
      { id: 'category', header: 'Category', size: 90, minSize: 70 },
    ),
    helper.accessor(
      text((e) => `${e.source_id} · ${e.format}`),
      { id: 'source', header: 'Source', size: 150, minSize: 80 },
    ),
    helper.accessor(
      text((e) => e.tenant_id),
      { id: 'tenant', header: 'Tenant', size: 120, minSize: 70 },
    ),
    helper.accessor(
      text((e) => e.actor_type),
      { id: 'actor_type', header: 'Actor type', size: 90, minSize: 70 },
    ),
    helper.accessor(
      text((e) => e.target_type),
      { id: 'target_type', header: 'Target type', size: 110, minSize: 70 },
    ),
    helper.accessor(
      text((e) => e.user_agent),
      { id: 'user_agent', header: 'User agent', size: 200, minSize: 80 },
    ),
    helper.accessor(text(describeEvent), { id: 'description', header: 'Description', size: 260, minSize: 160 }),
  ];
}

/** What each pivotable column's value filters by (the selected row's + / − cell actions): Time, its second. */
export const CELL_PIVOTS: Record<string, (e: NormalizedEvent) => Pivot | null> = {
  time: (e) => ({ second: e.occurred_at }),
  actor: (e) => fieldPivot('actor', e.actor_email ?? e.actor_name ?? e.actor_id),
  action: (e) => fieldPivot('action', e.action),
  target: (e) => fieldPivot('target', e.target_name ?? e.target_id),
  outcome: (e) => fieldPivot('outcome', e.outcome),
  ip: (e) => fieldPivot('ip', e.ip),
  category: (e) => fieldPivot('category', e.category),
  source: (e) => fieldPivot('source', e.source_id),
  tenant: (e) => fieldPivot('tenant', e.tenant_id),
};

function fieldPivot(field: QueryField, value: string | null): Pivot | null {
  return value ? { field, value } : null;
}
