// The table goes first (UX.md §7): the rows a person waits for never queue behind the charts. The panels' queries
// (histogram, lanes, facets, suggestions) run one at a time on a connection of their own and only while no table
// query runs; one that is running when a table query arrives is interrupted and run again once the table has its
// answer. A panel call whose caller has gone (a newer filter replaced it) is dropped, or interrupted if running.
// On 2 cores the histogram, facets and lanes of a 10M-event case take ~2 s together; sharing the CPU with them
// tripled the table's own time (measured in bench/ui.bench.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../errors';

/** How often one panel query gives way before it runs to its end regardless, so steady scrolling cannot starve it. */
export const MAX_YIELDS = 3;

interface PanelRun {
  /** Set when this lane interrupted the query, so its error means "run again", not "failed". */
  yielding: boolean;
  yields: number;
  /** Repeats the interrupt of a withdrawn call until it settles (see runPanel). */
  cancelling: NodeJS.Timeout | null;
}

/** How often the interrupt of a withdrawn panel call is repeated until the call settles. */
const CANCEL_RETRY_MS = 25;

export class TableFirst {
  private tableCalls = 0;
  private tableIdle: Promise<void> = Promise.resolve();
  private releaseTable: () => void = () => undefined;
  private panelTail: Promise<unknown> = Promise.resolve();
  private running: PanelRun | null = null;

  /**
   * `panelConnection` must serve the panel calls alone: interrupting it stops whatever it runs. Only its interrupt
   * is used, so a case that swaps its connections (shared-case.ts) passes its own.
   */
  constructor(private readonly panelConnection: Pick<DuckDBConnection, 'interrupt'>) {}

  async table<T>(work: () => Promise<T>): Promise<T> {
    if (this.tableCalls++ === 0) this.tableIdle = new Promise((resolve) => (this.releaseTable = resolve));
    const panel = this.running;
    if (panel && !panel.yielding && panel.yields < MAX_YIELDS) {
      panel.yielding = true;
      this.panelConnection.interrupt();
    }
    try {
      return await work();
    } finally {
      if (--this.tableCalls === 0) this.releaseTable();
    }
  }

  /** Runs a panel query in its turn; rejects with CANCELLED if `signal` aborts before it has answered. */
  panel<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.panelTail.then(() => this.runPanel(work, signal));
    this.panelTail = turn.catch(() => undefined);
    return turn;
  }

  private async runPanel<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const run: PanelRun = { yielding: false, yields: 0, cancelling: null };
    // An interrupt that reaches DuckDB before the query has begun is lost, and the query would then run to its end:
    // so it is repeated until the call settles.
    const interrupt = () => {
      if (this.running === run) this.panelConnection.interrupt();
    };
    const cancel = () => {
      interrupt();
      run.cancelling ??= setInterval(interrupt, CANCEL_RETRY_MS);
    };
    signal?.addEventListener('abort', cancel);
    try {
      for (;;) {
        while (this.tableCalls > 0) await this.tableIdle;
        if (signal?.aborted) throw cancelled();
        this.running = run;
        try {
          return await work();
        } catch (error) {
          if (signal?.aborted) throw cancelled();
          if (!run.yielding) throw error;
          run.yields++;
        } finally {
          this.running = null;
          run.yielding = false;
        }
      }
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (run.cancelling) clearInterval(run.cancelling);
    }
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The request was withdrawn before it was answered.');
}
