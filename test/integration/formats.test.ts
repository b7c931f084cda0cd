// The FORMATS.md contract: every fixture, imported, gives exactly the hand-derived rows in
// test/fixtures/expected, and the same rows whichever path brought the records (a file DuckDB reads itself,
// lines split in JS, or records arriving as an API page).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WRAPPER_KEYS } from '../../src/main/core/formats/formats';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { prepareObject } from '../../src/main/core/sources/read-object';
import type { CaseStore } from '../../src/main/core/store/case-store';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { ingestUnits } from '../../src/main/core/store/ingest';
import { listRejects } from '../../src/main/core/store/events-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { FIXTURES } from '../helpers/temp';

const CASE_TENANT = 'case-tenant';
const CONTRACT_KEYS = [
  'uid',
  'tenant_id',
  'occurred_at',
  'action',
  'category',
  'outcome',
  'actor_id',
  'actor_type',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
] as const;
/** Everything a path must reproduce: the contract columns plus the JSON columns (`raw` parsed) and chain fields. */
const PATH_KEYS = [
  ...CONTRACT_KEYS,
  'targets',
  'changes',
  'metadata',
  'chain_seq',
  'chain_hash',
  'chain_prev',
  'format',
  'raw',
] as const;

function dataFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dataFiles(path);
    return /\.(json|ndjson)(\.gz)?$|\.json\.log\.gz$|\.json\.gz$/.test(name) ? [path] : [];
  });
}

const FILES = [...dataFiles(join(FIXTURES, 'realshape')), ...dataFiles(join(FIXTURES, 'formats'))].sort();

