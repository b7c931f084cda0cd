import { describe, expect, it } from 'vitest';
import { BUCKET_SIZES, chooseBucket, MAX_BUCKETS } from '../../../../../src/main/core/store/events-query';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('chooseBucket', () => {
  it.each([
    [1_000, '1 second'],
    [5 * MINUTE, '1 second'],
    [6 * MINUTE, '2 seconds'],
    [HOUR, '30 seconds'],
    [6 * HOUR, '2 minutes'],
    [DAY, '5 minutes'],
    [90 * DAY, '12 hours'],
    [3 * 365 * DAY, '7 days'],
  ])('a range of %i ms gets %s buckets', (range, label) => {
    expect(chooseBucket(range).label).toBe(label);
  });

  it('gives between 100 and 300 buckets for every range from 100 seconds to 50 years', () => {
    for (let range = 100_000; range <= 50 * 365 * DAY; range = Math.round(range * 1.03)) {
      const count = Math.ceil(range / chooseBucket(range).ms);
      expect(count, `range ${range}`).toBeLessThanOrEqual(MAX_BUCKETS);
      expect(count, `range ${range}`).toBeGreaterThanOrEqual(100);
      // The smallest readable size is chosen: the next smaller one would overflow.
      const index = BUCKET_SIZES.indexOf(chooseBucket(range));
      if (index > 0) expect(Math.ceil(range / BUCKET_SIZES[index - 1]!.ms)).toBeGreaterThan(MAX_BUCKETS);
    }
  });
});
