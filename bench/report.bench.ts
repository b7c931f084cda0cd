// PDF report speed (issue 16: "a 10 000-event report is produced in seconds"): the time `trailscope report` takes
// for every event of the demo case, at 10 000 and 100 000 events, with its pages and size. Each run writes into a
// copy of the demo case (the report is journalled), which is built once per size and kept in bench/.data.
//
//   npm run bench:report
//   npm run bench:report -- --events 10000,1000000
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeReport } from '../src/main/core/reports/report-pdf';
import { CaseStore } from '../src/main/core/store/case-store';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000,100000' } } });
const SIZES = values.events.split(',').map(Number);
const fmt = (n: number) => n.toLocaleString('en-US');

const dir = await mkdtemp(join(tmpdir(), 'trailscope-report-bench-'));
try {
  for (const size of SIZES) {
    const { path } = await ensureDemoCase(size);
    const copy = join(dir, `demo-${size}.duckdb`);
    await copyFile(path, copy);
    const store = await CaseStore.open(copy, { readOnly: false });
    try {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await writeReport(store, {
        scope: { query: '', timeZone: 'UTC' },
        out: join(dir, `report-${size}.pdf`),
        force: true,
        signal: new AbortController().signal,
      });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      console.log(
        `${fmt(result.events).padStart(9)} events: ${seconds.toFixed(2).padStart(6)} s, ` +
          `${fmt(Math.round(result.events / seconds)).padStart(7)} events/s, ${fmt(result.pages)} pages, ` +
          `${(result.bytes / 1024 / 1024).toFixed(1)} MiB; CPU ${cpuSeconds.toFixed(2)} s (all threads)`,
      );
    } finally {
      store.close();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
