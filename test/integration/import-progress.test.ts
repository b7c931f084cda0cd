// Import progress keeps moving while DuckDB stores a batch (tens of seconds at 1M events), never goes back, and
// ends at the whole; the count of files done moves only when their batch commits.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { JobProgress } from '@shared/domain/jobs';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { closeAll, newCase } from '../helpers/case';
import { genericRecord, gz, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

it('moves between commits, never backwards, and ends at 100% with every file done', async () => {
  const dir = await tempDir();
  const files = 4;
  const perFile = 5000;
  for (let f = 0; f < files; f++) {
    const records = Array.from({ length: perFile }, (_, i) => genericRecord(f * perFile + i));
    await writeFile(join(dir, `part-${f}.ndjson.gz`), gz(ndjson(records)));
  }
  const store = await newCase({ tenantId: 'acme' });
  const progress: JobProgress[] = [];

  // One file per batch, and a tick every millisecond while a batch is stored.
  await importFiles(store, [dir], { batchBytes: 1, progressIntervalMs: 1, onProgress: (p) => progress.push(p) });

  const fractions = progress.map((p) => p.fraction ?? -1);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(progress.at(-1)).toMatchObject({ done: files, total: files, events: files * perFile, fraction: 1 });
  // Between two commits the bar moved while `done` stood still.
  const between = progress.filter(
    (p, i) => i > 0 && p.done === progress[i - 1]?.done && (p.fraction ?? 0) > (progress[i - 1]?.fraction ?? 0),
  );
  expect(between.length).toBeGreaterThan(0);
  expect(new Set(progress.map((p) => p.done))).toEqual(new Set([0, 1, 2, 3, 4]));
});
