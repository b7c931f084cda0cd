// Small helpers over @duckdb/node-api used across the store. Values always travel as bound parameters.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

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
