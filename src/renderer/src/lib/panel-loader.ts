// The panels' calls (histogram, lanes, facets): each sent once the table's rows are painted, each withdrawn by the
// panel's next call, and all of them withdrawn together when a query for another scope starts. Over the web bridge
// each call holds one of the six connections a browser keeps per server; superseded ones left running made the new
// query's count and page wait for a free one, seconds at 10M events (bench/ui.bench.ts, filter steps). The query
// store withdraws them (`withdrawPanelCalls`) and says when that query has settled (`panelsSettled`); the panels then
// ask again for whatever is on screen (the new results, or the old ones when the query failed): `usePanelRound`.
import { create } from 'zustand';
import { isWithdrawn } from './bridge-error';
import { errorMessage } from './error-message';

let round = new AbortController();
/** The panels' calls were withdrawn for a query that has not settled yet. */
let withdrawn = false;

/** The panels' round: bumped when they should ask again (a panel's loading effect depends on it). */
export const usePanelRound = create<{ round: number }>(() => ({ round: 0 }));

/** Withdraws every panel call in flight: a query for another scope has started. */
export function withdrawPanelCalls(): void {
  round.abort();
  round = new AbortController();
  withdrawn = true;
}

/** The latest query has settled (ran or failed): after a withdrawal, the panels start a new round. */
export function panelsSettled(): void {
  if (!withdrawn) return;
  withdrawn = false;
  usePanelRound.setState((s) => ({ round: s.round + 1 }));
}

export interface PanelAnswer<T> {
  value(value: T): void;
  error(message: string): void;
}

export interface PanelLoader {
  /**
   * Sends `ask` once the next frame is painted, withdrawing this panel's previous call. The answer (or the error in
   * words) reaches `answer` only while `isCurrent` still holds and the call was not withdrawn: a withdrawn call is
   * asked again by whoever withdrew it (a newer load, or the next panel round).
   */
  load<T>(ask: (signal: AbortSignal) => Promise<T>, isCurrent: () => boolean, answer: PanelAnswer<T>): Promise<void>;
  /** Withdraws this panel's call in flight (the panel is going away). */
  withdraw(): void;
}

/** `waitForPaint` is the wait before a call is sent: lib/after-paint.ts `afterNextPaint` in the app. */
export function createPanelLoader(waitForPaint: () => Promise<void>): PanelLoader {
  let latest: AbortController | null = null;
  return {
    async load(ask, isCurrent, answer) {
      latest?.abort();
      latest = new AbortController();
      const signal = AbortSignal.any([latest.signal, round.signal]);
      await waitForPaint();
      if (!isCurrent() || signal.aborted) return;
      try {
        const value = await ask(signal);
        if (isCurrent() && !signal.aborted) answer.value(value);
      } catch (error) {
        if (isCurrent() && !isWithdrawn(error)) answer.error(errorMessage(error));
      }
    },
    withdraw() {
      latest?.abort();
    },
  };
}
