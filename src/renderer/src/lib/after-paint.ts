// Resolves once the frame being prepared has been painted. The panels (histogram, lanes, facets) send their queries
// then, not in the same task as the table's new rows: on 2 cores the core's panel queries over millions of events
// would otherwise compete with drawing those rows. A hidden window paints no frames, so a timer stands in.
const HIDDEN_WINDOW_MS = 100;

export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, HIDDEN_WINDOW_MS);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
