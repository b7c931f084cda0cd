// `case attach` (issue 17, "Scale past one machine"): a folder of Hive-partitioned Parquet written by a partitioned
// export, read beside a case's own events. The demo case is exported partitioned; a second case holds the events
// before the demo's midpoint; with the folder attached, every view of several queries equals the same on the whole
// case. Also: detach, a folder gone missing, a folder named with glob characters, refusals, the folder untouched.
import { cp, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '@shared/contract';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { ATTACHED_SOURCE_ID } from '@shared/domain/attachments';
import { dispatch } from '../../src/main/core/bridge/dispatch';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { createCase, createEngine, type Engine } from '../../src/main/core/engine';
import { exportEvents, partitionListing } from '../../src/main/core/reports/export';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { attachFolder } from '../../src/main/core/store/attachments-repo';
import { CaseStore } from '../../src/main/core/store/case-store';
import { queryRows } from '../../src/main/core/store/sql';
import { genericRecord, ndjson } from '../helpers/records';

const QUERIES = ['', 'outcome:failure', 'action:*login*', '-outcome:success OR actor:*admin*'];
const TZ = 'UTC';
const engines: Engine[] = [];

let dir: string;
let fullPath: string;
let partPath: string;
/** The whole demo case as a partitioned export. */
let folder: string;
let midpoint: string;
let fullEvents: number;

async function engine(casePath: string, readOnly = false): Promise<Engine> {
  const opened = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly });
  engines.push(opened);
  return opened;
}

async function closeEngine(opened: Engine): Promise<void> {
  engines.splice(engines.indexOf(opened), 1);
  await opened.close();
}

/** A partitioned export of `query` of the case at `casePath` into `out`. */
async function exportPartitioned(casePath: string, out: string, query = '', columns?: string[]): Promise<void> {
  const store = await CaseStore.open(casePath);
  try {
    await exportEvents(store, { scope: { query, timeZone: TZ }, format: 'parquet', partitioned: true, out, columns });
  } finally {
    store.close();
  }
}

/** What an event is, whichever copy: everything but when and where this case got it from (receipt, source, ingest). */
function essence(event: NormalizedEvent) {
  const { source_id: _s, source_ref: _r, ingest_seq: _i, received_at: _t, ...rest } = event;
  return rest;
}

/** Every page of a query, forward by `next`, as event essences; then back by `previous` from the last page (kept). */
async function allPages(e: Engine, query: string): Promise<{ forward: unknown[]; back: unknown[] }> {
  const forward: NormalizedEvent[][] = [];
  let after: string | undefined;
  let before: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await e.handlers['events.page']({ query, timeZone: TZ, order: 'asc', limit: 500, after });
    forward.push(page.events);
    before = page.previous ?? undefined;
    if (page.next === null) break;
    after = page.next;
  }
  const back: NormalizedEvent[][] = [forward.at(-1) ?? []];
  for (let i = 0; i < 1000 && before !== undefined; i++) {
    const page = await e.handlers['events.page']({ query, timeZone: TZ, order: 'asc', limit: 500, before });
    back.unshift(page.events);
    before = page.previous ?? undefined;
  }
  return { forward: forward.flat().map(essence), back: back.flat().map(essence) };
}

/**
 * The facets the events' own columns give. Country and first use come from the tables every import derives from the
 * case's own events (store/derived.ts): an attached event has no rows there, as the README says.
 */
function withoutDerived(result: Response<'events.facets'>) {
  const { country: _country, first_seen: _firstSeen, ...columns } = result.facets;
  return { total: result.total, facets: columns };
}

/** Every read view of a query, as the app asks for them. */
async function views(e: Engine, query: string) {
  const scope = { query, timeZone: TZ };
  return {
    count: await e.handlers['events.count'](scope),
    facets: withoutDerived(await e.handlers['events.facets']({ ...scope, top: 10 })),
    histogram: await e.handlers['events.histogram'](scope),
    byOutcome: await e.handlers['events.histogram']({ ...scope, by: 'outcome' }),
    lanes: await e.handlers['events.lanes']({ ...scope, top: 8 }),
    values: await e.handlers['events.values']({ ...scope, field: 'actor', prefix: '', limit: 20 }),
  };
}

