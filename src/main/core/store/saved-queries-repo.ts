// A case's saved queries (schema.ts saved_queries): listed, saved (created, replaced by name, or renamed) and
// removed, each change journalled. Names are checked by shared/domain/saved-queries.ts; whether the query and its
// range parse is the engine's check (its scope()), made before anything here runs. Rows read back are checked like
// any input: a case file may come from someone else (SECURITY.md).
import { listValue } from '@duckdb/node-api';
import { isColumnId, type ColumnId } from '@shared/domain/columns';
import {
  SAVED_QUERIES_MAX,
  savedNameKey,
  savedNameProblem,
  type SavedQuery,
  type SavedQueryDraft,
} from '@shared/domain/saved-queries';
import { AppError } from '../errors';
import { osUser, type CaseStore } from './case-store';
import { inTransaction, queryRows, type Row } from './sql';

const SELECT = `SELECT name, query, columns, range_from, range_to, time_zone,
    strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, created_by,
    strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at, updated_by
  FROM saved_queries`;

/** Every saved query, by name (case-insensitively). A case older than saved queries, opened read-only, has none. */
export async function listSavedQueries(store: CaseStore): Promise<SavedQuery[]> {
  if (store.meta.schemaVersion < 3) return [];
  const rows = await queryRows(store.connection, `${SELECT} ORDER BY name_key, name`);
  return rows.map(toSavedQuery);
}

/** The saved query of this name (any case); a USAGE error when there is none. */
export async function getSavedQuery(store: CaseStore, name: string): Promise<SavedQuery> {
  const found = await findSaved(store, name.trim());
  if (found) return found;
  throw new AppError('USAGE', `No saved query is named "${name.trim()}" in this case.`);
}

async function findSaved(store: CaseStore, name: string): Promise<SavedQuery | null> {
  if (store.meta.schemaVersion < 3) return null;
  const [row] = await queryRows(store.connection, `${SELECT} WHERE name_key = $1`, [savedNameKey(name)]);
  return row ? toSavedQuery(row) : null;
}

/**
 * Saves a query under its name: a new one, or the one of that name (any case) replaced, keeping when and by whom it
 * was first saved. With `previousName` it is a rename of that one (which must exist), refused if the new name is
 * another saved query's. Journalled as `saved.save` with the name, the previous name and the query.
 */
export async function saveSavedQuery(
  store: CaseStore,
  draft: SavedQueryDraft,
  previousName?: string,
): Promise<{ saved: SavedQuery; replaced: boolean }> {
  store.assertWritable();
  const name = draft.name.trim();
  const problem = savedNameProblem(name);
  if (problem) throw new AppError('USAGE', problem);
  const key = savedNameKey(name);
  const previousKey = previousName === undefined ? key : savedNameKey(previousName.trim());
  return inTransaction(store.connection, async () => {
    const previous = previousName === undefined ? null : await getSavedQuery(store, previousName);
    const existing = await findSaved(store, name);
    if (previous && existing && key !== previousKey)
      throw new AppError(
        'USAGE',
        `A saved query is already named "${existing.name}"; remove it first or choose another name.`,
      );
    const kept = previous ?? existing;
    if (!kept) {
      const [row] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM saved_queries`);
      if (Number(row?.['n'] ?? 0) >= SAVED_QUERIES_MAX)
        throw new AppError('USAGE', `This case already keeps ${SAVED_QUERIES_MAX} saved queries; remove some first.`);
    }
    const now = new Date().toISOString();
    const user = osUser();
    const columns = draft.columns && draft.columns.length > 0 ? listValue(draft.columns) : null;
    const values = [name, draft.query, columns, draft.from, draft.to, draft.zone, now, user];
    if (kept && key === previousKey) {
      // The same row (a replace, or a rename that changes only case): updated in place, its key unchanged.
      await store.connection.run(
        `UPDATE saved_queries SET name = $2, query = $3, columns = $4::VARCHAR[], range_from = $5, range_to = $6,
           time_zone = $7, updated_at = $8::TIMESTAMPTZ, updated_by = $9 WHERE name_key = $1`,
        [key, ...values],
      );
    } else {
      if (previous) await store.connection.run(`DELETE FROM saved_queries WHERE name_key = $1`, [previousKey]);
      await store.connection.run(
        `INSERT INTO saved_queries VALUES ($1, $2, $3, $4::VARCHAR[], $5, $6, $7, $10::TIMESTAMPTZ, $11, $8::TIMESTAMPTZ, $9)`,
        [key, ...values, kept?.createdAt ?? now, kept?.createdBy ?? user],
      );
    }
    await store.journal('saved.save', {
      name,
      ...(previous ? { previousName: previous.name } : {}),
      replaced: kept !== null,
      query: draft.query,
      from: draft.from,
      to: draft.to,
      zone: draft.zone,
    });
    const saved = await findSaved(store, name);
    if (!saved) throw new AppError('INTERNAL', `The saved query "${name}" was saved but cannot be read back.`);
    return { saved, replaced: kept !== null };
  });
}

/** Removes the saved query of this name (any case); journalled as `saved.remove` with the query it held. */
export async function removeSavedQuery(store: CaseStore, name: string): Promise<SavedQuery> {
  store.assertWritable();
  return inTransaction(store.connection, async () => {
    const saved = await getSavedQuery(store, name);
    await store.connection.run(`DELETE FROM saved_queries WHERE name_key = $1`, [savedNameKey(saved.name)]);
    await store.journal('saved.remove', { name: saved.name, query: saved.query });
    return saved;
  });
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function toSavedQuery(row: Row): SavedQuery {
  const columns = Array.isArray(row['columns'])
    ? // A case from elsewhere may name columns this Trailscope has not: those are left out, not shown blank.
      [...new Set(row['columns'].filter((c): c is ColumnId => typeof c === 'string' && isColumnId(c)))]
    : null;
  return {
    name: String(row['name']),
    query: String(row['query']),
    columns: columns && columns.length > 0 ? columns : null,
    from: textOrNull(row['range_from']),
    to: textOrNull(row['range_to']),
    zone: textOrNull(row['time_zone']),
    createdAt: String(row['created_at']),
    createdBy: String(row['created_by']),
    updatedAt: String(row['updated_at']),
    updatedBy: String(row['updated_by']),
  };
}
