// The arithmetic of a fixed-row-height list of any length, apart from the hook (use-row-window.ts) so it is tested
// without a DOM. Browsers cap an element's height (about 33.5M px in Chromium, 17.9M in Firefox): at 10M rows of
// 28 px a full-height body would leave most rows unreachable. So past MAX_BODY_PX the body stays that tall and the
// scroll position maps linearly onto the rows, the top onto the first and the bottom onto the last; rows are placed
// relative to the view. Coordinates are the body's own, below the sticky header.

/** Well under every browser's limit, and fine-grained enough: at 10M rows one pixel of scroll is ~1 row. */
export const MAX_BODY_PX = 8_000_000;

export interface RowGeometry {
  count: number;
  rowHeight: number;
  viewHeight: number;
}

/** Where the rows' own coordinate (index × height) of the view's top is for a scroll position, and back. */
export function rowScale({ count, rowHeight, viewHeight }: RowGeometry) {
  const natural = count * rowHeight;
  const bodyHeight = Math.min(natural, MAX_BODY_PX);
  const scrollRange = Math.max(bodyHeight - viewHeight, 0);
  const rowRange = Math.max(natural - viewHeight, 0);
  const factor = scrollRange > 0 && natural > MAX_BODY_PX ? rowRange / scrollRange : 1;
  return {
    bodyHeight,
    toRows: (scrollTop: number) => Math.min(scrollTop * factor, rowRange),
    toScroll: (rowsTop: number) => Math.max(0, Math.min(rowsTop / factor, scrollRange)),
  };
}

/** The rendered rows for a scroll position: pure, so it is tested without a browser. */
export function rowsInView(geometry: RowGeometry, scrollTop: number, overscan: number) {
  const { count, rowHeight, viewHeight } = geometry;
  const scale = rowScale(geometry);
  const rowsTop = scale.toRows(scrollTop);
  const firstVisible = Math.min(Math.floor(rowsTop / rowHeight), Math.max(count - 1, 0));
  const lastVisible = Math.min(Math.floor((rowsTop + viewHeight) / rowHeight) - 1, count - 1);
  const items: { index: number; top: number }[] = [];
  for (
    let index = Math.max(0, firstVisible - overscan);
    index <= Math.min(count - 1, lastVisible + 1 + overscan);
    index++
  ) {
    // The view shows body [scrollTop, scrollTop + viewHeight); a row sits at its offset from the rows' top.
    items.push({ index, top: scrollTop + index * rowHeight - rowsTop });
  }
  return { items, bodyHeight: scale.bodyHeight, firstVisible, lastVisible: Math.max(lastVisible, firstVisible) };
}
