// Cancelling an import leaves a consistent case: finished batches stay with their
// ledger rows, an unfinished one leaves nothing (one transaction per batch), and importing again completes the set.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isAppError } from '../../src/main/core/errors';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, newCase } from '../helpers/case';
import { genericRecord, gz, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

async function folderOfFiles(files: number, perFile: number): Promise<string> {
  const dir = await tempDir();
  for (let f = 0; f < files; f++) {
    const records = Array.from({ length: perFile }, (_, i) => genericRecord(f * perFile + i));
    await writeFile(join(dir, `part-${String(f).padStart(3, '0')}.ndjson.gz`), gz(ndjson(records)));
  }
  return dir;
}

it('stops when cancelled after the first batch, keeps that batch, and a re-run completes the set', async () => {
  const dir = await folderOfFiles(6, 200);
  const store = await newCase({ tenantId: 'acme' });
  const controller = new AbortController();
  const progress: number[] = [];

  const run = importFiles(store, [dir], {
    signal: controller.signal,
    batchBytes: 1,
    // The first report after a commit (reports while a batch is stored keep done at 0).
    onProgress: (p) => {
      if (p.done === 0) return;
      progress.push(p.done);
      controller.abort();
    },
  });

  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'CANCELLED')).toBe(true);
  expect(progress).toEqual([1]);
  const [counts] = await queryRows(
    store.connection,
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM ingest_ledger) AS ledger`,
  );
  expect(counts).toEqual({ events: '200', ledger: '1' });

  expect(await importFiles(store, [dir])).toMatchObject({ added: 1000, duplicates: 200 });
  const [after] = await queryRows(store.connection, `SELECT count(*) AS n, count(DISTINCT uid) AS u FROM events`);
  expect(after).toEqual({ n: '1200', u: '1200' });
});

it('leaves nothing when cancelled before the first batch commits', async () => {
  const dir = await folderOfFiles(4, 5000);
  const store = await newCase({ tenantId: 'acme' });
  const controller = new AbortController();

  const run = importFiles(store, [dir], { signal: controller.signal });
  setImmediate(() => controller.abort());

  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'CANCELLED')).toBe(true);
  const [counts] = await queryRows(
    store.connection,
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM ingest_ledger) AS ledger, (SELECT count(*) FROM rejects) AS rejects`,
  );
  expect(counts).toEqual({ events: '0', ledger: '0', rejects: '0' });
  expect(await importFiles(store, [dir])).toMatchObject({ added: 20000, duplicates: 0 });
});
