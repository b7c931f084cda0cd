// + / − in the drawer and on the selected row (query-text.ts): a uid filtered by `uid:` written so the parser reads
// the id back whatever it holds, and a time filtered by the second it occurred in — for as the query's range, out as
// an excluded `-(after:… before:…)` — each flipping the other in place rather than piling up clauses.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { splitTimeRange } from '@shared/domain/query-edit';
import { addPivot, pivotClause, secondRange } from '../../../../../src/renderer/src/features/query/query-text';

const AT = '2025-03-14T09:26:53.812Z';
const SECOND = 'after:2025-03-14T09:26:53Z before:2025-03-14T09:26:54Z';

describe('uid pivots', () => {
  it.each(['okta-7f3a', 'a "quoted" id', 'back\\slash\\', 'star*', 'sp ace', '-lead', 'x)(y'])(
    '%s: + finds it again as uid:, − flips it',
    (uid) => {
      const pivot = { field: 'uid' as const, value: uid };

      const added = addPivot('actor:alice', pivot, false);
      const flipped = addPivot(added, pivot, true);

      const last = (q: string) => {
        const root = parseQuery(q);
        return root?.kind === 'and' ? root.children.at(-1) : root;
      };
      expect(last(added)).toMatchObject({ kind: 'field', field: 'uid', value: { text: uid } });
      expect(last(flipped)).toMatchObject({
        kind: 'not',
        child: { kind: 'field', field: 'uid', value: { text: uid } },
      });
      expect(flipped).toBe(`actor:alice -${pivotClause(pivot)}`);
    },
  );
});

describe('time pivots', () => {
  it('reads the second an instant falls in, in UTC whatever its offset; nothing for an unreadable time', () => {
    expect(secondRange(AT)).toEqual({ from: '2025-03-14T09:26:53Z', to: '2025-03-14T09:26:54Z' });
    expect(secondRange('2025-03-14T10:26:59.999+01:00')).toEqual({
      from: '2025-03-14T09:26:59Z',
      to: '2025-03-14T09:27:00Z',
    });
    expect(secondRange('not a time')).toBeNull();
    expect(addPivot('actor:alice', { second: 'not a time' }, false)).toBe('actor:alice');
  });

  it('+ makes that second the range, replacing the range there was', () => {
    const query = addPivot('actor:alice after:2025-03-01 before:2025-04-01', { second: AT }, false);

    expect(query).toBe(`actor:alice ${SECOND}`);
    expect(splitTimeRange(query)).toMatchObject({ from: '2025-03-14T09:26:53Z', to: '2025-03-14T09:26:54Z' });
  });

  it('− excludes that second, once, and keeps the range there was', () => {
    const query = addPivot('actor:alice after:2025-03-01', { second: AT }, true);

    expect(query).toBe(`actor:alice after:2025-03-01 -(${SECOND})`);
    expect(parseQuery(query)).toMatchObject({
      kind: 'and',
      children: [{}, {}, { kind: 'not', child: { kind: 'and' } }],
    });
    expect(addPivot(query, { second: AT }, true)).toBe(query);
  });

  it('flips in place: − on the range of that second excludes it, + on the exclusion brings it back as the range', () => {
    const excluded = addPivot(`actor:alice ${SECOND}`, { second: AT }, true);
    expect(excluded).toBe(`actor:alice -(${SECOND})`);

    expect(addPivot(excluded, { second: AT }, false)).toBe(`actor:alice ${SECOND}`);
  });

  it('labels the buttons with the clause they add', () => {
    expect(pivotClause({ second: AT })).toBe(SECOND);
    expect(pivotClause({ second: AT }, true)).toBe(`-(${SECOND})`);
  });
});
