// The gzipped NDJSON files the demo writes: names in time order, a continuous chain, nothing left behind.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoFileName, writeDemoFiles } from '../../../../../src/main/core/demo/demo-files';
import { generateDemoEvents } from '../../../../../src/main/core/demo/generate';
import { isAppError } from '../../../../../src/main/core/errors';
import { tempDir } from '../../../../helpers/temp';

describe('writeDemoFiles', () => {
  it('splits the stream into gzipped NDJSON files whose names sort in time order, chain continuous across them', async () => {
    const dir = await tempDir();
    const result = await writeDemoFiles(dir, { events: 1_000, seed: 9, eventsPerFile: 300 });
    expect(result.paths.map((p) => p.slice(dir.length + 1))).toEqual([1, 2, 3, 4].map(demoFileName));
    expect([...result.paths].sort()).toEqual(result.paths);
    const lines = (await Promise.all(result.paths.map(async (p) => gunzipSync(await readFile(p)).toString('utf8'))))
      .join('')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(1_000);
    const records = lines.map((l) => JSON.parse(l) as { occurred_at: string; chain: { seq: number; hash: string } });
    expect(records.map((r) => r.chain.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(records.at(-1)?.chain.hash).toBe(result.chainHead);
    const times = records.map((r) => r.occurred_at);
    expect([...times].sort()).toEqual(times);
    // Byte-identical to the in-memory stream.
    expect(lines).toEqual([...generateDemoEvents({ events: 1_000, seed: 9 })].map((r) => JSON.stringify(r)));
  });

  it('never overwrites a file, and removes what it wrote when it stops', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, demoFileName(2)), 'not ours');
    let caught: unknown;
    try {
      await writeDemoFiles(dir, { events: 1_000, eventsPerFile: 300 });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'IO')).toBe(true);
    expect(await readdir(dir)).toEqual([demoFileName(2)]);
    expect(await readFile(join(dir, demoFileName(2)), 'utf8')).toBe('not ours');
  });

  it('stops between chunks when cancelled and leaves nothing behind', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    let caught: unknown;
    try {
      await writeDemoFiles(dir, {
        events: 50_000,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'CANCELLED')).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});
