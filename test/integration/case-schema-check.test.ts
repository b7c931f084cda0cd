// security: a case made elsewhere is hostile input (issue 14, item 12). A DuckDB file can store views, macros,
// sequences, types and indexes besides tables, and a stored macro named like a built-in replaces it in every query on
// the case; so a case that holds anything Trailscope does not make, or holds it differently, is refused at open,
// naming what. And a read-only session runs with DuckDB's external access off: no query reads or writes a file.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { isAppError } from '../../src/main/core/errors';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { caseStats } from '../../src/main/core/store/events-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { FIXTURES, tempDir } from '../helpers/temp';

const RECORDS = join(FIXTURES, 'formats', 'generic', 'records.ndjson');

async function caseWithEvents(): Promise<string> {
  const path = join(await tempDir(), 'case.duckdb');
  const store = await CaseStore.create(path, { tenantId: 'ws_acme' });
  await importFiles(store, [RECORDS]);
  store.close();
  return path;
}

/** A case Trailscope made, with events, then changed by `sql` run on it directly, as someone else could. */
async function tamperedCase(sql: string): Promise<string> {
  const path = await caseWithEvents();
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return path;
}

async function openError(path: string, readOnly: boolean): Promise<{ code: string; message: string }> {
  try {
    (await CaseStore.open(path, { readOnly })).close();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${path} opened ${readOnly ? 'read-only' : 'for writing'}`);
}

describe('security: a case holding what Trailscope does not make is refused at open, naming it', () => {
  it.each([
    ['a view', `CREATE VIEW recent AS SELECT * FROM events`, 'it holds view recent'],
    // Stored in the case, this macro would answer every lower() Trailscope's queries call.
    ['a macro named like a built-in', `CREATE MACRO lower(x) AS 'forged'`, 'it holds macro lower'],
    // And this one would answer the schema check itself, were it not called as system.main.duckdb_tables().
    [
      'a table macro named like a catalog function',
      `CREATE MACRO duckdb_tables() AS TABLE SELECT 'events' AS table_name`,
      'it holds table macro duckdb_tables',
    ],
    ['an extra table', `CREATE TABLE notes (body VARCHAR)`, 'it holds table notes'],
    [
      'events replaced by a view',
      `ALTER TABLE events RENAME TO events_kept; CREATE VIEW events AS SELECT * FROM events_kept`,
      'it holds view events',
    ],
    ['a missing column', `ALTER TABLE events DROP COLUMN user_agent`, 'it lacks column events.user_agent'],
    [
      'a column of the wrong type',
      `ALTER TABLE events ALTER ip TYPE INTEGER USING 0`,
      'it holds column events.ip as INTEGER, not VARCHAR',
    ],
    [
      'a column default of its own',
      `ALTER TABLE annotations ALTER comment SET DEFAULT 'noted'`,
      `it holds column annotations.comment as VARCHAR DEFAULT 'noted', not VARCHAR`,
    ],
    // Inserts name no columns: the order is part of the schema.
    [
      'columns in another order',
      `CREATE TABLE swapped (value VARCHAR NOT NULL, key VARCHAR PRIMARY KEY);
       INSERT INTO swapped SELECT value, key FROM meta; DROP TABLE meta; ALTER TABLE swapped RENAME TO meta`,
      'it holds the columns of table meta in another order',
    ],
    ['a sequence', `CREATE SEQUENCE ids`, 'it holds sequence ids'],
    ['a type', `CREATE TYPE mood AS ENUM ('calm', 'alarmed')`, 'it holds type mood'],
    ['an index', `CREATE INDEX by_ip ON events (ip)`, 'it holds index by_ip'],
    ['a schema', `CREATE SCHEMA elsewhere`, 'it holds schema elsewhere'],
  ])('%s', async (_what, sql, named) => {
    const path = await tamperedCase(sql);

    for (const readOnly of [true, false]) {
      const error = await openError(path, readOnly);

      expect(error.code).toBe('CASE_INVALID');
      expect(error.message).toContain(path);
      expect(error.message).toContain(named);
    }
  });
});

it('security: an older case (schema 1) holding a macro is refused too, though it may lack what later versions add', async () => {
  const path = join(await tempDir(), 'v1.duckdb');
  await copyFile(join(FIXTURES, 'cases', 'v1-generic.duckdb'), path);
  (await CaseStore.open(path, { readOnly: true })).close();
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(`CREATE MACRO sha256(x) AS 'forged'`);
  connection.closeSync();
  instance.closeSync();

  const error = await openError(path, true);

  expect(error.code).toBe('CASE_INVALID');
  expect(error.message).toContain('it holds macro sha256');
});

describe('cases Trailscope made open as before', () => {
  it('a case with events and a meta row of its own, read-only and for writing (meta rows are data, not schema)', async () => {
    const path = await tamperedCase(`INSERT INTO meta VALUES ('case_note', 'a meta row of a later version')`);

    for (const readOnly of [true, false]) {
      const store = await CaseStore.open(path, { readOnly });
      try {
        expect((await caseStats(store)).events).toBe(8);
      } finally {
        store.close();
      }
    }
  });

  it('the demo case', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    const { events } = await createDemoCase(path, { events: 1_000, seed: 3 });

    const store = await CaseStore.open(path, { readOnly: true });
    try {
      expect((await caseStats(store)).events).toBe(events);
    } finally {
      store.close();
    }
  });
});

describe('security: a read-only session cannot reach a file through DuckDB', () => {
  it('has external access off and its configuration locked, so a query reading a file is refused', async () => {
    const path = await caseWithEvents();
    const store = await CaseStore.open(path, { readOnly: true });
    try {
      const settings = await queryRows(
        store.connection,
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration')`,
      );
      expect(Object.fromEntries(settings.map((row) => [row['name'], row['value']]))).toEqual({
        enable_external_access: 'false',
        lock_configuration: 'true',
      });
      for (const sql of [
        `SELECT * FROM read_text(${JSON.stringify(RECORDS).replaceAll('"', "'")})`,
        `COPY (SELECT * FROM events) TO '${join(await tempDir(), 'out.csv')}'`,
        `ATTACH '${join(await tempDir(), 'other.duckdb')}' AS other`,
      ]) {
        await expect(store.connection.run(sql), sql).rejects.toThrow(/disabled by configuration/);
      }
      await expect(store.connection.run(`SET enable_external_access = true`)).rejects.toThrow(/locked/);
      // What a reader does still works.
      expect((await caseStats(store)).events).toBe(8);
    } finally {
      store.close();
    }
  });
});
