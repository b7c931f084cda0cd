// The one ingest batcher (sources/ingest-batcher.ts) on a real case: it closes a batch by the batch rules, saves the
// source's checkpoint with the batch (or alone when the batch stores nothing), adds up the results, and removes a
// committed unit's spool files but never a file of the user's.
import { access, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { prepareObject } from '../../src/main/core/sources/read-object';
import { IngestBatcher } from '../../src/main/core/sources/ingest-batcher';
import { addSource } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, newCase } from '../helpers/case';
import { genericRecord, ndjson } from '../helpers/records';
import { apiSettings } from '../helpers/source-settings';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

const FILE_SOURCE = 'files';

async function ndjsonFile(
  dir: string,
  name: string,
  from: number,
  count: number,
): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, name);
  const bytes = Buffer.from(ndjson(Array.from({ length: count }, (_, i) => genericRecord(from + i))));
  await writeFile(path, bytes);
  return { path, bytes };
}

it('stores a batch as soon as the rules call it full, and adds up what every batch added', async () => {
  const dir = await tempDir();
  const store = await newCase({ tenantId: 'acme' });
  const committed: string[][] = [];
  const batcher = new IngestBatcher<string>(store, {
    sourceId: FILE_SOURCE,
    job: 'import',
    maxBytes: 1, // every unit fills a batch on its own
    onCommitted: (items) => committed.push(items),
  });

  for (const [index, from] of [1, 11].entries()) {
    const { path, bytes } = await ndjsonFile(dir, `${index}.ndjson`, from, 10);
    const { unit, contentBytes } = await prepareObject(path, bytes, { format: 'auto', pathOnDisk: path });
    await batcher.add(unit, path, { contentBytes });
  }
  await batcher.finish();

  expect(committed).toEqual([[join(dir, '0.ndjson')], [join(dir, '1.ndjson')]]);
  expect(batcher.totals).toEqual({ added: 20, duplicates: 0, rejected: 0 });
  const [row] = await queryRows(store.connection, 'SELECT count(*) AS events FROM events');
  expect(Number(row?.['events'])).toBe(20);
});

it("removes a committed unit's spool files and its spool folder, never the user's file DuckDB read", async () => {
  const dir = await tempDir();
  const spoolIn = await tempDir();
  const store = await newCase({ tenantId: 'acme' });
  const batcher = new IngestBatcher<null>(store, { sourceId: FILE_SOURCE, job: 'import' });
  await batcher.openSpool('test-spool-', spoolIn);
  const clean = await ndjsonFile(dir, 'clean.ndjson', 1, 3);
  // A JSON document: its records go to a spool file.
  const document = Buffer.from(JSON.stringify({ Records: [genericRecord(4), genericRecord(5)] }));

  const first = await prepareObject(clean.path, clean.bytes, { format: 'auto', pathOnDisk: clean.path });
  const spoolPath = batcher.spoolFile('0.records');
  const second = await prepareObject('doc.json', document, { format: 'generic', spoolPath });
  await batcher.add(first.unit, null, { contentBytes: first.contentBytes });
  await batcher.add(second.unit, null, { contentBytes: second.contentBytes });
  expect(second.unit.input?.kind).toBe('spooled');
  await batcher.finish();

  const [spoolFolder] = await readdir(spoolIn);
  expect(await readdir(join(spoolIn, spoolFolder ?? ''))).toEqual([]);
  await expect(access(clean.path)).resolves.toBeUndefined();
  expect(batcher.totals.added).toBe(5);
  await batcher.close();
  expect(await readdir(spoolIn)).toEqual([]);
});

it('saves only the checkpoint for a batch whose items hold nothing to store', async () => {
  const store = await newCase({ tenantId: 'acme' });
  const source = await addSource(store, 'peer', {
    kind: 'api',
    settings: apiSettings(),
  });
  const batcher = new IngestBatcher<string>(store, {
    sourceId: source.id,
    job: 'sync',
    checkpoint: (items) => ({ pages: items }),
  });

  await batcher.add(null, 'page-1', { contentBytes: 0 });
  await batcher.add(null, 'page-2', { contentBytes: 0 });
  await batcher.flush();

  const [row] = await queryRows(
    store.connection,
    'SELECT checkpoint::VARCHAR AS checkpoint FROM sources WHERE id = $1',
    [source.id],
  );
  expect(JSON.parse(String(row?.['checkpoint']))).toEqual({ pages: ['page-1', 'page-2'] });
  const [ledger] = await queryRows(store.connection, 'SELECT count(*) AS rows FROM ingest_ledger');
  expect(Number(ledger?.['rows'])).toBe(0);
});
