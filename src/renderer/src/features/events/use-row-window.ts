// Which rows of the events grid are in view, for any number of rows (the arithmetic is row-geometry.ts): follows
// the scroller's position and size. (@tanstack/react-virtual measured every row on each count change, 1.4 s at 10M,
// and cannot map a scrollbar onto more rows than a browser can lay out.)
import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';
import { rowScale, rowsInView } from './row-geometry';

export interface RowWindow {
  /** The rows to render (in view, plus overscan) and where each goes in the body. */
  items: { index: number; top: number }[];
  bodyHeight: number;
  /** The first row in view (maybe partly) and the last fully in view. */
  firstVisible: number;
  lastVisible: number;
  /** Height of the view below the header. */
  viewHeight: number;
  /** Scrolls so that `index` is in view: at the top if above, at the bottom if below. */
  reveal(index: number): void;
}

/**
 * `expectedHeight` is the view's height as far as it is known before the scroller is laid out (0 if not at all):
 * the first render then has the right rows, instead of a render for an empty view and another once it is measured.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  headerHeight: number,
  overscan: number,
  expectedHeight = 0,
): RowWindow {
  const [view, setView] = useState(() => ({ scrollTop: 0, height: expectedHeight }));

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const read = () => {
      const next = { scrollTop: el.scrollTop, height: Math.max(el.clientHeight - headerHeight, 0) };
      setView((v) => (v.scrollTop === next.scrollTop && v.height === next.height ? v : next));
    };
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scroller, headerHeight]);

  // The same items for the same view: the table's rows are derived from them, and new ones on every render would
  // rebuild the table's row model on every render.
  const shown = useMemo(
    () => rowsInView({ count, rowHeight, viewHeight: view.height }, view.scrollTop, overscan),
    [count, rowHeight, view.height, view.scrollTop, overscan],
  );

  const reveal = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (!el) return;
      const scale = rowScale({ count, rowHeight, viewHeight: view.height });
      const rowsTop = scale.toRows(el.scrollTop);
      const top = index * rowHeight;
      // Scroll positions are whole pixels, each up to ~35 rows' pixels at 10M: round towards showing the whole row.
      if (top < rowsTop) el.scrollTop = Math.floor(scale.toScroll(top));
      else if (top + rowHeight > rowsTop + view.height)
        el.scrollTop = Math.ceil(scale.toScroll(top + rowHeight - view.height));
    },
    [scroller, count, rowHeight, view.height],
  );

  return { ...shown, viewHeight: view.height, reveal };
}
