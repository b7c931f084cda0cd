// Case files on disk (DESIGN §3): what create writes, one writer at a time across processes, refusing files that
// are not (or not yet) readable cases, read-only opening, and reading a case an earlier version made.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../src/main/core/errors';
import type { ErrorCode } from '@shared/result';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore, osUser } from '../../src/main/core/store/case-store';
import { caseStats } from '../../src/main/core/store/events-repo';
import { countMatching, queryPage } from '../../src/main/core/store/events-query';
import { eventContext } from '../../src/main/core/store/sessions';
import { parseQuery } from '@shared/domain/query-parser';
import { SCHEMA_VERSION } from '../../src/main/core/store/schema';
import { queryRows } from '../../src/main/core/store/sql';
import { holdCaseOpen, runCli } from '../helpers/cli';
import { FIXTURES, tempDir } from '../helpers/temp';

const GENERIC = join(FIXTURES, 'formats', 'generic');

/** The AppError `work` rejected with; fails the test if it resolved or threw anything else. */
async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  let outcome: unknown;
  try {
    const value = await work;
    if (value instanceof CaseStore) value.close();
    outcome = value;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error(`expected an AppError, but it resolved with ${String(outcome)}`);
}

function expectCode(error: AppError, ...codes: ErrorCode[]): void {
  expect(codes, `${error.code}: ${error.message}`).toContain(error.code);
}

async function newCasePath(): Promise<string> {
  const path = join(await tempDir(), 'case.duckdb');
  (await CaseStore.create(path, { tenantId: 'acme' })).close();
  return path;
}

