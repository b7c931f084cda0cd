// A case's saved sources: settings (never a secret, only references to one) and checkpoints. A checkpoint is
// written by ingestUnits in the same transaction as the events it covers; saveCheckpoint is for runs that add none.
import type { SourceInfo, SourceSettings } from '@shared/domain/sources';
import { AppError } from '../errors';
import type { CaseStore } from './case-store';
import { queryRows, type Row } from './sql';

export type SavedSource = SourceInfo & SourceSettings;

/** The id the next source of this kind gets (`s3-N`, `api-N`): the writer alone adds sources, so it stays free. */
export async function nextSourceId(store: CaseStore, kind: SourceSettings['kind']): Promise<string> {
  const [row] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM sources WHERE kind = $1`, [kind]);
  let number = Number(row?.['n'] ?? 0) + 1;
  const taken = new Set((await listSources(store)).map((s) => s.id));
  while (taken.has(`${kind}-${number}`)) number++;
  return `${kind}-${number}`;
}

/** Saves a source; `id` is one nextSourceId gave (the app names the source's keychain entries after it first). */
export async function addSource(
  store: CaseStore,
  name: string,
  source: SourceSettings,
  id?: string,
): Promise<SavedSource> {
  store.assertWritable();
  const sourceId = id ?? (await nextSourceId(store, source.kind));
  const createdAt = new Date().toISOString();
  await store.connection.run(`INSERT INTO sources VALUES ($1, $2, $3, $4::JSON, NULL, $5::TIMESTAMPTZ)`, [
    sourceId,
    source.kind,
    name,
    JSON.stringify(source.settings),
    createdAt,
  ]);
  await store.journal('source.add', { id: sourceId, kind: source.kind, name });
  return { id: sourceId, name, createdAt, checkpoint: null, ...source };
}

/**
 * Removes a source that never brought anything in. One with ledger entries stays: its ledger rows, events and
 * rejects name it, and the chain of custody must keep saying where they came from.
 */
export async function removeSource(store: CaseStore, id: string): Promise<SavedSource> {
  store.assertWritable();
  const source = await getSource(store, id);
  const [row] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM ingest_ledger WHERE source_id = $1`, [
    id,
  ]);
  if (Number(row?.['n'] ?? 0) > 0) {
    throw new AppError(
      'USAGE',
      `Source ${id} has brought events into this case; it stays, so the ingest ledger keeps saying where they came from.`,
    );
  }
  await store.connection.run(`DELETE FROM sources WHERE id = $1`, [id]);
  await store.journal('source.remove', { id, kind: source.kind, name: source.name });
  return source;
}

export async function listSources(store: CaseStore): Promise<SavedSource[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT id, kind, name, settings::VARCHAR AS settings, checkpoint::VARCHAR AS checkpoint,
       strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at
     FROM sources ORDER BY created_at, id`,
  );
  return rows.map(toSource);
}

export async function getSource(store: CaseStore, id: string): Promise<SavedSource> {
  const source = (await listSources(store)).find((s) => s.id === id);
  if (!source)
    throw new AppError('SOURCE_NOT_FOUND', `This case has no source "${id}" (see \`trailscope source list\`).`);
  return source;
}

export async function saveCheckpoint(store: CaseStore, id: string, checkpoint: unknown): Promise<void> {
  store.assertWritable();
  await store.connection.run(`UPDATE sources SET checkpoint = $2::JSON WHERE id = $1`, [
    id,
    JSON.stringify(checkpoint),
  ]);
}

function toSource(row: Row): SavedSource {
  const kind = String(row['kind']);
  if (kind !== 's3' && kind !== 'api')
    throw new AppError('CASE_INVALID', `Source ${String(row['id'])} has unknown kind "${kind}".`);
  const checkpoint = row['checkpoint'] == null ? null : (JSON.parse(String(row['checkpoint'])) as unknown);
  const common = { id: String(row['id']), name: String(row['name']), createdAt: String(row['created_at']), checkpoint };
  const settings: unknown = JSON.parse(String(row['settings']));
  return kind === 's3'
    ? { ...common, kind, settings: settings as Extract<SourceSettings, { kind: 's3' }>['settings'] }
    : { ...common, kind, settings: settings as Extract<SourceSettings, { kind: 'api' }>['settings'] };
}

/**
 * What a source has imported so far, by the ingest ledger (the truth, unlike a checkpoint): for each object key the
 * ETag of its latest ledger row. A changed object's later row (recorded, not merged) makes its new ETag the latest.
 */
export async function importedObjects(store: CaseStore, sourceId: string): Promise<Map<string, string | null>> {
  const rows = await queryRows(
    store.connection,
    `SELECT object_key, etag FROM ingest_ledger WHERE source_id = $1 AND object_key IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY object_key ORDER BY seq DESC) = 1`,
    [sourceId],
  );
  return new Map(rows.map((row) => [String(row['object_key']), row['etag'] == null ? null : String(row['etag'])]));
}
