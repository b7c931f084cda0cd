// Cases for tests: real DuckDB files in temp folders, and reads of what landed in them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore, type CreateCaseOptions } from '../../src/main/core/store/case-store';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { EVENT_SELECT, toEvent } from '../../src/main/core/store/events-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { ndjson } from './records';
import { tempDir } from './temp';

const open: CaseStore[] = [];

export async function newCase(options: Partial<CreateCaseOptions> = {}): Promise<CaseStore> {
  const path = join(await tempDir(), 'case.duckdb');
  const store = await CaseStore.create(path, { tenantId: 'case-tenant', ...options });
  open.push(store);
  return store;
}

/** A new case holding these records, imported as one NDJSON file (the way most query tests start). */
export async function caseWithRecords(records: object[], options: Partial<CreateCaseOptions> = {}): Promise<CaseStore> {
  const dir = await tempDir();
  await writeFile(join(dir, 'events.ndjson'), ndjson(records));
  const store = await newCase(options);
  await importFiles(store, [dir]);
  return store;
}

export function closeAll(): void {
  for (const store of open.splice(0)) store.close();
}

/** Position of an event in import order, from its source_ref (`key:line`, `key#index` or `key#index/sub`). */
function importPosition(event: NormalizedEvent): number[] {
  const match = /[:#](\d+)(?:\/(\d+))?$/.exec(event.source_ref);
  return [event.ingest_seq, Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
}

export async function eventsInImportOrder(store: CaseStore): Promise<NormalizedEvent[]> {
  const events = (await queryRows(store.connection, `SELECT ${EVENT_SELECT} FROM events`)).map(toEvent);
  return events.sort((a, b) => {
    const pa = importPosition(a);
    const pb = importPosition(b);
    for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
    return 0;
  });
}