beforeAll(async () => {
  // One folder for the file: the demo case and its export are made once and shared by every test.
  dir = await mkdtemp(join(tmpdir(), 'trailscope-attach-'));
  fullPath = join(dir, 'full.duckdb');
  partPath = join(dir, 'part.duckdb');
  folder = join(dir, 'warehouse');
  const demo = await createDemoCase(fullPath, { events: 4000 });
  fullEvents = demo.events;
  await exportPartitioned(fullPath, folder);
  // The second case: the events before the midpoint, imported from the full case's raw records.
  const full = await CaseStore.open(fullPath, { readOnly: true });
  const [row] = await queryRows(
    full.connection,
    `SELECT strftime(quantile_disc(occurred_at, 0.5), '%Y-%m-%dT%H:%M:%S.%fZ') AS mid FROM events`,
  );
  full.close();
  midpoint = String(row?.['mid']);
  const early = join(dir, 'early.ndjson');
  const writer = await CaseStore.open(fullPath);
  await exportEvents(writer, { scope: { query: `before:${midpoint}`, timeZone: TZ }, format: 'raw', out: early });
  writer.close();
  await createCase(partPath, { tenantId: demo.tenant });
  const part = await CaseStore.open(partPath);
  await importFiles(part, [early]);
  part.close();
}, 240_000);

// Each test starts from the second case with nothing attached, whatever the test before it left.
afterEach(async () => {
  for (const opened of engines.splice(0)) await opened.close();
  const part = await engine(partPath);
  for (const { path } of (await part.handlers['case.info']({})).attachments)
    await part.handlers['case.detach']({ path });
  await closeEngine(part);
});

afterAll(async () => {
  for (const opened of engines.splice(0)) await opened.close();
  await rm(dir, { recursive: true, force: true });
});

