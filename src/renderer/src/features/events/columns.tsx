// The events table's columns (UX.md §4 defaults): Time in the display zone, Actor, Action, Target, Outcome with an
// icon as well as colour, IP in monospace, and the plain-English Description. Cells render text only.
import { createColumnHelper } from '@tanstack/react-table';
import type { NormalizedEvent } from '../../../../shared/domain/audit-event';
import { formatTime } from '../../lib/format';
import { actorLabel, describeEvent, targetLabel } from '../../../../shared/domain/describe-event';

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

const text = (pick: (e: NormalizedEvent) => string | null) => (row: RowData) => (row.event ? (pick(row.event) ?? '') : '');

export function eventColumns(timeZone: string, otherZone: string) {
  return [
    helper.accessor(text((e) => formatTime(e.occurred_at, timeZone)), {
      id: 'time',
      header: 'Time',
      size: 156,
      minSize: 120,
      cell: (c) => {
        const event = c.row.original.event;
        if (!event) return null;
        return (
          <span className="tabular" title={`${formatTime(event.occurred_at, otherZone, true)} ${otherZone} · ${event.occurred_at}`}>
            {c.getValue()}
          </span>
        );
      },
    }),
    helper.accessor(text(actorLabel), { id: 'actor', header: 'Actor', size: 190, minSize: 80 }),
    helper.accessor(text((e) => e.action), { id: 'action', header: 'Action', size: 170, minSize: 80, cell: (c) => <span className="mono">{c.getValue()}</span> }),
    helper.accessor(text(targetLabel), { id: 'target', header: 'Target', size: 170, minSize: 80 }),
    helper.accessor(text((e) => e.outcome), {
      id: 'outcome',
      header: 'Outcome',
      size: 88,
      minSize: 70,
      cell: (c) => (c.row.original.event ? <OutcomeText outcome={c.getValue()} /> : null),
    }),
    helper.accessor(text((e) => e.ip), { id: 'ip', header: 'IP', size: 118, minSize: 70, cell: (c) => <span className="mono">{c.getValue()}</span> }),
    helper.accessor(text(describeEvent), { id: 'description', header: 'Description', size: 260, minSize: 160 }),
  ];
}
