import { describe, expect, it } from 'vitest';
import {
  caseRange,
  DAY_MS,
  inputInstant,
  inputValue,
  presetRange,
  queryRange,
  shiftRange,
  withRange,
  zoomOutRange,
} from '../../../../../src/renderer/src/features/timerange/time-range';

const at = (iso: string) => Date.parse(iso);
const WHOLE = caseRange({ first: '2025-10-01T00:00:00.250Z', last: '2025-10-31T23:59:59.500Z' })!;

describe('the range of a query', () => {
  it('is the whole case, in whole seconds, for a query without after:/before:', () => {
    expect(WHOLE).toEqual({ from: at('2025-10-01T00:00:00Z'), to: at('2025-11-01T00:00:00Z') });
    expect(queryRange('outcome:failure', 'UTC', WHOLE)).toEqual({ range: WHOLE, zoomed: false });
    expect(queryRange('', 'UTC', null)).toBeNull();
    expect(caseRange({ first: null, last: null })).toBeNull();
  });

  it("reads after:/before: as the core does (zone-less values in the display zone), an open end the case's", () => {
    expect(queryRange('ip:1.2.3.4 after:2025-10-16 before:"2025-10-17 12:00"', 'America/New_York', WHOLE)).toEqual({
      range: { from: at('2025-10-16T04:00:00Z'), to: at('2025-10-17T16:00:00Z') },
      zoomed: true,
    });
    expect(queryRange('after:2025-10-30T00:00:00Z', 'UTC', WHOLE)?.range).toEqual({
      from: at('2025-10-30T00:00:00Z'),
      to: WHOLE.to,
    });
  });
});

describe('moving the range', () => {
  const day = { from: at('2025-10-16T00:00:00Z'), to: at('2025-10-17T00:00:00Z') };

  it('shifts by its own width with [ and ]', () => {
    expect(shiftRange(day, -1)).toEqual({ from: at('2025-10-15T00:00:00Z'), to: at('2025-10-16T00:00:00Z') });
    expect(shiftRange(day, 1)).toEqual({ from: at('2025-10-17T00:00:00Z'), to: at('2025-10-18T00:00:00Z') });
  });

  it('zooms out to twice the width about the same middle, and to no range once that covers the case', () => {
    expect(zoomOutRange(day, WHOLE)).toEqual({ from: at('2025-10-15T12:00:00Z'), to: at('2025-10-17T12:00:00Z') });
    expect(zoomOutRange({ from: at('2025-10-05T00:00:00Z'), to: at('2025-10-28T00:00:00Z') }, WHOLE)).toBeNull();
  });

  it('writes the range into the query in place of its after:/before:, in the display zone', () => {
    const query = 'actor:alice after:2025-10-01 before:2025-10-02 -outcome:success';
    expect(withRange(query, day, 'UTC')).toBe(
      'actor:alice -outcome:success after:2025-10-16T00:00:00Z before:2025-10-17T00:00:00Z',
    );
    expect(withRange(query, day, 'Europe/Berlin')).toBe(
      'actor:alice -outcome:success after:2025-10-16T02:00:00+02:00 before:2025-10-17T02:00:00+02:00',
    );
    expect(withRange(query, null, 'UTC')).toBe('actor:alice -outcome:success');
  });
});

describe('range presets', () => {
  const context = { whole: WHOLE, anchor: at('2025-10-16T02:13:05.700Z'), aroundMs: 5 * 60_000 };

  it('offers the whole case (no range), its last 24 hours, and ±N about the selected event', () => {
    expect(presetRange('case', context)).toBeNull();
    expect(presetRange('last-day', context)).toEqual({ from: WHOLE.to - DAY_MS, to: WHOLE.to });
    expect(presetRange('around', context)).toEqual({
      from: at('2025-10-16T02:08:05Z'),
      to: at('2025-10-16T02:18:06Z'),
    });
  });

  it('cannot apply without a case span or a selected event', () => {
    expect(presetRange('last-day', { ...context, whole: null })).toBeUndefined();
    expect(presetRange('around', { ...context, anchor: null })).toBeUndefined();
  });

  it('reads and writes the custom inputs in the display zone', () => {
    expect(inputValue(at('2025-10-16T02:13:05.700Z'), 'America/New_York')).toBe('2025-10-15T22:13:05');
    expect(inputInstant('2025-10-15T22:13:05', 'America/New_York')).toBe(at('2025-10-16T02:13:05Z'));
    expect(inputInstant('2025-10-15T22:13', 'UTC')).toBe(at('2025-10-15T22:13:00Z'));
    expect(inputInstant('', 'UTC')).toBeNull();
  });
});
