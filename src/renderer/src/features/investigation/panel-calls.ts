// The panels' calls (histogram, lanes, facets) for the results on screen are withdrawn together as soon as a query
// for another scope (query or zone) starts: their answers would be replaced anyway, and over the web bridge each
// holds one of the six connections a browser keeps per server — superseded ones left running made the new query's
// count and page wait for a free one, seconds at 10M events (bench/ui.bench.ts, filter steps). The investigation
// store withdraws them (run) and bumps its `panelRound` once that query has settled, so the panels then ask again
// for whatever is on screen (the new results, or the old ones when the query failed).
let round = new AbortController();

/** The signal a panel passes with its call: aborted when the panels' calls are next withdrawn. */
export function panelSignal(): AbortSignal {
  return round.signal;
}

export function withdrawPanelCalls(): void {
  round.abort();
  round = new AbortController();
}
