import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../../../../src/renderer/src/features/events/fit-columns';

// The default columns (columns.tsx sizes and minimum sizes), in their default order.
const DEFAULTS = [
  { id: 'time', size: 156, minSize: 120 },
  { id: 'actor', size: 190, minSize: 80 },
  { id: 'action', size: 170, minSize: 80 },
  { id: 'target', size: 170, minSize: 80 },
  { id: 'outcome', size: 88, minSize: 70 },
  { id: 'ip', size: 118, minSize: 70 },
  { id: 'description', size: 260, minSize: 160 },
];
const byId = (widths: number[]) => Object.fromEntries(DEFAULTS.map((c, i) => [c.id, widths[i]]));

describe('fitColumns', () => {
  it('keeps every width when they fit', () => {
    expect(fitColumns(DEFAULTS, 1_400)).toEqual(DEFAULTS.map((c) => c.size));
  });

  it('takes from Description first (bug: with the drawer open Outcome and IP scrolled away, Target kept its width)', () => {
    const widths = byId(fitColumns(DEFAULTS, 1_050));
    expect(widths).toEqual({ time: 156, actor: 190, action: 170, target: 170, outcome: 88, ip: 118, description: 158 });
  });

  it('fits the table beside the drawer at 1440 px, Time, Outcome and IP whole', () => {
    const available = 1_440 - 264 - 480 - 16; // facets, drawer, a scrollbar
    const widths = fitColumns(DEFAULTS, available);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(available);
    const w = byId(widths);
    expect(w).toMatchObject({ time: 156, outcome: 88, ip: 118, actor: 80, action: 80, target: 80 });
    expect(w['description']).toBeGreaterThanOrEqual(48);
  });

  it('stops at the floors and lets the rest scroll when even they do not fit', () => {
    const widths = byId(fitColumns(DEFAULTS, 300));
    expect(widths).toEqual({ time: 156, actor: 80, action: 80, target: 80, outcome: 88, ip: 118, description: 48 });
  });
});
