import { describe, expect, it } from 'vitest';
import { narrowed } from '../../../../../src/renderer/src/features/histogram/notable-clause';

describe('narrowed: a notable mark’s query', () => {
  it('adds the clause and sets the range, replacing the query’s own', () => {
    expect(
      narrowed('outcome:failure after:2025-01-01', 'actor:maria@acme.io', {
        from: '2025-10-16T02:07:12.412Z',
        to: '2025-10-16T02:13:27.413Z',
      }),
    ).toBe('outcome:failure actor:maria@acme.io after:2025-10-16T02:07:12.412Z before:2025-10-16T02:13:27.413Z');
  });

  it('writes the range in the display zone', () => {
    expect(
      narrowed('', 'category:security', { from: '2025-10-16T00:00:00Z', to: '2025-10-16T12:00:00Z' }, 'Europe/Berlin'),
    ).toBe('category:security after:2025-10-16T02:00:00+02:00 before:2025-10-16T14:00:00+02:00');
  });

  it('does not add a clause the query already has, but does add one the query negates', () => {
    expect(narrowed('category:security ip:10.0.0.1', 'category:security')).toBe('category:security ip:10.0.0.1');
    expect(narrowed('-category:security', 'category:security')).toBe('-category:security category:security');
  });
});