describe('case attach', () => {
  it('with the export attached, page, count, facets, histogram, lanes and values of each query equal the whole case', async () => {
    const full = await engine(fullPath, true);
    const part = await engine(partPath);
    const own = await part.handlers['events.count']({ query: '', timeZone: TZ });
    expect(own.count).toBeGreaterThan(0);
    expect(own.count).toBeLessThan(fullEvents);

    const { attachment } = await part.handlers['case.attach']({ path: folder });

    expect(attachment).toMatchObject({ path: folder, status: 'ok', events: fullEvents, problem: null });
    expect(attachment.files).toBeGreaterThan(1);
    for (const query of QUERIES) {
      expect(await views(part, query), query).toEqual(await views(full, query));
      const [mine, whole] = [await allPages(part, query), await allPages(full, query)];
      expect(mine.forward, query).toEqual(whole.forward);
      expect(mine.back, query).toEqual(whole.forward);
    }
    // The summary counts an event in both the case and the folder once.
    const [partStats, fullStats] = [await part.handlers['case.stats']({}), await full.handlers['case.stats']({})];
    expect({ ...partStats, rejects: 0 }).toEqual({ ...fullStats, rejects: 0 });
    expect((await part.handlers['case.info']({})).attachments).toEqual([attachment]);
    await closeEngine(full);
    await part.handlers['case.detach']({ path: folder });
    await closeEngine(part);
  });

  it('marks attached events in the drawer, whose context degrades to what the case knows', async () => {
    const part = await engine(partPath);
    await part.handlers['case.attach']({ path: folder });
    const page = await part.handlers['events.page']({
      query: `after:${midpoint}`,
      timeZone: TZ,
      order: 'desc',
      limit: 1,
    });
    const [event] = page.events;
    expect(event?.source_id).toBe(ATTACHED_SOURCE_ID);
    expect(event?.source_ref).toMatch(
      /^attached Parquet .*warehouse\/tenant_id=demo\/date=\d{4}-\d{2}-\d{2}\/.*\.parquet/,
    );
    const context = await part.handlers['events.context']({ tenantId: event!.tenant_id, uid: event!.uid });
    // Countries and first uses are derived at import: an attached event is the first use of nothing, has no country
    // of its own, and still opens (with the actor's first uses the case knows of).
    expect(context.country).toBeNull();
    expect(context.firstUses.every((use) => !use.thisEvent)).toBe(true);
    // An event of the case's own is the case's copy.
    const first = await part.handlers['events.page']({ query: '', timeZone: TZ, order: 'asc', limit: 1 });
    expect(first.events[0]?.source_id).not.toBe(ATTACHED_SOURCE_ID);
    await part.handlers['case.detach']({ path: folder });
    await closeEngine(part);
  });

  it('an export of a query reads the attached events too', async () => {
    const part = await engine(partPath);
    await part.handlers['case.attach']({ path: folder });
    await closeEngine(part);
    const writer = await CaseStore.open(partPath);
    const out = join(dir, 'attached.csv');
    const result = await exportEvents(writer, {
      scope: { query: 'outcome:failure', timeZone: TZ },
      format: 'csv',
      out,
    });
    const own = await queryRows(writer.connection, `SELECT count(*) AS n FROM events`);
    writer.close();
    const full = await engine(fullPath, true);
    const expected = await full.handlers['events.count']({ query: 'outcome:failure', timeZone: TZ });
    expect(result.events).toBe(expected.count);
    expect(Number(own[0]?.['n'])).toBeLessThan(fullEvents);
    await closeEngine(full);
    const again = await engine(partPath);
    await again.handlers['case.detach']({ path: folder });
    await closeEngine(again);
  });

  it('detaching restores the case’s own events, and the journal records both', async () => {
    const part = await engine(partPath);
    const before = await views(part, '');
    await part.handlers['case.attach']({ path: folder });
    expect((await part.handlers['events.count']({ query: '', timeZone: TZ })).count).toBe(fullEvents);

    await part.handlers['case.detach']({ path: folder });

    expect(await views(part, '')).toEqual(before);
    expect((await part.handlers['case.info']({})).attachments).toEqual([]);
    const { entries } = await part.handlers['journal.list']({});
    expect(entries.slice(-2).map((entry) => [entry.action, entry.detail['path']])).toEqual([
      ['case.attach', folder],
      ['case.detach', folder],
    ]);
    await expect(part.handlers['case.detach']({ path: folder })).rejects.toThrow(/is not attached to this case/);
    await closeEngine(part);
  });

  it('a read-only engine reads the attached folder too (its files allowed, nothing else)', async () => {
    const part = await engine(partPath);
    await part.handlers['case.attach']({ path: folder });
    await closeEngine(part);
    const reader = await engine(partPath, true);

    expect((await reader.handlers['events.count']({ query: '', timeZone: TZ })).count).toBe(fullEvents);
    await expect(reader.handlers['case.detach']({ path: folder })).rejects.toMatchObject({ code: 'READ_ONLY' });
    await closeEngine(reader);
    const store = await CaseStore.open(partPath, { readOnly: true });
    await expect(queryRows(store.connection, `SELECT count(*) FROM read_csv('/etc/hostname')`)).rejects.toThrow(
      /disabled by configuration/,
    );
    store.close();
    const writer = await engine(partPath);
    await writer.handlers['case.detach']({ path: folder });
    await closeEngine(writer);
  });

  it('a folder gone missing: the case opens, its own events answer, and case.info says which attachment is missing', async () => {
    const moved = join(dir, 'moved warehouse');
    await cp(folder, moved, { recursive: true });
    const part = await engine(partPath);
    const own = await views(part, '');
    await part.handlers['case.attach']({ path: moved });
    await closeEngine(part);
    await rename(moved, `${moved}.gone`);

    const reopened = await engine(partPath);

    const info = await reopened.handlers['case.info']({});
    expect(info.attachments).toMatchObject([{ path: moved, status: 'missing', events: 0, files: 0 }]);
    expect(info.attachments[0]?.problem).toMatch(/is not a folder/);
    expect(await views(reopened, '')).toEqual(own);
    await reopened.handlers['case.detach']({ path: moved });
    await closeEngine(reopened);
  });

  it('a folder gone while the case is open: case.info (the app’s Refresh) lists it as missing and reads go on', async () => {
    const moving = join(dir, 'moving warehouse');
    await cp(folder, moving, { recursive: true });
    const part = await engine(partPath);
    const own = await views(part, 'outcome:failure');
    await part.handlers['case.attach']({ path: moving });
    expect((await part.handlers['events.count']({ query: '', timeZone: TZ })).count).toBe(fullEvents);

    await rename(moving, `${moving}.gone`);
    const info = await part.handlers['case.info']({});

    expect(info.attachments).toMatchObject([{ path: moving, status: 'missing' }]);
    expect(await views(part, 'outcome:failure')).toEqual(own);
  });

  it('a folder named with glob characters, quotes and spaces reads exactly its own files, not a look-alike', async () => {
    // A `=` in the path too: the tenant is then read from each file's name, not as a Hive partition.
    const tricky = join(dir, 'a[1] *?\'s "x" k=v');
    // `a[1] *?'s` as a pattern would match this sibling: it holds other events of the same tenant.
    const lookAlike = join(dir, 'a1 zz\'s "x" k=v');
    await cp(folder, tricky, { recursive: true });
    const decoyCase = join(dir, 'decoy.duckdb');
    await createCase(decoyCase, { tenantId: 'demo' });
    const decoy = await CaseStore.open(decoyCase);
    const records = join(dir, 'decoy.ndjson');
    await writeFile(records, ndjson([1, 2, 3].map((n) => genericRecord(n, { tenant_id: 'demo', id: `decoy-${n}` }))));
    await importFiles(decoy, [records]);
    decoy.close();
    await exportPartitioned(decoyCase, lookAlike);
    const part = await engine(partPath);

    const { attachment } = await part.handlers['case.attach']({ path: tricky });

    expect(attachment).toMatchObject({ path: tricky, status: 'ok', events: fullEvents });
    expect((await part.handlers['events.count']({ query: '', timeZone: TZ })).count).toBe(fullEvents);
    expect((await part.handlers['events.count']({ query: 'decoy', timeZone: TZ })).count).toBe(0);
    const full = await engine(fullPath, true);
    expect(await views(part, 'outcome:failure')).toEqual(await views(full, 'outcome:failure'));
    await part.handlers['case.detach']({ path: tricky });
    await closeEngine(part);
  });

  it('refuses a folder whose files lack a column, naming the file and the column, and one of another tenant', async () => {
    const narrow = join(dir, 'narrow');
    const columns = ['uid', 'tenant_id', 'occurred_at', 'received_at', 'action', 'category'];
    await exportPartitioned(fullPath, narrow, '', columns);
    const part = await engine(partPath);

    await expect(part.handlers['case.attach']({ path: narrow })).rejects.toThrow(
      /narrow\/tenant_id=demo\/date=[\d-]+\/[^ ]+\.parquet has no column outcome\./,
    );
    const otherCase = join(dir, 'other.duckdb');
    await createCase(otherCase, { tenantId: 'other' });
    const other = await CaseStore.open(otherCase);
    const records = join(dir, 'other.ndjson');
    await writeFile(records, ndjson([genericRecord(1, { tenant_id: 'other' })]));
    await importFiles(other, [records]);
    other.close();
    const otherFolder = join(dir, 'other-export');
    await exportPartitioned(otherCase, otherFolder);
    await expect(part.handlers['case.attach']({ path: otherFolder })).rejects.toThrow(
      /holds events of tenant other; this case is bound to tenant demo/,
    );
    const stray = join(dir, 'stray');
    await mkdir(stray);
    await cp(join(narrow), join(stray, 'inner'), { recursive: true });
    await expect(part.handlers['case.attach']({ path: stray })).rejects.toThrow(
      /is not where a partitioned export puts its files/,
    );
    await expect(part.handlers['case.attach']({ path: join(dir, 'nowhere') })).rejects.toThrow(/is not a folder/);
    expect((await part.handlers['case.info']({})).attachments).toEqual([]);
    await closeEngine(part);
  });

  it('an import beside an attachment dedups against the case only: an attached event imported is added', async () => {
    const copy = join(dir, 'part-copy.duckdb');
    await cp(partPath, copy);
    const all = join(dir, 'all.ndjson');
    const full = await CaseStore.open(fullPath);
    await exportEvents(full, { scope: { query: '', timeZone: TZ }, format: 'raw', out: all });
    full.close();
    const store = await CaseStore.open(copy);
    const [own] = await queryRows(store.connection, 'SELECT count(*) AS n FROM events');
    await attachFolder(store, folder);

    const summary = await importFiles(store, [all]);

    // Only the case's own events are duplicates; the attached ones are not the case's, so they come in.
    expect(summary.duplicates).toBe(Number(own?.['n']));
    expect(summary.added).toBe(fullEvents - Number(own?.['n']));
    const [after] = await queryRows(store.connection, 'SELECT count(*) AS n FROM events');
    expect(Number(after?.['n'])).toBe(fullEvents);
    store.close();
  });

  it('never writes to the folder, and refuses attach from the app or a browser page (CLI only)', async () => {
    const listing = await partitionListing(folder);
    const modified = (await stat(folder)).mtimeMs;
    const part = await engine(partPath);
    await part.handlers['case.attach']({ path: folder });
    await views(part, 'outcome:failure');
    await part.handlers['case.detach']({ path: folder });

    expect(await dispatch(part.handlers, 'case.attach', { path: folder })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await closeEngine(part);
    expect(await partitionListing(folder)).toEqual(listing);
    expect((await stat(folder)).mtimeMs).toBe(modified);
  });
});
