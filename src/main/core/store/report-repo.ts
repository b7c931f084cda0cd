// What the PDF report (core/reports/report-pdf.ts) asks of a case beyond the query functions it reuses (facets,
// histogram, pages of events, verifications): the first and last matching event.
import type { QueryNode } from '@shared/domain/query-ast';
import type { CaseStore } from './case-store';
import { condition, type QueryOptions } from './events-query';
import { queryRows } from './sql';

export interface EventSpan {
  events: number;
  /** ISO-8601 UTC of the first and last matching event; null when none matches. */
  first: string | null;
  last: string | null;
}

export async function eventSpan(store: CaseStore, query: QueryNode | null, options: QueryOptions): Promise<EventSpan> {
  const compiled = await condition(store, query, options);
  const [row] = await queryRows(
    store.connection,
    `SELECT count(*) AS n, strftime(min(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
       strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS last
     FROM case_events WHERE ${compiled.sql}`,
    compiled.params,
  );
  return {
    events: Number(row?.['n'] ?? 0),
    first: (row?.['first'] as string | null) ?? null,
    last: (row?.['last'] as string | null) ?? null,
  };
}
