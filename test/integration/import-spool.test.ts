// Records JS splits out of documents (and out of NDJSON DuckDB cannot read as it is) reach DuckDB through a private
// spool folder instead of memory: they land exactly as through memory (raw byte for byte, refs, rejects), the folder
// is private while it exists and gone after the import, a cancelled one included; and the DuckDB settings an import
// lowers are put back.
import { readdirSync, statSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isAppError } from '../../src/main/core/errors';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { prepareObject } from '../../src/main/core/sources/read-object';
import { SPOOL_MAX_RECORD_BYTES } from '../../src/main/core/ingest/spool';
import { listRejects } from '../../src/main/core/store/events-repo';
import { INGEST_MEMORY } from '../../src/main/core/store/ingest';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { cloudtrailRecord as cloudtrailOf, gz } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

const ACCOUNT = '111122223333';

function cloudtrailRecord(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return cloudtrailOf(n, ACCOUNT, overrides);
}

async function rawsBySourceRef(store: Awaited<ReturnType<typeof newCase>>): Promise<Map<string, string>> {
  const rows = await queryRows(store.connection, 'SELECT source_ref, raw::VARCHAR AS raw FROM events');
  return new Map(rows.map((r) => [String(r['source_ref']).replace(/^.*#/, '#'), String(r['raw'])]));
}

it('imports a pretty-printed CloudTrail document with CRLF line ends as its compact form, each raw byte for byte', async () => {
  const records = Array.from({ length: 40 }, (_, n) => cloudtrailRecord(n));
  const dir = await tempDir();
  const compactPath = join(dir, 'compact.json.gz');
  const prettyPath = join(dir, 'pretty.json');
  const prettyText = JSON.stringify({ Records: records }, null, 2).replaceAll('\n', '\r\n');
  await writeFile(compactPath, gz(JSON.stringify({ Records: records })));
  await writeFile(prettyPath, prettyText);
  const compact = await newCase({ tenantId: ACCOUNT });
  const pretty = await newCase({ tenantId: ACCOUNT });

  expect(await importFiles(compact, [compactPath])).toMatchObject({ added: 40, rejected: 0 });
  expect(await importFiles(pretty, [prettyPath])).toMatchObject({ added: 40, rejected: 0 });

  const withoutRaw = (events: Awaited<ReturnType<typeof eventsInImportOrder>>, path: string) =>
    events.map(({ raw: _raw, received_at: _at, ingest_seq: _seq, ...rest }) => ({
      ...rest,
      source_ref: rest.source_ref.slice(path.length),
    }));
  expect(withoutRaw(await eventsInImportOrder(pretty), prettyPath)).toEqual(
    withoutRaw(await eventsInImportOrder(compact), compactPath),
  );
  // Each raw is the record's own text in the file, its CRLFs and indentation included.
  const raws = await rawsBySourceRef(pretty);
  let from = 0;
  for (const [index, record] of records.entries()) {
    const raw = raws.get(`#${index}`) ?? '';
    expect(raw).toMatch(/\r\n +"userIdentity": \{\r\n/);
    expect(JSON.parse(raw)).toEqual(record);
    const at = prettyText.indexOf(raw, from);
    expect(at).toBeGreaterThanOrEqual(from);
    from = at + raw.length;
  }
});

it('lands a document record too long for the spool, from memory, in its place among the others', async () => {
  const huge = cloudtrailRecord(1, { requestParameters: { blob: 'x'.repeat(SPOOL_MAX_RECORD_BYTES) } });
  const records = [cloudtrailRecord(0), huge, cloudtrailRecord(2)];
  const path = join(await tempDir(), 'big.json');
  await writeFile(path, JSON.stringify({ Records: records }));
  const store = await newCase({ tenantId: ACCOUNT });

  expect(await importFiles(store, [path])).toMatchObject({ added: 3, rejected: 0 });

  const events = await eventsInImportOrder(store);
  expect(events.map((e) => [e.uid, e.source_ref])).toEqual([0, 1, 2].map((i) => [`evt-0000${i}`, `${path}#${i}`]));
  const raws = await rawsBySourceRef(store);
  expect(raws.get('#1')).toBe(JSON.stringify(huge));
});

it('rejects by line number an NDJSON line with a byte the spool cannot carry, and spools the lines around it', async () => {
  // The byte-order mark keeps DuckDB from reading the file itself, so its lines go through the spool.
  const lines = [
    JSON.stringify(cloudtrailRecord(1)),
    `{"eventID":"x\u0001y","eventTime":"2025-01-01T00:00:00Z"}`,
    JSON.stringify(cloudtrailRecord(3)),
  ];
  const path = join(await tempDir(), 'events.ndjson');
  await writeFile(path, '\ufeff' + lines.join('\n') + '\n');
  const store = await newCase({ tenantId: ACCOUNT });

  expect(await importFiles(store, [path])).toMatchObject({ added: 2, rejected: 1 });

  expect((await eventsInImportOrder(store)).map((e) => e.source_ref)).toEqual([`${path}:1`, `${path}:3`]);
  expect(await listRejects(store)).toMatchObject([
    { object_key: path, line: 2, reason: 'not valid JSON', excerpt: lines[1] },
  ]);
});

async function folderOfDocuments(files: number, perFile: number): Promise<string> {
  const dir = await tempDir();
  for (let f = 0; f < files; f++) {
    const records = Array.from({ length: perFile }, (_, i) => cloudtrailRecord(f * perFile + i));
    await writeFile(join(dir, `trail-${f}.json.gz`), gz(JSON.stringify({ Records: records })));
  }
  return dir;
}

it('keeps spooled records in a folder only this user can read, and removes it after the import', async () => {
  const dir = await folderOfDocuments(3, 200);
  const spoolIn = await tempDir();
  const store = await newCase({ tenantId: ACCOUNT });
  const seen: { folder: number; files: number[] }[] = [];

  // One file per batch, and a report every millisecond while a batch is stored (its spool file is there then).
  await importFiles(store, [dir], {
    spoolIn,
    batchBytes: 1,
    progressIntervalMs: 1,
    onProgress: () => {
      for (const name of readdirNow(spoolIn)) {
        const folder = join(spoolIn, name);
        seen.push({
          folder: statNow(folder) & 0o777,
          files: readdirNow(folder).map((f) => statNow(join(folder, f)) & 0o777),
        });
      }
    },
  });

  expect(seen.some((s) => s.files.length > 0)).toBe(true);
  expect(new Set(seen.map((s) => s.folder))).toEqual(new Set([0o700]));
  expect(new Set(seen.flatMap((s) => s.files))).toEqual(new Set([0o600]));
  expect(await readdir(spoolIn)).toEqual([]);
});

it('removes the spool folder when the import is cancelled', async () => {
  const dir = await folderOfDocuments(4, 200);
  const spoolIn = await tempDir();
  const store = await newCase({ tenantId: ACCOUNT });
  const controller = new AbortController();

  const run = importFiles(store, [dir], {
    spoolIn,
    signal: controller.signal,
    batchBytes: 1,
    onProgress: (p) => {
      if (p.done > 0) controller.abort();
    },
  });

  expect(
    isAppError(
      await run.then(
        () => null,
        (e: unknown) => e,
      ),
      'CANCELLED',
    ),
  ).toBe(true);
  expect(await readdir(spoolIn)).toEqual([]);
});

it("puts the case's DuckDB memory limit back after an import", async () => {
  const store = await newCase({ tenantId: ACCOUNT });
  const limit = async () =>
    (await queryRows(store.connection, `SELECT current_setting('memory_limit') AS m`))[0]?.['m'];
  const before = await limit();

  await importFiles(store, [await folderOfDocuments(1, 10)]);

  expect(await limit()).toBe(before);
});

// Snapshots taken inside a progress callback, which is synchronous.
function readdirNow(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function statNow(path: string): number {
  try {
    return statSync(path).mode;
  } catch {
    return -1;
  }
}

it('stores a batch again at the case memory limit when it does not fit in the lower one an import uses', async () => {
  // 10 MB: a new case uses less, so DuckDB takes the limit; reading and parsing a batch needs more (measured: it
  // fails with "Out of Memory Error"), so the batch is stored only by the second attempt.
  const saved = { ...INGEST_MEMORY };
  Object.assign(INGEST_MEMORY, { baseMb: 10, perThreadMb: 0 });
  try {
    const store = await newCase({ tenantId: ACCOUNT });
    const limit = async () =>
      (await queryRows(store.connection, `SELECT current_setting('memory_limit') AS m`))[0]?.['m'];
    const before = await limit();

    expect(await importFiles(store, [await folderOfDocuments(2, 2000)])).toMatchObject({ added: 4000, rejected: 0 });
    expect(await limit()).toBe(before);
  } finally {
    Object.assign(INGEST_MEMORY, saved);
  }
});

it('imports from memory, with a warning, when no spool folder can be made', async () => {
  const store = await newCase({ tenantId: ACCOUNT });
  const missing = join(await tempDir(), 'no-such-folder');

  const summary = await importFiles(store, [await folderOfDocuments(2, 50)], { spoolIn: missing });

  expect(summary).toMatchObject({ added: 100, rejected: 0 });
  expect(summary.warnings).toEqual([
    expect.stringMatching(
      new RegExp(`^Cannot make a private temporary folder in ${missing}: .*held in memory instead$`),
    ),
  ]);
});

it("holds a document's records in memory, with a warning naming the file, when its spool file cannot be written", async () => {
  const records = [cloudtrailRecord(0), cloudtrailRecord(1)];
  const content = Buffer.from(JSON.stringify({ Records: records }));

  const prepared = await prepareObject('trail.json', content, {
    format: 'auto',
    spoolPath: join(await tempDir(), 'gone', '0.records'),
  });

  expect(prepared.unit.input).toEqual({
    kind: 'records',
    records: records.map((r, index) => ({ index, raw: JSON.stringify(r) })),
  });
  expect(prepared.warnings).toEqual([
    expect.stringMatching(
      /^trail\.json: its records could not be written to a temporary file \(ENOENT.*held in memory instead$/,
    ),
  ]);
});
