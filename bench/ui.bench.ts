// UI speed on the demo case (issue: desktop): the investigator in Chromium over the web bridge, timed the way a user
// waits — first rows on screen after the case opens, a filter change until the table shows the new rows, a jump
// deep into the result — each beside the bridge's own answer to the same request in the same run (the floor the
// UI adds to), and the renderer's JS heap at the end. The demo case is built once and kept in bench/.data.
//
//   npx tsx bench/ui.bench.ts                       1M events
//   npx tsx bench/ui.bench.ts --events 10000000     10M events
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { INCIDENT_IP, INCIDENT_VICTIM_EMAIL } from '../src/main/core/demo/incident';
import { FIRST_PAGE_SIZE, PAGE_SIZE } from '../src/renderer/src/features/query/event-window';
import { callApi, launchBrowser, serve } from '../test/e2e/harness';
import { InvestigatorPage } from '../test/e2e/pages/investigator.page';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
/** What the table asks for first (query.store.ts `run`: the first page of a result, newest first). */
const PAGE = { order: 'desc', limit: FIRST_PAGE_SIZE, timeZone: 'UTC' } as const;

const { path: casePath } = await ensureDemoCase(EVENTS);
if (!existsSync(join(import.meta.dirname, '..', 'out', 'renderer', 'index.html'))) {
  throw new Error('The UI is not built: run `npm run build` first.');
}

// The few DOM calls the page functions below make (this file is compiled for Node, without the DOM's types).
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (n: number) => `${n.toFixed(0)} ms`;

const openStarted = performance.now();
const served = await serve(casePath);
const caseOpenMs = performance.now() - openStarted;
const browser = await launchBrowser();
const rows: { step: string; ui: number; bridge: number; note: string }[] = [];
try {
  // Cold first page over the bridge: what the UI's first request costs at best.
  const bridgeFirst = performance.now();
  await callApi(served, 'events.page', { query: '', ...PAGE });
  const bridgeFirstMs = performance.now() - bridgeFirst;

  // First rows on the page's own clock: from navigation start (the token redirect included) to the first frame
  // with filled rows, polled every frame, so Playwright's backing-off locator polling (up to 500 ms) is not counted.
  // Each run opens a fresh browser context (cold page cache, new cookie); the last one stays for the steps below.
  const openPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(served.url, { waitUntil: 'commit' });
    const firstRows = await page
      .waitForFunction(
        () =>
          document.querySelectorAll('[role="grid"] [role="row"]:not([aria-rowindex="1"])').length > 0 &&
          !document.querySelector('[role="row"][aria-busy="true"]') &&
          performance.now(),
        undefined,
        { polling: 'raf', timeout: 120_000 },
      )
      .then(async (handle) => Number(await handle.jsonValue()));
    return { context, page, firstRows, outer: performance.now() - started };
  };
  const opens: Awaited<ReturnType<typeof openPage>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) await opens[run - 1]?.context.close();
    opens.push(await openPage());
  }
  const { context, page } = opens[opens.length - 1]!;
  rows.push({
    step: 'first rows visible (navigation → rows)',
    ui: median(opens.map((o) => o.firstRows)),
    bridge: bridgeFirstMs,
    note: `bridge: first events.page, cold; as Playwright's locators saw it ${ms(median(opens.map((o) => o.outer)))}`,
  });
  const app = new InvestigatorPage(page);
  await app.waitForRows();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapMb = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 ** 2;
  };

  // The table has redrawn when the status bar shows the new total and no row is still waiting for its window.
  const redrawn = async (expected: number) => {
    const waiting = page.waitForFunction(
      (n) => {
        const match = /([\d,]+) matched/.exec(document.querySelector('footer[aria-label="Status"]')?.textContent ?? '');
        return (
          match?.[1] !== undefined &&
          Number(match[1].replace(/,/g, '')) === n &&
          noBusyRow() &&
          document.querySelectorAll('[role="grid"] [role="row"]').length > (n > 0 ? 1 : 0)
        );

        function noBusyRow() {
          return !document.querySelector('[role="row"][aria-busy="true"]');
        }
      },
      expected,
      { polling: 'raf', timeout: 120_000 },
    );
    await waiting.catch(async (error: unknown) => {
      throw new Error(
        `The table did not show ${expected} matches; the query reads "${await app.queryText()}", the status "${await app.statusText()}".`,
        { cause: error },
      );
    });
  };
  const filters = [`ip:${INCIDENT_IP}`, `actor:${INCIDENT_VICTIM_EMAIL}`, 'outcome:failure', ''];
  const counts = new Map<string, number>();
  for (const query of filters)
    counts.set(query, (await callApi(served, 'events.count', { query, timeZone: 'UTC' })).count);
  for (const query of filters) {
    const count = counts.get(query) ?? NaN;
    // Start from another filter each time, so every run is a real change.
    const other = query === '' ? 'outcome:failure' : '';
    const ui: number[] = [];
    const bridge: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await app.runQuery(other);
      await redrawn(counts.get(other) ?? NaN);
      const started = performance.now();
      await app.runQuery(query);
      await redrawn(count);
      ui.push(performance.now() - started);
      const b = performance.now();
      await Promise.all([
        callApi(served, 'events.page', { query, ...PAGE }),
        callApi(served, 'events.count', { query, timeZone: 'UTC' }),
      ]);
      bridge.push(performance.now() - b);
    }
    rows.push({
      step: `filter → table redrawn: ${query || '(all events)'}`,
      ui: median(ui),
      bridge: median(bridge),
      note: `${count.toLocaleString('en-US')} matched; bridge: page + count`,
    });
  }

  // Deep scroll: the grid jumps to the middle of all events; only the visible window is fetched and rendered.
  const deep: number[] = [];
  let renderedRows = 0;
  for (let run = 0; run < RUNS; run++) {
    const fraction = 0.3 + (0.4 * run) / Math.max(1, RUNS - 1);
    const started = performance.now();
    // The grid is its own scroller (EventsTable.tsx).
    await app.grid.evaluate((grid, f) => {
      grid.scrollTop = grid.scrollHeight * f;
    }, fraction);
    await page.waitForFunction(() => !document.querySelector('[role="row"][aria-busy="true"]'), undefined, {
      polling: 'raf',
      timeout: 60_000,
    });
    deep.push(performance.now() - started);
    renderedRows = await app.dataRows.count();
  }
  const deepBridge = performance.now();
  await callApi(served, 'events.page', { query: '', ...PAGE, limit: PAGE_SIZE });
  rows.push({
    step: 'scroll to 30–70 % of all events',
    ui: median(deep),
    bridge: performance.now() - deepBridge,
    note: `${renderedRows} rows in the DOM`,
  });

  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await heapMb();

  console.log(
    `UI benchmark — demo case, ${EVENTS.toLocaleString('en-US')} events, Chromium over the web bridge; median of ${RUNS} runs`,
  );
  console.log(`case open (serve start → URL printed): ${ms(caseOpenMs)}`);
  console.log(`${'step'.padEnd(52)} ${'UI'.padStart(9)} ${'bridge'.padStart(9)} ${'ratio'.padStart(7)}  note`);
  for (const r of rows) {
    console.log(
      `${r.step.slice(0, 52).padEnd(52)} ${ms(r.ui).padStart(9)} ${ms(r.bridge).padStart(9)} ${(r.ui / r.bridge).toFixed(1).padStart(6)}×  ${r.note}`,
    );
  }
  console.log(`renderer JS heap after GC: ${heap.toFixed(1)} MB`);
} finally {
  await browser.close();
  await served.close();
}
