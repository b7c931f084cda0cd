// What holding the case for writing only while writing costs (issue 19, "One case, two programs"): the engine
// switches from its read-only instance to a read-write one for a write and back after it (store/shared-case.ts).
// On a copy of the 1M-event demo case: the open and close times of each kind of instance, a small write (saving a
// saved query) through the engine, switch included, against the same write on a store held open for writing (the
// engine before the change), and the first read after the switch. Prints the ratio to that baseline.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/main/core/engine';
import { EnvSecretStore } from '../src/main/core/secrets';
import { CaseStore } from '../src/main/core/store/case-store';
import { saveSavedQuery } from '../src/main/core/store/saved-queries-repo';
import { countMatching } from '../src/main/core/store/events-query';
import { ensureDemoCase } from './demo-case';

const EVENTS = Number(process.env['TWO_PROGRAMS_EVENTS'] ?? 1_000_000);
const ROUNDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const { path: demo } = await ensureDemoCase(EVENTS);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-two-programs-'));
const casePath = join(dir, 'case.duckdb');
await copyFile(demo, casePath);
try {
  const opens: Record<'read-only' | 'read-write', number[]> = { 'read-only': [], 'read-write': [] };
  const closes: Record<'read-only' | 'read-write', number[]> = { 'read-only': [], 'read-write': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['read-only', 'read-write'] as const) {
      const [store, open] = await timed(() => CaseStore.open(casePath, { readOnly: kind === 'read-only' }));
      opens[kind].push(open);
      const started = performance.now();
      if (kind === 'read-write') await store.connection.run('CHECKPOINT');
      store.close();
      closes[kind].push(performance.now() - started);
    }
  }

  // Baseline: the write on a store held open for writing all along, as the engine held it before.
  const held = await CaseStore.open(casePath);
  const heldTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [, time] = await timed(() =>
      saveSavedQuery(
        held,
        { name: `held ${round}`, query: 'action:login', from: null, to: null, zone: null, columns: null },
        undefined,
      ),
    );
    heldTimes.push(time);
  }
  const [, heldRead] = await timed(() => countMatching(held, null, { timeZone: 'UTC' }));
  held.close();

  const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
  const switched: number[] = [];
  const firstReads: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const draft = {
        name: `switched ${round}`,
        query: 'action:login',
        from: null,
        to: null,
        zone: null,
        columns: null,
      };
      const [, time] = await timed(() => engine.handlers['saved.save'](draft));
      switched.push(time);
      const [, read] = await timed(() => engine.handlers['events.count']({ query: '', timeZone: 'UTC' }));
      firstReads.push(read);
    }
  } finally {
    await engine.close();
  }

  console.log(`two programs, ${EVENTS.toLocaleString('en-US')}-event case, median of ${ROUNDS}:`);
  console.log(`  open read-only  ${ms(median(opens['read-only']))}, close ${ms(median(closes['read-only']))}`);
  console.log(
    `  open read-write ${ms(median(opens['read-write']))}, checkpoint + close ${ms(median(closes['read-write']))}`,
  );
  console.log(`  save a saved query, case held for writing (before): ${ms(median(heldTimes))}`);
  console.log(`  save a saved query, switching to write and back (now): ${ms(median(switched))}`);
  console.log(
    `  switch cost per write: ${ms(median(switched) - median(heldTimes))}; ratio ${(median(switched) / median(heldTimes)).toFixed(1)}×`,
  );
  console.log(`  first count after the switch ${ms(median(firstReads))} (held store: ${ms(heldRead)})`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
