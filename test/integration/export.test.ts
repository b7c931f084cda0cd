// Exports (issue 16): every format read back by a real reader — CSV by csv-parse, Parquet by DuckDB, raw NDJSON
// against the source file's lines byte for byte — with redaction, --force, cancellation and the journal.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { toCsv } from '../../src/main/core/csv';
import { DEFAULT_EXPORT_COLUMNS, exportEvents, type ExportOptions } from '../../src/main/core/reports/export';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { queryPage } from '../../src/main/core/store/events-query';
import { streamScope } from '../../src/main/core/store/export-repo';
import type { ExportColumn } from '@shared/domain/exports';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { queryRows } from '../../src/main/core/store/sql';
import { caseWithRecords, closeAll, newCase } from '../helpers/case';
import { genericRecord } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

const ACME = { tenantId: 'acme' };
const scope = (query: string) => ({ query, timeZone: 'UTC' });

function hostileRecords() {
  return [
    genericRecord(1, { actor: { id: 'u1', type: 'user', name: '=HYPERLINK("http://x")', email: 'a@acme.io' } }),
    genericRecord(2, { action: 'line\nbreak', target: { type: 'doc', id: 'd2', name: 'lone\rcr' } }),
    genericRecord(3, { action: '@SUM(1)', target: { type: 'doc', id: 'd3', name: '+cmd|"/c calc"' } }),
    genericRecord(4, { metadata: { note: 'mail bob@acme.io from 10.1.2.3' } }),
    ...Array.from({ length: 40 }, (_, i) => genericRecord(10 + i)),
  ];
}

async function run(store: Awaited<ReturnType<typeof newCase>>, options: Partial<ExportOptions> & { out: string }) {
  return exportEvents(store, { scope: scope(''), format: 'csv', ...options });
}

