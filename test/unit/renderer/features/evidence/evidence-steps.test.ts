// What kind of step a query was in the investigation trail (read from how it changed), and tags toggling on and off.
import { describe, expect, it } from 'vitest';
import { kindOfStep, tagToggle } from '../../../../../src/renderer/src/features/evidence/evidence-steps';

describe('kindOfStep', () => {
  it.each([
    [null, 'actor:alice', 'query'],
    ['', 'ip:192.0.2.66', 'pivot'],
    ['actor:alice', 'actor:alice -outcome:success', 'pivot'],
    ['actor:alice', 'actor:alice after:2025-10-16T02:00:00Z before:2025-10-16T03:00:00Z', 'brush'],
    [
      'actor:alice after:2025-10-16 before:2025-10-17',
      'actor:alice after:2025-10-16T02:00:00Z before:2025-10-17',
      'brush',
    ],
    ['actor:alice', 'actor:bob', 'query'],
    ['actor:alice ip:10.0.0.1', 'actor:alice', 'query'],
    ['actor:alice', 'actor:alice', 'query'],
  ] as const)('%s → %s is a %s', (before, after, kind) => {
    expect(kindOfStep(before, after)).toBe(kind);
  });
});

describe('tagToggle', () => {
  it('adds a tag that is not there and removes one that is, whatever its case, as an edit of the list', () => {
    expect(tagToggle(['bad'], 'good')).toEqual({ addTags: ['good'] });
    expect(tagToggle(['bad', 'good'], 'Bad')).toEqual({ removeTags: ['bad'] });
  });
});