function expectedFor(file: string, suffix: string): unknown {
  const path = join(FIXTURES, 'expected', relative(FIXTURES, file) + suffix);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

function contractRow(event: NormalizedEvent): Record<string, unknown> {
  return Object.fromEntries(
    CONTRACT_KEYS.map((k) => [k, event[k] === CASE_TENANT && k === 'tenant_id' ? '$CASE' : event[k]]),
  );
}

function pathRow(event: NormalizedEvent): Record<string, unknown> {
  return Object.fromEntries(PATH_KEYS.map((k) => [k, event[k]]));
}

/** The file's records as parsed JSON, the way an API client holds a page. Lines that are not JSON are left out. */
async function recordsOf(file: string): Promise<unknown[]> {
  const prepared = await prepareObject(file, await readFile(file), { format: 'auto' });
  const input = prepared.unit.input;
  const raws = input?.kind === 'records' ? input.records : input?.kind === 'lines' ? input.lines : [];
  return raws.flatMap((l) => {
    try {
      return [JSON.parse(l.raw) as unknown];
    } catch {
      return [];
    }
  });
}

async function pageUnit(objectKey: string, page: string) {
  return (await prepareObject(objectKey, Buffer.from(page), { format: 'auto' })).unit;
}

/**
 * A document's records must land with `raw` exactly their text in the file: checked against JSON.parse of the
 * whole file, not against the scanner. Each raw is a trimmed slice of the file, found in record order, whose value
 * is the record at its source_ref's index.
 */
async function expectVerbatimRecords(file: string, store: CaseStore): Promise<void> {
  const bytes = await readFile(file);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const doc = JSON.parse(text) as unknown[] | Record<string, unknown>;
  const wrapper = Array.isArray(doc) ? undefined : WRAPPER_KEYS.find((k) => Array.isArray(doc[k]));
  const records = (Array.isArray(doc) ? doc : doc[wrapper as string]) as unknown[];
  const rows = await queryRows(store.connection, 'SELECT DISTINCT source_ref, raw::VARCHAR AS raw FROM events');
  const byIndex = new Map(
    rows.map((r) => [Number(/#(\d+)(?:\/\d+)?$/.exec(String(r['source_ref']))?.[1]), String(r['raw'])]),
  );
  expect(byIndex.size).toBeGreaterThan(0);
  let from = 0;
  for (const [index, raw] of [...byIndex].sort(([a], [b]) => a - b)) {
    expect(raw).toBe(raw.trim());
    expect(JSON.parse(raw)).toEqual(records[index]);
    const at = text.indexOf(raw, from);
    expect(at).toBeGreaterThanOrEqual(from);
    from = at + raw.length;
  }
}

afterEach(closeAll);

describe.each(FILES.map((f) => [relative(FIXTURES, f), f]))('%s', (_name, file) => {
  const multiTenant = { tenantId: CASE_TENANT, multiTenant: true };

  it('imports exactly the rows FORMATS.md gives', async () => {
    const store = await newCase(multiTenant);
    await importFiles(store, [file]);
    const rows = (await eventsInImportOrder(store)).map(contractRow);
    expect(rows).toEqual(expectedFor(file, '.expected.json'));

    const expectedRejects = (expectedFor(file, '.expected-rejects.json') ?? []) as { reason_contains: string }[];
    const rejects = await listRejects(store);
    expect(rejects.map((r) => r.reason.toLowerCase())).toEqual(
      expectedRejects.map((r) => expect.stringContaining(r.reason_contains.toLowerCase())),
    );
  });

  it('gives the same rows through every ingest path', async () => {
    const viaFile = await newCase(multiTenant);
    await importFiles(viaFile, [file]);

    const viaLines = await newCase(multiTenant);
    const prepared = await prepareObject(file, await readFile(file), { format: 'auto' });
    await ingestUnits(viaLines, [prepared.unit], { sourceId: 'files', job: 'import' });

    const viaPage = await newCase(multiTenant);
    const records = await recordsOf(file);
    await ingestUnits(viaPage, [await pageUnit('page-1', JSON.stringify({ data: records }))], {
      sourceId: 'api',
      job: 'sync',
    });

    // `raw` compares as parsed JSON (toEvent parses it): a pretty-printed file keeps its own whitespace in `raw`,
    // the page its compact text. Every other column must be identical.
    const rows = async (store: CaseStore) => (await eventsInImportOrder(store)).map(pathRow);
    const expected = await rows(viaFile);
    expect(expected.length).toBeGreaterThan(0);
    expect(await rows(viaLines)).toEqual(expected);
    expect(await rows(viaPage)).toEqual(expected);
    if (prepared.unit.input?.kind === 'records') {
      await expectVerbatimRecords(file, viaFile);
      await expectVerbatimRecords(file, viaLines);
    }
  });
});

it('counts any CloudTrail errorCode as a failure, even an empty one, but not a null one', async () => {
  const base = {
    eventVersion: '1.08',
    eventSource: 'iam.amazonaws.com',
    eventName: 'GetUser',
    eventTime: '2025-01-01T00:00:00Z',
    recipientAccountId: '111122223333',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ana' },
  };
  const records = [
    { ...base, eventID: 'a', errorCode: 'AccessDenied' },
    { ...base, eventID: 'b', errorCode: '' },
    { ...base, eventID: 'c', errorCode: null },
    { ...base, eventID: 'd' },
  ];
  const store = await newCase({ tenantId: '111122223333' });
  await ingestUnits(store, [await pageUnit('ct.json', JSON.stringify({ Records: records }))], {
    sourceId: 'files',
    job: 'import',
  });
  expect((await eventsInImportOrder(store)).map((e) => [e.uid, e.outcome])).toEqual([
    ['a', 'failure'],
    ['b', 'failure'],
    ['c', 'success'],
    ['d', 'success'],
  ]);
});

it('imports clean NDJSON files of two formats in one batch, each with the rows it gives alone', async () => {
  // Each format's statement binds its own files: binding another format's values too made DuckDB refuse the batch.
  const files = ['formats/generic/records.ndjson', 'formats/github/streaming.ndjson'].map((f) => join(FIXTURES, f));
  const store = await newCase({ tenantId: CASE_TENANT, multiTenant: true });

  const summary = await importFiles(store, files);

  expect(summary.objects).toHaveLength(2);
  const events = await eventsInImportOrder(store);
  for (const file of files) {
    const own = events.filter((e) => e.source_ref.startsWith(`${file}:`)).map(contractRow);
    expect(own).toEqual(expectedFor(file, '.expected.json'));
  }
});
