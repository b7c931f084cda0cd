// The column chooser's order logic (view-prefs.ts): moving a column a place or before another, where a column shown
// again goes, and that a list saved before columns could be reordered still reads as it did; the columns and density
// read back from text that may have been edited by hand.
import { describe, expect, it } from 'vitest';
import {
  COLUMN_IDS,
  DEFAULT_COLUMNS,
  formatColumns,
  isDefaultColumns,
  moveColumn,
  moveColumnBefore,
  parseColumns,
  parseDensity,
  withColumn,
  type ColumnId,
} from '../../../../../src/renderer/src/features/events/view-prefs';

const DEFAULT: ColumnId[] = ['time', 'actor', 'action', 'target', 'outcome', 'ip', 'description'];

describe('moveColumn', () => {
  it('moves a column one place towards the start or the end', () => {
    expect(moveColumn(DEFAULT, 'ip', -1)).toEqual([
      'time',
      'actor',
      'action',
      'target',
      'ip',
      'outcome',
      'description',
    ]);
    expect(moveColumn(DEFAULT, 'actor', 1)).toEqual([
      'time',
      'action',
      'actor',
      'target',
      'outcome',
      'ip',
      'description',
    ]);
  });

  it('keeps Time first: nothing moves above it and it does not move', () => {
    expect(moveColumn(DEFAULT, 'actor', -1)).toEqual(DEFAULT);
    expect(moveColumn(DEFAULT, 'time', 1)).toEqual(DEFAULT);
  });

  it('leaves a column at the end, or one not shown, where it is', () => {
    expect(moveColumn(DEFAULT, 'description', 1)).toEqual(DEFAULT);
    expect(moveColumn(DEFAULT, 'category', -1)).toEqual(DEFAULT);
  });

  it('gives a new list and leaves the one it was given alone', () => {
    const columns = [...DEFAULT];
    const moved = moveColumn(columns, 'ip', -1);
    expect(columns).toEqual(DEFAULT);
    expect(moveColumn(moved, 'ip', 1)).toEqual(DEFAULT);
  });
});

describe('moveColumnBefore (a header dropped on another)', () => {
  it('puts a column just before another, or at the end', () => {
    expect(moveColumnBefore(DEFAULT, 'description', 'actor')).toEqual([
      'time',
      'description',
      'actor',
      'action',
      'target',
      'outcome',
      'ip',
    ]);
    expect(moveColumnBefore(DEFAULT, 'actor', 'ip')).toEqual([
      'time',
      'action',
      'target',
      'outcome',
      'actor',
      'ip',
      'description',
    ]);
    expect(moveColumnBefore(DEFAULT, 'actor', null)).toEqual([
      'time',
      'action',
      'target',
      'outcome',
      'ip',
      'description',
      'actor',
    ]);
  });

  it('never puts anything before Time, and ignores a column that is not shown', () => {
    expect(moveColumnBefore(DEFAULT, 'ip', 'time')).toEqual(DEFAULT);
    expect(moveColumnBefore(DEFAULT, 'time', null)).toEqual(DEFAULT);
    expect(moveColumnBefore(DEFAULT, 'category', 'actor')).toEqual(DEFAULT);
    expect(moveColumnBefore(DEFAULT, 'actor', 'category')).toEqual(DEFAULT);
  });
});

describe('showing and hiding in a reordered table', () => {
  const reordered: ColumnId[] = ['time', 'ip', 'actor', 'description', 'outcome'];

  it('hides a column without moving the others', () => {
    expect(withColumn(reordered, 'actor', false)).toEqual(['time', 'ip', 'description', 'outcome']);
  });

  it('shows a column after the nearest shown column that comes before it by default', () => {
    // category follows ip by default
    expect(withColumn(reordered, 'category', true)).toEqual([
      'time',
      'ip',
      'category',
      'actor',
      'description',
      'outcome',
    ]);
    // action follows actor by default
    expect(withColumn(reordered, 'action', true)).toEqual(['time', 'ip', 'actor', 'action', 'description', 'outcome']);
    // nothing before actor but Time
    expect(withColumn(['time', 'ip'], 'actor', true)).toEqual(['time', 'actor', 'ip']);
  });

  it('changes nothing for a column already in the state asked for', () => {
    expect(withColumn(reordered, 'ip', true)).toEqual(reordered);
    expect(withColumn(reordered, 'category', false)).toEqual(reordered);
  });
});

describe('saved and routed column lists', () => {
  it('reads a list saved before columns could be reordered (the table order) as the same columns, in that order', () => {
    expect(parseColumns('time,actor,action,target,outcome,ip,description')).toEqual(DEFAULT);
    expect(parseColumns('time,actor,ip,category,description')).toEqual([
      'time',
      'actor',
      'ip',
      'category',
      'description',
    ]);
  });

  it('round-trips a reordered list', () => {
    const columns: ColumnId[] = ['time', 'description', 'ip', 'actor'];
    expect(parseColumns(formatColumns(columns))).toEqual(columns);
  });

  it('tells the default columns in the default order from the same columns reordered', () => {
    expect(isDefaultColumns(DEFAULT_COLUMNS)).toBe(true);
    expect(isDefaultColumns(moveColumn(DEFAULT, 'ip', -1))).toBe(false);
    expect(isDefaultColumns(COLUMN_IDS)).toBe(false);
  });
});

describe('columns and density', () => {
  it('reads known columns in the order listed, Time always first, and nothing from junk', () => {
    expect(parseColumns('ip,actor,bogus')).toEqual(['time', 'ip', 'actor']);
    expect(parseColumns('actor,time,actor')).toEqual(['time', 'actor']);
    expect(parseColumns('bogus')).toBeNull();
    expect(parseColumns('')).toBeNull();
    expect(parseDensity('roomy')).toBe('roomy');
    expect(parseDensity('huge')).toBeNull();
  });

  it('shows and hides a column in place; Time cannot be hidden', () => {
    const hidden = withColumn(DEFAULT_COLUMNS, 'ip', false);
    expect(hidden).toEqual(['time', 'actor', 'action', 'target', 'outcome', 'description']);
    expect(withColumn(hidden, 'ip', true)).toEqual([...DEFAULT_COLUMNS]);
    expect(withColumn(DEFAULT_COLUMNS, 'category', true)).toEqual([
      'time',
      'actor',
      'action',
      'target',
      'outcome',
      'ip',
      'category',
      'description',
    ]);
    expect(withColumn(DEFAULT_COLUMNS, 'time', false)).toEqual([...DEFAULT_COLUMNS]);
  });
});
