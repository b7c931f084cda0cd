// The grid's row window: every row reachable at any count (the body never exceeds what browsers can lay out), rows
// placed where the view shows them, and a row revealed by the keyboard fully in view.
import { describe, expect, it } from 'vitest';
import { MAX_BODY_PX, rowScale, rowsInView } from '../../../../../src/renderer/src/features/events/row-geometry';

const ROW = 28;
const VIEW = 560; // 20 rows

describe('below the cap', () => {
  const geometry = { count: 1000, rowHeight: ROW, viewHeight: VIEW };

  it('lays rows out at their natural place', () => {
    const shown = rowsInView(geometry, 100 * ROW + 5, 2);
    expect(shown.bodyHeight).toBe(1000 * ROW);
    expect(shown.firstVisible).toBe(100);
    expect(shown.items[0]).toEqual({ index: 98, top: 98 * ROW });
    expect(shown.items.find((i) => i.index === 100)?.top).toBe(100 * ROW);
  });
});

describe('10M rows', () => {
  const geometry = { count: 10_000_000, rowHeight: ROW, viewHeight: VIEW };
  const scale = rowScale(geometry);
  const bottom = scale.bodyHeight - VIEW;

  it('keeps the body within what browsers lay out, yet reaches the first and the last row', () => {
    expect(scale.bodyHeight).toBe(MAX_BODY_PX);
    expect(rowsInView(geometry, 0, 0).firstVisible).toBe(0);
    const end = rowsInView(geometry, bottom, 0);
    expect(end.lastVisible).toBe(9_999_999);
    expect(end.items.at(-1)?.index).toBe(9_999_999);
  });

  it('maps the scrollbar linearly onto the rows: the middle shows the middle', () => {
    const middle = rowsInView(geometry, bottom / 2, 0);
    expect(Math.abs(middle.firstVisible - (10_000_000 - VIEW / ROW) / 2)).toBeLessThan(2);
  });

  it('places the rows in view one row height apart, the first at the top of the view', () => {
    const scrollTop = 3_000_000;
    const shown = rowsInView(geometry, scrollTop, 0);
    const [first, second] = shown.items;
    expect(first?.top).toBeLessThanOrEqual(scrollTop);
    expect(first?.top).toBeGreaterThan(scrollTop - ROW);
    expect((second?.top ?? 0) - (first?.top ?? 0)).toBe(ROW);
    expect(shown.lastVisible - shown.firstVisible).toBeGreaterThanOrEqual(VIEW / ROW - 2);
  });

  it('turns a row back into a scroll position that shows it', () => {
    for (const index of [0, 1, 4_321_987, 9_999_999]) {
      const scrollTop = Math.floor(scale.toScroll(index * ROW));
      const shown = rowsInView(geometry, scrollTop, 0);
      expect(shown.items.map((i) => i.index)).toContain(index);
    }
  });
});