describe('CaseStore.create', () => {
  it('writes the meta a later open reads back, into an owner-only file', async () => {
    const path = join(await tempDir(), 'case.duckdb');

    (await CaseStore.create(path, { tenantId: 'acme', multiTenant: true })).close();

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const store = await CaseStore.open(path, { readOnly: true });
    try {
      expect(store.meta).toMatchObject({
        schemaVersion: SCHEMA_VERSION,
        tenantId: 'acme',
        multiTenant: true,
        createdBy: osUser(),
        displayTimeZone: 'UTC',
      });
      expect(Date.parse(store.meta.createdAt)).not.toBeNaN();
      const rows = await queryRows(store.connection, 'SELECT key, value FROM meta');
      const meta = Object.fromEntries(rows.map((r) => [r['key'], r['value']]));
      expect(meta).toMatchObject({
        schema_version: String(SCHEMA_VERSION),
        tenant_id: 'acme',
        multi_tenant: 'true',
        created_by: osUser(),
        display_time_zone: 'UTC',
        // Made at creation: two cases never share one (their keychain entries and trust name it).
        case_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(store.meta.caseId).toBe(meta['case_id']);
    } finally {
      store.close();
    }
  });

  it('records a single-tenant case as such', async () => {
    const path = join(await tempDir(), 'case.duckdb');

    (await CaseStore.create(path, { tenantId: 'ws_acme' })).close();

    const store = await CaseStore.open(path, { readOnly: true });
    store.close();
    expect(store.meta).toMatchObject({ tenantId: 'ws_acme', multiTenant: false });
  });

  const LONG_TEXTS = ['raw', 'targets', 'changes', 'metadata', 'source_ref'];
  it.each([
    ['plain storage', 'plain', []],
    ['zstd-raw storage', 'zstd-raw', ['raw']],
    ['zstd storage', 'zstd', LONG_TEXTS],
    ['default storage (zstd)', undefined, LONG_TEXTS],
  ] as const)(
    'compresses the columns the %s names with ZSTD, in a case opened again',
    async (_label, storage, zstd) => {
      const path = join(await tempDir(), 'case.duckdb');
      (await CaseStore.create(path, { tenantId: 'acme', ...(storage ? { storage } : {}) })).close();
      // Opened again, as the app and the CLI open a case: the file keeps the format it was made in.
      const store = await CaseStore.open(path);
      try {
        await importFiles(store, [GENERIC]);
        await store.connection.run('CHECKPOINT');
        const rows = await queryRows(
          store.connection,
          `SELECT column_name AS name, list(DISTINCT compression ORDER BY compression) AS compression
         FROM pragma_storage_info('events') WHERE segment_type NOT IN ('VALIDITY') GROUP BY ALL`,
        );
        const compressed = rows.filter((r) => String(r['compression']).includes('ZSTD')).map((r) => r['name']);
        expect(compressed.sort()).toEqual([...zstd].sort());
      } finally {
        store.close();
      }
    },
  );
});

describe('one writer at a time', () => {
  it('refuses a second writer with CASE_LOCKED, and opens again once the first has gone', async () => {
    const path = await newCasePath();
    const holder = await holdCaseOpen(path);
    try {
      const error = await appErrorOf(CaseStore.open(path));
      expectCode(error, 'CASE_LOCKED');
      expect(error.message).toContain('open in another Trailscope process');
      expect(error.message).toContain(path);

      // DuckDB admits no reader while another process writes: a read-only open says so instead of failing vaguely.
      const reader = await appErrorOf(CaseStore.open(path, { readOnly: true }));
      expectCode(reader, 'CASE_LOCKED');
      expect(reader.message).toContain('is open for writing in another Trailscope process');

      // The CLI turns the same refusal into exit 1 and the same sentence.
      const imported = await runCli(['import', path, join(GENERIC, 'records.ndjson')]);
      expect(imported.code).toBe(1);
      expect(imported.stderr).toContain('open in another Trailscope process');
    } finally {
      await holder.release();
    }

    const store = await CaseStore.open(path);
    store.close();
    expect(store.meta.tenantId).toBe('acme');
  });
});

describe('CaseStore.open refuses what it cannot read', () => {
  it('a case from a newer Trailscope: SCHEMA_TOO_NEW', async () => {
    const path = await newCasePath();
    const store = await CaseStore.open(path);
    await store.connection.run(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [String(SCHEMA_VERSION + 1)]);
    store.close();

    const error = await appErrorOf(CaseStore.open(path));
    const readOnlyError = await appErrorOf(CaseStore.open(path, { readOnly: true }));

    expectCode(error, 'SCHEMA_TOO_NEW');
    expect(error.message).toContain(path);
    expectCode(readOnlyError, 'SCHEMA_TOO_NEW');
  });

  it('a file that is not a DuckDB database: CASE_INVALID or IO, naming it, and the file untouched', async () => {
    const path = join(await tempDir(), 'notes.duckdb');
    const bytes = Buffer.from('these are meeting notes, not a database\n');
    await writeFile(path, bytes);

    const error = await appErrorOf(CaseStore.open(path));

    expectCode(error, 'CASE_INVALID', 'IO');
    expect(error.message).toContain(path);
    expect(await readFile(path)).toEqual(bytes);
  });

  it('a DuckDB file without a meta table: CASE_INVALID', async () => {
    const path = join(await tempDir(), 'other.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE notes (body VARCHAR)');
    connection.closeSync();
    instance.closeSync();

    const error = await appErrorOf(CaseStore.open(path));

    expectCode(error, 'CASE_INVALID');
    expect(error.message).toContain(path);
  });

  it('a path with nothing there: CASE_NOT_FOUND, and no file is made', async () => {
    const path = join(await tempDir(), 'missing.duckdb');

    const error = await appErrorOf(CaseStore.open(path));
    const readOnlyError = await appErrorOf(CaseStore.open(path, { readOnly: true }));

    expectCode(error, 'CASE_NOT_FOUND');
    expect(error.message).toContain(path);
    expectCode(readOnlyError, 'CASE_NOT_FOUND');
    expect(existsSync(path)).toBe(false);
  });
});

describe('a read-only case', () => {
  it('refuses imports and journal entries with READ_ONLY, and nothing lands', async () => {
    const path = await newCasePath();
    const store = await CaseStore.open(path, { readOnly: true });
    try {
      const importError = await appErrorOf(importFiles(store, [join(GENERIC, 'records.ndjson')]));
      const journalError = await appErrorOf(store.journal('note', { text: 'hello' }));

      expectCode(importError, 'READ_ONLY');
      expect(importError.message).toContain(path);
      expectCode(journalError, 'READ_ONLY');
      expect((await caseStats(store)).events).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('a case made by Trailscope 0.1.0 (schema 1): test/fixtures/cases/v1-generic.duckdb', () => {
  const FIXTURE = join(FIXTURES, 'cases', 'v1-generic.duckdb');
  const MADE_SHA256 = '1dc7761146bdf1d04ae0df54e13f0ce8a1b8815af0c738650462a5a808517f3e';
  const sha256 = async () =>
    createHash('sha256')
      .update(await readFile(FIXTURE))
      .digest('hex');

  it('opens read-only and lists every event it was made with, leaving the file as it was', async () => {
    expect(await sha256(), 'the fixture must never be regenerated (test/fixtures/cases/README.md)').toBe(MADE_SHA256);

    const store = await CaseStore.open(FIXTURE, { readOnly: true });
    let events;
    let stats;
    try {
      expect(store.meta).toMatchObject({
        schemaVersion: 1,
        tenantId: 'ws_acme',
        multiTenant: false,
        displayTimeZone: 'UTC',
      });
      events = (await queryPage(store, { query: null, limit: 1000, order: 'asc' })).events;
      stats = await caseStats(store);
    } finally {
      store.close();
    }

    // From test/fixtures/expected/formats/generic/{records,chained}.ndjson.expected.json, in time order.
    expect(events.map((e) => [e.uid, e.action])).toEqual([
      ['evt_0001', 'user.login'],
      ['evt_0002', 'document.updated'],
      ['evt_0003', 'api_key.created'],
      ['sha256:39d9f1eefd37870b8c007d3423b084fafe6f5139e70da65cd46fd3694c31916a', 'export.created'],
      ['evt_0005', 'user.login_failed'],
      ['evt_0006', 'workspace.settings_changed'],
      ['1007', 'security.suspicious_activity'],
      ['evt_0008', 'user.role_changed'],
      ['evt_c001', 'user.login'],
      ['evt_c002', 'document.accessed'],
      ['evt_c003', 'user.logout'],
    ]);
    expect(new Set(events.map((e) => e.tenant_id))).toEqual(new Set(['ws_acme']));
    expect(events[0]).toMatchObject({
      occurred_at: expect.stringMatching(/^2025-04-01T09:00:00\.123456/),
      actor_email: 'ana@acme.io',
      ip: '203.0.113.10',
      metadata: { method: 'password' },
    });
    expect(events[8]).toMatchObject({
      chain_seq: 1,
      chain_prev: '0'.repeat(64),
      chain_hash: '7c06174850ce0c0b44f73753ab13e44be7fad1f2569e6681ba7a7f66a90e173c',
    });
    expect(stats).toMatchObject({ tenant: 'ws_acme', events: 11, rejects: 0 });

    expect(existsSync(`${FIXTURE}.wal`)).toBe(false);
    expect(await sha256()).toBe(MADE_SHA256);
  });

  it('is migrated forward when opened for writing: every old row kept, the new tables there, the step journaled', async () => {
    const dir = await tempDir();
    const copy = join(dir, 'old.duckdb');
    await copyFile(FIXTURE, copy);

    const store = await CaseStore.open(copy);
    try {
      expect(store.meta.schemaVersion).toBe(SCHEMA_VERSION);
      expect((await caseStats(store)).events).toBe(11);
      const [version] = await queryRows(store.connection, `SELECT value FROM meta WHERE key = 'schema_version'`);
      expect(version?.['value']).toBe(String(SCHEMA_VERSION));
      expect(await queryRows(store.connection, 'SELECT count(*)::INT AS n FROM digests')).toEqual([{ n: 0 }]);
      const journal = await queryRows(
        store.connection,
        `SELECT action, detail::VARCHAR AS detail FROM journal WHERE action = 'case.migrate'`,
      );
      expect(journal).toEqual([{ action: 'case.migrate', detail: JSON.stringify({ from: 1, to: SCHEMA_VERSION }) }]);
      // The tables derived from the events (derived.ts) are built from the old events as part of the step.
      const [firstSeen] = await queryRows(
        store.connection,
        `SELECT count(*)::INT AS n FROM first_seen WHERE kind = 'ip'`,
      );
      expect(firstSeen?.['n']).toBeGreaterThan(0);
      expect(await countMatching(store, parseQuery('first_seen:ip'))).toBe(firstSeen?.['n']);
      expect(await queryRows(store.connection, 'SELECT count(DISTINCT key)::INT AS n FROM event_keys')).toEqual([
        { n: 11 },
      ]);
      const added = await importFiles(store, [join(GENERIC, 'records.ndjson')]);
      expect(added.duplicates).toBeGreaterThan(0);
    } finally {
      store.close();
    }
    const reopened = await CaseStore.open(copy, { readOnly: true });
    reopened.close();
    expect(reopened.meta.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses country:, first_seen: and session: read-only with a message saying how to bring it forward', async () => {
    const store = await CaseStore.open(FIXTURE, { readOnly: true });
    try {
      for (const query of ['first_seen:ip', 'country:DE', '-session:x action:a'])
        await expect(countMatching(store, parseQuery(query))).rejects.toThrow(
          /is of schema version 1: countries, first-seen and sessions need version 3\. Open it for writing once/,
        );
      await expect(eventContext(store, 'ws_acme', 'evt_0001')).rejects.toThrow(/Open it for writing once/);
      expect(await countMatching(store, parseQuery('ip:203.0.113.10'))).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('gets a case id once, on its first open for writing, and keeps it (keychain entries and trust name it)', async () => {
    const copy = join(await tempDir(), 'old.duckdb');
    await copyFile(FIXTURE, copy);
    const before = await CaseStore.open(copy, { readOnly: true });
    before.close();
    expect(before.meta.caseId).toBeNull();

    const first = await CaseStore.open(copy);
    const caseId = first.meta.caseId;
    const given = await queryRows(
      first.connection,
      `SELECT detail::VARCHAR AS detail FROM journal WHERE action = 'case.id'`,
    );
    first.close();
    expect(caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(given).toEqual([{ detail: JSON.stringify({ caseId }) }]);

    for (const readOnly of [false, true]) {
      const again = await CaseStore.open(copy, { readOnly });
      again.close();
      expect(again.meta.caseId).toBe(caseId);
    }
  });
});
