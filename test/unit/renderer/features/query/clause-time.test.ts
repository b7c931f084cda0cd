// A time clause's UTC instant, for the chip's tooltip (clause-time.ts).
import { describe, expect, it } from 'vitest';
import { clauseInstant } from '../../../../../src/renderer/src/features/query/clause-time';

describe('clauseInstant', () => {
  it('gives the UTC instant of a time clause, reading a zone-less value in the display zone', () => {
    expect(clauseInstant('after:2025-10-16T02:00:00Z', 'America/New_York')).toBe('2025-10-16T02:00:00.000Z');
    expect(clauseInstant('before:2025-10-15T22:00:00-04:00', 'UTC')).toBe('2025-10-16T02:00:00.000Z');
    expect(clauseInstant('after:2025-10-15', 'America/New_York')).toBe('2025-10-15T04:00:00.000Z');
    expect(clauseInstant('after:2025-10-15', 'UTC')).toBe('2025-10-15T00:00:00.000Z');
    expect(clauseInstant('actor:alice', 'UTC')).toBeNull();
  });
});
