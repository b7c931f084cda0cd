// Chain verification speed on the demo case (issue: integrity): events/s of the whole chain check (reading the case
// in chain order, canonicalizing each record, SHA-256, the checks), beside the bare SHA-256 rate of Node's crypto over
// the same bytes (prev ‖ canonical JSON, one createHash per event) measured in the same run, as a ratio (target
// ≥ 0.5×). Also what reading alone and canonicalizing alone take, to show where the time goes. The demo case is
// built once and kept in bench/.data.
//
//   npm run bench:verify                       1M events
//   npm run bench:verify -- --events 10000000  10M events
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { canonicalWithout } from '../src/main/core/formats/canonical-text';
import { runChainCheck } from '../src/main/core/integrity/chain';
import { CaseStore } from '../src/main/core/store/case-store';
import { chainEvents, chainTenants } from '../src/main/core/store/chain-events';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '2' } },
});
const EVENTS = Number(values.events);
const CHAIN = new Set(['chain']);
const RUNS = Number(values.runs);

const { path } = await ensureDemoCase(EVENTS);
const store = await CaseStore.open(path, { readOnly: true });
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US').padStart(12);

// The chain check as `trailscope verify --chain` runs it; the best of RUNS (the first also warms DuckDB's cache).
let checkMs = Infinity;
let checked = 0;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const outcome = await runChainCheck({ store, signal: new AbortController().signal, progress: () => undefined });
  checkMs = Math.min(checkMs, performance.now() - started);
  checked = outcome.counts['events'] ?? 0;
  if (outcome.verdict !== 'intact') {
    console.error(`the demo case did not verify intact: ${outcome.summary}`);
    process.exitCode = 1;
  }
}

// One more pass over the same rows, timing its parts apart: reading, canonicalizing, and bare SHA-256 over the
// canonical bytes. Only one chunk's canonical texts are held at a time.
let readMs = 0;
let canonicalMs = 0;
let shaMs = 0;
let events = 0;
let bytes = 0;
let sink = 0;
for (const { tenantId } of await chainTenants(store)) {
  const rows = chainEvents(store, tenantId);
  for (;;) {
    let started = performance.now();
    const next = await rows.next();
    readMs += performance.now() - started;
    if (next.done) break;
    const chunk = next.value;
    started = performance.now();
    const texts = chunk.map((row) => (row.prev ?? '') + canonicalWithout(row.raw, CHAIN));
    canonicalMs += performance.now() - started;
    started = performance.now();
    for (const text of texts) sink += createHash('sha256').update(text, 'utf8').digest('hex').length;
    shaMs += performance.now() - started;
    events += chunk.length;
    for (const text of texts) bytes += text.length;
  }
}
store.close();

const checkRate = rate(checked, checkMs);
const shaRate = rate(events, shaMs);
console.log(`chain verification benchmark — demo case, ${EVENTS.toLocaleString('en-US')} events, best of ${RUNS}`);
console.log(`${'what'.padEnd(56)} ${'events/s'.padStart(12)} ${'seconds'.padStart(9)}`);
const line = (what: string, n: number, ms: number) =>
  console.log(`${what.padEnd(56)} ${fmt(rate(n, ms))} ${(ms / 1000).toFixed(2).padStart(9)}`);
line('chain check (read, canonicalize, SHA-256, compare)', checked, checkMs);
line('  reading the events in chain order (DuckDB → JS)', events, readMs);
line('  canonicalizing records (RFC 8785, without chain)', events, canonicalMs);
line(`bare SHA-256, createHash per event (avg ${Math.round(bytes / events)} chars)`, events, shaMs);
console.log(
  `\nratio chain check / bare SHA-256: ${(checkRate / shaRate).toFixed(2)}× (target ≥ 0.5×)` + (sink < 0 ? '' : ''),
);
