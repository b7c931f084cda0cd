// The table's view settings as state: the columns shown, in their order, and the density. The route wins over what
// was saved (a copied link shows its own columns); a change is saved for next time.
import { create } from 'zustand';
import { parseRoute } from '../investigation/route';
import {
  DEFAULT_COLUMNS,
  formatColumns,
  moveColumn,
  moveColumnBefore,
  parseColumns,
  parseDensity,
  withColumn,
  type ColumnId,
  type Density,
} from './view-prefs';

const STORAGE = { columns: 'trailscope.columns', density: 'trailscope.density' } as const;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered across restarts
  }
}

interface ViewState {
  columns: ColumnId[];
  density: Density;
  setColumn(id: ColumnId, shown: boolean): void;
  /** One place towards the start (-1) or the end (1). */
  moveColumn(id: ColumnId, delta: -1 | 1): void;
  /** Just before another column (null: to the end), as a header dropped there. */
  placeColumn(id: ColumnId, before: ColumnId | null): void;
  resetColumns(): void;
  setDensity(density: Density): void;
}

const route = typeof location === 'undefined' ? null : parseRoute(location.hash);

export const useView = create<ViewState>((set, get) => {
  const setColumns = (columns: ColumnId[]) => {
    write(STORAGE.columns, formatColumns(columns));
    set({ columns });
  };
  return {
    columns: parseColumns(route?.cols) ?? parseColumns(read(STORAGE.columns)) ?? [...DEFAULT_COLUMNS],
    density: parseDensity(route?.density) ?? parseDensity(read(STORAGE.density)) ?? 'normal',
    setColumn: (id, shown) => setColumns(withColumn(get().columns, id, shown)),
    moveColumn: (id, delta) => setColumns(moveColumn(get().columns, id, delta)),
    placeColumn: (id, before) => setColumns(moveColumnBefore(get().columns, id, before)),
    resetColumns: () => setColumns([...DEFAULT_COLUMNS]),
    setDensity(density) {
      write(STORAGE.density, density);
      set({ density });
    },
  };
});
