// Export memory at size (issue 16): each export of the demo case runs in a child process of its own, which reports
// its peak RSS (getrusage's maxrss) and its RSS as the export passes 25 %, 50 %, 75 % and 100 %, beside the event
// count. Exports stream a DuckDB chunk at a time and DuckDB's sort spills past the case's memory limit
// (CASE_MEMORY_MB), so the peak should stay flat as the case grows. Not part of `npm test`: building a 3M-event demo
// case takes minutes (10M about 12+), kept in bench/.data once built.
//
//   npm run bench:export-memory                                 1M and 3M events; csv, ndjson, parquet
//   npm run bench:export-memory -- --events 1000000 --formats csv,partitioned   (partitioned: --partitioned Parquet)
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ExportFormat } from '@shared/domain/exports';
import { exportEvents } from '../src/main/core/reports/export';
import { CASE_MEMORY_MB, CaseStore } from '../src/main/core/store/case-store';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000,3000000' },
    formats: { type: 'string', default: 'csv,ndjson,parquet' },
    child: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
});

interface ChildResult {
  events: number;
  bytes: number;
  seconds: number;
  peakRssMb: number;
  rssAtMb: number[];
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

/** In the child: one export (`partitioned`: Parquet, --partitioned), then its figures as one JSON line on stdout. */
async function child(casePath: string, format: ExportFormat | 'partitioned', out: string): Promise<void> {
  const store = await CaseStore.open(casePath);
  const rssAtMb: number[] = [];
  const started = performance.now();
  const result = await exportEvents(store, {
    scope: { query: '', timeZone: 'UTC' },
    format: format === 'partitioned' ? 'parquet' : format,
    partitioned: format === 'partitioned',
    out,
    force: true,
    onProgress: (p) => {
      const quarter = p.total ? Math.floor((p.done / p.total) * 4) : 0;
      while (rssAtMb.length < quarter) rssAtMb.push(mb(process.memoryUsage().rss));
    },
  });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  const figures: ChildResult = {
    events: result.events,
    bytes: result.bytes,
    seconds,
    // maxRSS is in kilobytes (1024 bytes).
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rssAtMb,
  };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

function runChild(casePath: string, format: string, out: string): Promise<ChildResult> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', casePath, '--format', format];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...args, '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`export child (${format}) exited ${code}: ${stdout.slice(-500)}`));
    });
  });
}

if (values.child !== undefined) {
  await child(values.child, values.format as ExportFormat | 'partitioned', values.out!);
} else {
  const sizes = values.events.split(',').map(Number);
  const formats = values.formats.split(',');
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-export-memory-'));
  const rows: string[] = [];
  try {
    for (const size of sizes) {
      const { path } = await ensureDemoCase(size);
      const casePath = join(dir, 'case.duckdb');
      await copyFile(path, casePath);
      for (const format of formats) {
        const out = join(dir, `events.${format}`);
        const r = await runChild(casePath, format, out);
        await rm(out, { recursive: true, force: true });
        rows.push(
          `${size.toLocaleString('en-US').padStart(10)} ${format.padEnd(8)} ${String(r.events).padStart(9)} ` +
            `${String(mb(r.bytes)).padStart(7)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.peakRssMb).padStart(9)}   ` +
            r.rssAtMb.join(' / '),
        );
        console.error(rows.at(-1));
      }
      await rm(casePath, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `export memory — demo case, every event, one child process per export; DuckDB limit ${CASE_MEMORY_MB} MB`,
  );
  console.log(
    `${'case'.padStart(10)} ${'format'.padEnd(8)} ${'events'.padStart(9)} ${'MB out'.padStart(7)} ${'seconds'.padStart(8)} ${'peak RSS'.padStart(9)}   RSS MB at 25/50/75/100 %`,
  );
  for (const row of rows) console.log(row);
}