describe('exportEvents', () => {
  it('CSV reads back with csv-parse: header once, every event, hostile cells neutralized and quoted', async () => {
    const store = await caseWithRecords(hostileRecords(), ACME);
    const out = join(await tempDir(), 'events.csv');
    const progress: { done: number; total: number | null }[] = [];
    const result = await run(store, {
      out,
      columns: ['uid', 'action', 'actor_name', 'target_name'],
      onProgress: (p) => progress.push({ done: p.done, total: p.total }),
    });
    // Counted first: every report knows the total, the last one is the whole.
    expect(progress.every((p) => p.total === 44)).toBe(true);
    expect(progress.at(-1)?.done).toBe(44);
    const text = await readFile(out, 'utf8');
    const rows = parse(text, { record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]).toEqual(['uid', 'action', 'actor_name', 'target_name']);
    expect(rows).toHaveLength(1 + 44);
    expect(result.events).toBe(44);
    const byUid = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byUid.get('evt_000001')?.[2]).toBe(`'=HYPERLINK("http://x")`);
    expect(byUid.get('evt_000002')?.[1]).toBe('line\nbreak');
    expect(byUid.get('evt_000002')?.[3]).toBe('lone\rcr');
    expect(byUid.get('evt_000003')?.[1]).toBe(`'@SUM(1)`);
    expect(byUid.get('evt_000003')?.[3]).toBe(`'+cmd|"/c calc"`);
    // The lone CR and LF are inside quotes: no line of the file ends without CRLF outside one.
    expect(text).toContain('"line\nbreak"');
    expect(text).toContain('"lone\rcr"');
    expect(result.bytes).toBe((await stat(out)).size);
    expect((await stat(out)).mode & 0o077).toBe(0);
  });

  it('CSV lines built by DuckDB are the bytes the JavaScript writer makes, a U+FEFF starting a line kept', async () => {
    const records = [
      ...hostileRecords(),
      genericRecord(90, { actor: { id: 'u9', type: 'user', name: '\ufeffstarts with a BOM', email: 'b@acme.io' } }),
    ];
    const store = await caseWithRecords(records, ACME);
    const out = join(await tempDir(), 'events.csv');
    const columns = ['actor_name', ...DEFAULT_EXPORT_COLUMNS] as ExportColumn[];

    await run(store, { out, columns });

    let expected = toCsv([columns]);
    for await (const chunk of streamScope(store, { query: null, timeZone: 'UTC' }, columns))
      for (let i = 0; i < chunk.length; i++) expected += toCsv([chunk.row(i)]);
    expect(expected).toContain('\r\n\ufeffstarts with a BOM,');
    expect((await readFile(out)).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('CSV with --bom starts with the UTF-8 byte order mark', async () => {
    const store = await caseWithRecords([genericRecord(1)], ACME);
    const out = join(await tempDir(), 'events.csv');
    await run(store, { out, bom: true, columns: ['uid'] });
    expect([...(await readFile(out)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('exports only the query: the same events as events.page, in order', async () => {
    const store = await caseWithRecords(hostileRecords(), ACME);
    const out = join(await tempDir(), 'events.ndjson');
    const result = await exportEvents(store, { scope: scope('action:user.signed_in'), format: 'ndjson', out });
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    const page = await queryPage(store, { query: parseQuery('action:user.signed_in'), order: 'asc', limit: 1000 });
    expect(result.events).toBe(page.events.length);
    expect(lines.map((l) => (JSON.parse(l) as { uid: string }).uid)).toEqual(page.events.map((e) => e.uid));
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const { raw: _raw, ...expected } = page.events[0]!;
    expect(first).toEqual(expected);
  });

  it('Parquet read back by DuckDB equals the query, typed', async () => {
    const store = await caseWithRecords(hostileRecords(), ACME);
    const out = join(await tempDir(), "it's events.parquet");
    const result = await exportEvents(store, { scope: scope('action:user.signed_in'), format: 'parquet', out });
    const back = await queryRows(
      store.connection,
      `SELECT uid, occurred_at, ingest_seq, targets FROM read_parquet($1)`,
      [out],
    );
    const expected = await queryRows(
      store.connection,
      `SELECT uid, occurred_at, ingest_seq, targets FROM events WHERE action = 'user.signed_in' ORDER BY occurred_at, uid`,
    );
    expect(back).toEqual(expected);
    expect(result.events).toBe(expected.length);
    const types = await queryRows(store.connection, `SELECT typeof(occurred_at) AS t FROM read_parquet($1) LIMIT 1`, [
      out,
    ]);
    expect(types[0]?.['t']).toBe('TIMESTAMP WITH TIME ZONE');
  });

  it('raw NDJSON equals the source lines byte for byte', async () => {
    const lines = [
      '{ "id":"r1" ,  "tenant_id":"case-tenant","occurred_at":"2025-01-01T00:00:01Z", "action":"a.b" }',
      '{"action":"x.y","occurred_at":"2025-01-01T00:00:02Z","tenant_id":"case-tenant","id":"r2","note":"\\u00e9 é ☃ 😀"}',
      '{"tenant_id":"case-tenant","id":"r3",\t"occurred_at":"2025-01-01T00:00:03Z","action":"a.c","n":1.50e3}',
    ];
    const dir = await tempDir();
    await writeFile(join(dir, 'odd.ndjson'), lines.join('\n') + '\n');
    const store = await newCase();
    await importFiles(store, [dir]);
    const out = join(await tempDir(), 'raw.ndjson');
    const result = await exportEvents(store, { scope: scope(''), format: 'raw', out });
    expect(await readFile(out)).toEqual(Buffer.from(lines.join('\n') + '\n', 'utf8'));
    expect(result.events).toBe(3);
  });

  it('never overwrites without force; with force it does', async () => {
    const store = await caseWithRecords([genericRecord(1)], ACME);
    const out = join(await tempDir(), 'events.csv');
    await writeFile(out, 'keep me');
    await expect(run(store, { out })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--force'),
    });
    expect(await readFile(out, 'utf8')).toBe('keep me');
    await run(store, { out, force: true });
    expect(await readFile(out, 'utf8')).toContain('uid,');
  });

  it('refuses a folder, a missing folder, unknown columns, and raw or Parquet with redaction', async () => {
    const store = await caseWithRecords([genericRecord(1)], ACME);
    const dir = await tempDir();
    await expect(run(store, { out: dir })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(run(store, { out: join(dir, 'no', 'x.csv') })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(run(store, { out: join(dir, 'x.csv'), columns: ['uid; DROP'] })).rejects.toMatchObject({
      code: 'USAGE',
    });
    for (const format of ['raw', 'parquet'] as const)
      await expect(run(store, { out: join(dir, 'x'), format, redact: ['emails'] })).rejects.toMatchObject({
        code: 'USAGE',
      });
  });

  it('a cancelled export leaves neither the file nor a partial one', async () => {
    const store = await caseWithRecords(
      Array.from({ length: 5000 }, (_, i) => genericRecord(i)),
      ACME,
    );
    const dir = await tempDir();
    for (const format of ['csv', 'parquet'] as const) {
      const out = join(dir, `events.${format}`);
      const controller = new AbortController();
      const job = exportEvents(store, {
        scope: scope(''),
        format,
        out,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.events > 0 || format === 'parquet') controller.abort();
        },
      });
      await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
      await expect(stat(out)).rejects.toThrow();
      await expect(stat(`${out}.partial`)).rejects.toThrow();
    }
    const journal = await queryRows(store.connection, `SELECT action FROM journal WHERE action = 'export'`);
    expect(journal).toHaveLength(0);
  });

  it('redaction: the same value gives the same token within an export, another token in the next', async () => {
    const store = await caseWithRecords(hostileRecords(), ACME);
    const dir = await tempDir();
    const exportOnce = async (name: string) => {
      const out = join(dir, name);
      await exportEvents(store, { scope: scope(''), format: 'ndjson', out, redact: ['emails', 'ips', 'names'] });
      return (await readFile(out, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const first = await exportOnce('a.ndjson');
    const text = JSON.stringify(first);
    expect(text).not.toMatch(/@acme\.io|203\.0\.113\.|10\.1\.2\.3|User \d/);
    const byUid = (events: Record<string, unknown>[], uid: string) => events.find((e) => e['uid'] === uid)!;
    // evt_000017 and evt_000024 have the same actor (n % 7 == 3): the same tokens.
    const a = byUid(first, 'evt_000017');
    const b = byUid(first, 'evt_000024');
    expect(a['actor_email']).toMatch(/^email_[0-9a-f]{10}$/);
    expect(a['actor_email']).toBe(b['actor_email']);
    expect(a['actor_name']).toMatch(/^name_[0-9a-f]{10}$/);
    expect(a['actor_name']).toBe(b['actor_name']);
    expect(byUid(first, 'evt_000011')['actor_email']).not.toBe(a['actor_email']);
    expect(byUid(first, 'evt_000010')['ip']).toMatch(/^ip_[0-9a-f]{10}$/);
    // An email and an IP inside metadata are replaced too.
    expect(JSON.stringify(byUid(first, 'evt_000004')['metadata'])).toMatch(/mail email_[0-9a-f]{10} from ip_/);
    const second = await exportOnce('b.ndjson');
    expect(byUid(second, 'evt_000017')['actor_email']).not.toBe(a['actor_email']);
  });

  it('journals every export with its query, file, size and SHA-256', async () => {
    const store = await caseWithRecords([genericRecord(1), genericRecord(2)], ACME);
    const out = join(await tempDir(), 'events.csv');
    const result = await exportEvents(store, { scope: scope('action:user.signed_in'), format: 'csv', out });
    const [entry] = await queryRows(
      store.connection,
      `SELECT os_user, detail::VARCHAR AS detail FROM journal WHERE action = 'export'`,
    );
    const detail = JSON.parse(String(entry?.['detail'])) as Record<string, unknown>;
    expect(detail).toMatchObject({
      query: 'action:user.signed_in',
      format: 'csv',
      file: 'events.csv',
      events: 1,
      bytes: result.bytes,
      sha256: result.sha256,
    });
    const { createHash } = await import('node:crypto');
    expect(result.sha256).toBe(
      createHash('sha256')
        .update(await readFile(out))
        .digest('hex'),
    );
  });

  describe('partitioned Parquet (issue 17)', () => {
    const DAY = 24 * 60 * 60_000;
    /** Two tenants (one whose id holds a path) over three UTC days, one event a minute before midnight UTC. */
    function tenantRecords() {
      return [0, 1, 2, 3, 4, 5].map((n) =>
        genericRecord(n, {
          tenant_id: n % 2 === 0 ? 'acme' : '../x/y',
          occurred_at: new Date(
            Date.UTC(2025, 0, 1) + Math.floor(n / 2) * DAY + (n === 5 ? DAY - 60_000 : 0),
          ).toISOString(),
        }),
      );
    }
    /** The folder as DuckDB reads a Hive-partitioned table, the README's way. */
    const read = (store: CaseStore, folder: string) =>
      queryRows(
        store.connection,
        `SELECT * EXCLUDE (date), date::VARCHAR AS date FROM read_parquet($1, hive_partitioning = true, ` +
          `hive_types = {'tenant_id': VARCHAR, 'date': DATE}) ORDER BY uid`,
        [`${folder}/**/*.parquet`],
      );

    it('read back by DuckDB with hive_partitioning equals the case, tenant and UTC day in the paths', async () => {
      const store = await caseWithRecords(tenantRecords(), { tenantId: 'acme', multiTenant: true });
      const folder = join(await tempDir(), "it's parquet");

      const result = await exportEvents(store, { scope: scope(''), format: 'parquet', partitioned: true, out: folder });

      const back = await read(store, folder);
      const expected = await queryRows(
        store.connection,
        `SELECT *, strftime(timezone('UTC', occurred_at), '%Y-%m-%d') AS date FROM events ORDER BY uid`,
      );
      expect(back).toHaveLength(6);
      expect(back).toEqual(expected);
      expect(result).toMatchObject({ events: 6, format: 'parquet', path: folder, files: 6 });
      const files = (await readdir(folder, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
        .sort();
      expect(files.map((f) => f.replace(/[^/]+\.parquet$/, ''))).toEqual([
        'tenant_id=..%2Fx%2Fy/date=2025-01-01/',
        'tenant_id=..%2Fx%2Fy/date=2025-01-02/',
        'tenant_id=..%2Fx%2Fy/date=2025-01-03/',
        'tenant_id=acme/date=2025-01-01/',
        'tenant_id=acme/date=2025-01-02/',
        'tenant_id=acme/date=2025-01-03/',
      ]);
      // The summary's sha256 is that of `sha256sum`'s listing of the files.
      const { createHash } = await import('node:crypto');
      const sha = async (f: string) =>
        createHash('sha256')
          .update(await readFile(join(folder, f)))
          .digest('hex');
      const listing = (await Promise.all(files.map(async (f) => `${await sha(f)}  ${f}\n`))).join('');
      expect(result.sha256).toBe(createHash('sha256').update(listing).digest('hex'));
      const [entry] = await queryRows(
        store.connection,
        `SELECT detail::VARCHAR AS detail FROM journal WHERE action = 'export'`,
      );
      expect(JSON.parse(String(entry?.['detail']))).toMatchObject({ partitioned: true, sha256: result.sha256 });
    });

    it('exports only the query, with the chosen columns', async () => {
      const store = await caseWithRecords(tenantRecords(), { tenantId: 'acme', multiTenant: true });
      const folder = join(await tempDir(), 'out');

      await exportEvents(store, {
        scope: scope('tenant:acme'),
        format: 'parquet',
        partitioned: true,
        out: folder,
        columns: ['uid', 'action'],
      });

      const back = await read(store, folder);
      expect(back.map((row) => Object.keys(row).sort())).toEqual(
        back.map(() => ['action', 'date', 'tenant_id', 'uid']),
      );
      expect(back.map((row) => row['uid'])).toEqual(['evt_000000', 'evt_000002', 'evt_000004']);
    });

    it('refuses a non-empty folder without --force, replaces an export with it, never a folder of other files', async () => {
      const store = await caseWithRecords(tenantRecords(), { tenantId: 'acme', multiTenant: true });
      const dir = await tempDir();
      const folder = join(dir, 'out');
      const options = { scope: scope(''), format: 'parquet' as const, partitioned: true, out: folder };
      await exportEvents(store, options);

      await expect(exportEvents(store, options)).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('--force'),
      });
      await exportEvents(store, { ...options, scope: scope('tenant:acme'), force: true });
      expect(await read(store, folder)).toHaveLength(3);

      const other = join(dir, 'other');
      await mkdir(other);
      await writeFile(join(other, 'keep.txt'), 'keep me');
      await expect(exportEvents(store, { ...options, out: other, force: true })).rejects.toMatchObject({
        code: 'USAGE',
      });
      expect(await readFile(join(other, 'keep.txt'), 'utf8')).toBe('keep me');
      // Nothing left beside them: no partial folder of a refused or finished export.
      expect((await readdir(dir)).sort()).toEqual(['other', 'out']);
      await expect(
        exportEvents(store, { scope: scope(''), format: 'csv', partitioned: true, out: join(dir, 'x') }),
      ).rejects.toMatchObject({ code: 'USAGE' });
    });

    it('a cancelled partitioned export leaves neither the folder nor a partial one', async () => {
      const store = await caseWithRecords(
        Array.from({ length: 5000 }, (_, i) => genericRecord(i)),
        ACME,
      );
      const dir = await tempDir();
      const controller = new AbortController();

      const job = exportEvents(store, {
        scope: scope(''),
        format: 'parquet',
        partitioned: true,
        out: join(dir, 'out'),
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });

      await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
