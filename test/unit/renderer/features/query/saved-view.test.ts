// What "Save" stores from the view on screen and what running a saved query sets back: the range split out and put
// back, the zone mode (UTC, Local, or the viewer's own with the range as instants), the columns.
import { describe, expect, it } from 'vitest';
import type { SavedQuery } from '@shared/domain/saved-queries';
import { draftOfView, savedNamed, viewOfSaved } from '../../../../../src/renderer/src/features/query/saved-view';

const saved = (over: Partial<SavedQuery>): SavedQuery => ({
  name: 'x',
  query: 'actor:alice',
  columns: null,
  from: null,
  to: null,
  zone: null,
  createdAt: '2026-12-07T05:00:00.000Z',
  createdBy: 'me',
  updatedAt: '2026-12-07T05:00:00.000Z',
  updatedBy: 'me',
  ...over,
});

describe('draftOfView', () => {
  it('stores the query without its range, the range as from/to, the zone and the columns', () => {
    expect(
      draftOfView('  Alice, Oct 16  ', {
        query: 'actor:alice after:2025-10-16T02:00:00-04:00 before:2025-10-17',
        zone: 'America/New_York',
        columns: ['time', 'action', 'ip'],
      }),
    ).toEqual({
      name: 'Alice, Oct 16',
      query: 'actor:alice',
      from: '2025-10-16T02:00:00-04:00',
      to: '2025-10-17',
      zone: 'America/New_York',
      columns: ['time', 'action', 'ip'],
    });
  });
});

describe('viewOfSaved', () => {
  it('switches to UTC or Local when saved in one of them, with the range as saved', () => {
    const range = { from: '2025-10-16', to: '2025-10-17' };
    expect(viewOfSaved(saved({ ...range, zone: 'UTC', columns: ['time', 'ip'] }), 'Europe/Paris')).toEqual({
      query: 'actor:alice after:2025-10-16 before:2025-10-17',
      zoneMode: 'utc',
      columns: ['time', 'ip'],
    });
    expect(viewOfSaved(saved({ ...range, zone: 'Europe/Paris' }), 'Europe/Paris')).toMatchObject({
      zoneMode: 'local',
      query: 'actor:alice after:2025-10-16 before:2025-10-17',
    });
    expect(viewOfSaved(saved({ zone: null }), 'UTC')).toEqual({ query: 'actor:alice', zoneMode: null, columns: null });
  });

  it('keeps the viewer’s zone for any other, writing the range as the instants it meant there', () => {
    expect(viewOfSaved(saved({ from: '2025-10-16', to: '2025-10-16T12:00:00Z', zone: 'Asia/Tokyo' }), 'UTC')).toEqual({
      query: 'actor:alice after:2025-10-15T15:00:00.000Z before:2025-10-16T12:00:00.000Z',
      zoneMode: null,
      columns: null,
    });
  });
});

describe('savedNamed', () => {
  it('finds a name in any case, after trimming', () => {
    const list = [saved({ name: 'Failed Logins' }), saved({ name: 'Exports' })];
    expect(savedNamed(list, ' failed logins ')?.name).toBe('Failed Logins');
    expect(savedNamed(list, 'failed')).toBeUndefined();
  });
});
