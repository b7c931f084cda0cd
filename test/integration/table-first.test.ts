// The table-first lane on a real DuckDB connection: panel queries wait for table queries, give way to them (and
// run again), give way at most MAX_YIELDS times, and are dropped or stopped when their caller withdraws them.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/main/core/errors';
import { queryRows } from '../../src/main/core/store/sql';
import { MAX_YIELDS, TableFirst } from '../../src/main/core/store/table-first';

/** Runs for minutes unless interrupted: DuckDB checks for an interrupt between vectors. */
const ENDLESS = 'SELECT count(*) AS n FROM range(1000000000000) t(i) WHERE i % 7 = 3';
/** Takes a moment (a few hundred ms here): long enough for a table call to arrive while it runs. */
const MOMENT = 'SELECT count(*) AS n FROM range(200000000) t(i) WHERE i % 7 = 3';

let instance: DuckDBInstance;
let panels: DuckDBConnection;
beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:');
  panels = await instance.connect();
});
afterEach(() => {
  panels.closeSync();
  instance.closeSync();
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Resolves once every promise job already queued has run (setImmediate comes after them): whatever the lane could
 * do without a DuckDB answer or the table's say-so has happened by then. Deterministic, unlike a sleep.
 */
const promiseJobsRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * DuckDB drops an interrupt that arrives before the query has started, and reports no reliable "running" state
 * (connection.progress stays -1 now and then even with the progress bar on): give the endless query a moment to start.
 */
const letQueryStart = () => new Promise((r) => setTimeout(r, 50));

/** Resolves once `flag()` is true, checking every few ms; fails the test after 10 s. */
async function until(flag: () => boolean): Promise<void> {
  for (let waited = 0; !flag(); waited += 5) {
    if (waited > 10_000) throw new Error('condition not reached in 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('TableFirst', () => {
  it('starts a panel query only once the table queries in flight have answered', async () => {
    const lane = new TableFirst(panels);
    const table = deferred();
    const order: string[] = [];
    const tableCall = lane.table(async () => {
      await table.promise;
      order.push('table');
    });
    const panelCall = lane.panel(async () => {
      order.push('panel');
      return queryRows(panels, 'SELECT 42 AS n');
    });
    await promiseJobsRun();
    expect(order).toEqual([]);
    table.resolve();
    await Promise.all([tableCall, panelCall]);
    expect(order).toEqual(['table', 'panel']);
    expect(await panelCall).toEqual([{ n: 42 }]);
  });

  it('interrupts a running panel query when the table asks, and runs it again after the table has answered', async () => {
    const lane = new TableFirst(panels);
    let attempts = 0;
    const interrupted = deferred();
    const panelCall = lane.panel(() => {
      attempts++;
      // The first attempt would run for minutes; the rerun is quick, so the test shows that the lane reran it.
      if (attempts > 1) return queryRows(panels, 'SELECT 7 AS n');
      return queryRows(panels, ENDLESS).finally(() => interrupted.resolve());
    });
    await until(() => attempts === 1);
    await letQueryStart();
    let attemptsDuringTable = 0;
    await lane.table(async () => {
      // The interrupted attempt has come back and the lane has had every chance to run it again: it must wait.
      await interrupted.promise;
      await promiseJobsRun();
      attemptsDuringTable = attempts;
    });
    expect(attemptsDuringTable).toBe(1);
    expect(await panelCall).toEqual([{ n: 7 }]);
    expect(attempts).toBe(2);
  });

  it(`gives way at most ${MAX_YIELDS} times, then finishes where it is`, async () => {
    const lane = new TableFirst(panels);
    let attempts = 0;
    let tableCalls = 0;
    const panelCall = lane.panel(() => {
      attempts++;
      return queryRows(panels, attempts <= MAX_YIELDS ? ENDLESS : MOMENT);
    });
    for (let round = 1; round <= MAX_YIELDS + 1; round++) {
      await until(() => attempts === round);
      await letQueryStart();
      await lane.table(async () => void tableCalls++);
    }
    const [row] = await panelCall;
    expect(Number(row?.['n'])).toBeGreaterThan(0);
    expect(attempts).toBe(MAX_YIELDS + 1);
    expect(tableCalls).toBe(MAX_YIELDS + 1);
  });

  it('drops a queued panel call whose caller withdrew it, and stops a running one', async () => {
    const lane = new TableFirst(panels);
    const running = new AbortController();
    const queued = new AbortController();
    let started = 0;
    const first = lane.panel(() => {
      started++;
      return queryRows(panels, ENDLESS);
    }, running.signal);
    const second = lane.panel(() => {
      started++;
      return queryRows(panels, 'SELECT 1');
    }, queued.signal);
    const third = lane.panel(() => queryRows(panels, 'SELECT 3 AS n'));
    await until(() => started === 1);
    queued.abort();
    running.abort();
    const outcomes = await Promise.allSettled([first, second]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = outcome.status === 'rejected' ? (outcome.reason as unknown) : null;
      expect(isAppError(reason) && reason.code).toBe('CANCELLED');
    }
    expect(started).toBe(1);
    // The lane goes on with the next caller's query.
    expect(await third).toEqual([{ n: 3 }]);
  });

  it('stops a panel call withdrawn the moment its query was sent, before DuckDB began it', async () => {
    const lane = new TableFirst(panels);
    const withdrawn = new AbortController();
    const call = lane.panel(() => {
      const query = queryRows(panels, ENDLESS);
      // The interrupt this sends reaches DuckDB before the query has begun, where it is lost: it must be repeated.
      withdrawn.abort();
      return query;
    }, withdrawn.signal);
    const reason: unknown = await call.catch((error: unknown) => error);
    expect(isAppError(reason) && reason.code).toBe('CANCELLED');
    expect(await lane.panel(() => queryRows(panels, 'SELECT 4 AS n'))).toEqual([{ n: 4 }]);
  });

  it('passes a panel query’s own error through', async () => {
    const lane = new TableFirst(panels);
    await expect(lane.panel(() => queryRows(panels, 'SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    expect(await lane.panel(() => queryRows(panels, 'SELECT 1 AS n'))).toEqual([{ n: 1 }]);
  });
});
