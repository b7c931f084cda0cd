// Evidence package speed (issue 16: "package of 100 000 events"): `trailscope package` through the engine, as the
// CLI runs it — events.csv, events.ndjson (raw) and report.pdf written, zipped, signed, journalled — and then
// `verify-package` of the zip, with the time of each phase, the sizes of the files in it and the peak RSS. Runs on a
// copy of the demo case (a package is journalled), built once per size and kept in bench/.data.
//
//   npm run bench:package
//   npm run bench:package -- --events 10000,100000
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { runJobToEnd } from '../src/main/cli/engine-session';
import { createEngine } from '../src/main/core/engine';
import type { PackageManifest } from '../src/main/core/reports/package';
import { verifyPackage } from '../src/main/core/reports/verify-package';
import { EnvSecretStore } from '../src/main/core/secrets';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' } } });
const SIZES = values.events.split(',').map(Number);
const fmt = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The highest RSS of this process while `work` runs, sampled every 50 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'trailscope-package-bench-'));
try {
  for (const size of SIZES) {
    const { path } = await ensureDemoCase(size);
    const casePath = join(dir, `demo-${size}.duckdb`);
    await copyFile(path, casePath);
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore(), keyDir: join(dir, 'config') });
    const out = join(dir, `evidence-${size}.zip`);
    // When each phase was first reported (progress is throttled to 10/s, so a phase shorter than that may not show).
    const phases: { phase: string; at: number }[] = [];
    engine.onPush((event) => {
      if (event.type === 'progress' && phases.at(-1)?.phase !== event.phase)
        phases.push({ phase: event.phase, at: performance.now() });
    });
    try {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const built = await withPeakRss(() =>
        runJobToEnd(engine, () => engine.handlers['jobs.package']({ query: '', out, force: true }), {
          signal: new AbortController().signal,
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const summary = built.value as { events: number; bytes: number };
      console.log(
        `package of ${fmt(summary.events)} events: ${seconds.toFixed(2)} s, ${mb(summary.bytes)} zip, ` +
          `CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (all threads), peak RSS ${mb(built.peakRss)}`,
      );
      const ended = performance.now();
      for (const [i, { phase, at }] of phases.entries())
        console.log(`  ${phase.padEnd(24)} ${(((phases[i + 1]?.at ?? ended) - at) / 1000).toFixed(2).padStart(7)} s`);

      const verifyStarted = performance.now();
      const checked = await withPeakRss(() => verifyPackage(out));
      console.log(
        `verify-package: ${((performance.now() - verifyStarted) / 1000).toFixed(2)} s, ` +
          `intact ${checked.value.intact}, peak RSS ${mb(checked.peakRss)}`,
      );

      const zip = unzipSync(await readFile(out), { filter: (file) => file.name === 'manifest.json' });
      const manifest = JSON.parse(Buffer.from(zip['manifest.json']!).toString('utf8')) as PackageManifest;
      console.log(`  files: ${manifest.files.map((f) => `${f.name} ${mb(f.bytes)}`).join(', ')}`);
    } finally {
      await engine.close();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
