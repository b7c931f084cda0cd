// What the Sources panel and the coverage lanes cost on the demo case (issue 18 item 9): `sources.list` (every
// source's counts, spans, runs and file spans) and `sources.lanes` on the histogram's own buckets, each beside
// `events.histogram` for the whole case in the same run (the call the timeline already makes when it opens).
//
//   npx tsx bench/sources.bench.ts                     1M events
//   npx tsx bench/sources.bench.ts --events 10000000   10M events
import { parseArgs } from 'node:util';
import { createEngine } from '../src/main/core/engine';
import { EnvSecretStore } from '../src/main/core/secrets';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const RUNS = Number(values.runs);
const { path: casePath } = await ensureDemoCase(Number(values.events));
const engine = await createEngine({ casePath, secrets: new EnvSecretStore({}), readOnly: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
async function time(work: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    runs.push(performance.now() - started);
  }
  return median(runs);
}

try {
  const histogram = await engine.handlers['events.histogram']({ query: '', timeZone: 'UTC' });
  const last = histogram.buckets.at(-1);
  if (!last) throw new Error('The demo case charted no events.');
  const buckets = {
    starts: histogram.buckets.map((b) => b.start),
    end: new Date(Date.parse(last.start) + histogram.intervalMs).toISOString(),
  };
  const baseline = await time(() => engine.handlers['events.histogram']({ query: '', timeZone: 'UTC' }));
  const list = await time(() => engine.handlers['sources.list']({}));
  const lanes = await time(() => engine.handlers['sources.lanes'](buckets));
  const { sources } = await engine.handlers['sources.list']({});
  const line = (name: string, msValue: number) =>
    `${name.padEnd(44)} ${msValue.toFixed(0).padStart(6)} ms  ${(msValue / baseline).toFixed(2)}× the histogram`;
  console.log(`${Number(values.events).toLocaleString('en-US')} events, ${sources.length} sources, median of ${RUNS}`);
  console.log(line('events.histogram (whole case, baseline)', baseline));
  console.log(line('sources.list', list));
  console.log(line(`sources.lanes (${buckets.starts.length} buckets)`, lanes));
} finally {
  await engine.close();
}
