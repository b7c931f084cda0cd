// Small helpers over @duckdb/node-api used across the store. Values always travel as bound parameters.
import type { DuckDBConnection, DuckDBResult, DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

/** Run a query and return JSON-safe row objects (BIGINT → number or string, timestamps → text). */
export async function queryRows(connection: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Row[];
}

export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A SQL string literal, for the few places DuckDB takes no parameter (table-function options, from_json structures). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Ends a streamed result read only in part: interrupts it, then reads it to its end. One left unfinished (even
 * interrupted) while still referenced keeps its database open, and DuckDB's lock on the case file held, after its
 * connection and instance are closed, until garbage collection: the case could not switch between reading and
 * writing (shared-case.ts) nor be opened elsewhere.
 * `pending`: a fetch already under way, whose outcome no longer matters.
 */
export async function finishStream(
  connection: DuckDBConnection,
  result: DuckDBResult,
  pending: Promise<unknown> | null,
): Promise<void> {
  connection.interrupt();
  try {
    await pending;
  } catch {
    return; // interrupted: the stream has ended
  }
  try {
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) return;
    }
  } catch {
    // interrupted: the stream has ended
  }
}
