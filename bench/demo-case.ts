// The demo case the query and UI benchmarks run on: built once per size and kept in bench/.data, beside the files it
// was made from (the query benchmark runs `zcat | jq` over them).
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createDemoCase } from '../src/main/core/demo/create-demo-case';
import { DATA_ROOT } from './generate';

export async function ensureDemoCase(events: number): Promise<{ path: string; files: string }> {
  const path = join(DATA_ROOT, `demo-${events}.duckdb`);
  const files = join(DATA_ROOT, `demo-${events}-files`);
  if (!existsSync(path)) {
    await mkdir(DATA_ROOT, { recursive: true });
    // Files of a build that did not finish (or of a case since deleted): the same seed writes them again.
    await rm(files, { recursive: true, force: true });
    process.stderr.write(
      `building the demo case with ${events.toLocaleString('en-US')} events (once; kept in ${DATA_ROOT})…\n`,
    );
    const started = performance.now();
    await createDemoCase(path, { events, writeFilesDir: files });
    process.stderr.write(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return { path, files };
}
