// The table's view settings as state: the columns shown and the density. The route wins over what was saved (a
// copied link shows its own columns); a change is saved for next time.
import { create } from 'zustand';
import { parseRoute } from '../investigation/route';
import { DEFAULT_COLUMNS, parseColumns, parseDensity, formatColumns, withColumn, type ColumnId, type Density } from './view-prefs';

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
  resetColumns(): void;
  setDensity(density: Density): void;
}

const route = typeof location === 'undefined' ? null : parseRoute(location.hash);

export const useView = create<ViewState>((set, get) => ({
  columns: parseColumns(route?.cols) ?? parseColumns(read(STORAGE.columns)) ?? [...DEFAULT_COLUMNS],
  density: parseDensity(route?.density) ?? parseDensity(read(STORAGE.density)) ?? 'normal',
  setColumn(id, shown) {
    const columns = withColumn(get().columns, id, shown);
    write(STORAGE.columns, formatColumns(columns));
    set({ columns });
  },
  resetColumns() {
    write(STORAGE.columns, formatColumns(DEFAULT_COLUMNS));
    set({ columns: [...DEFAULT_COLUMNS] });
  },
  setDensity(density) {
    write(STORAGE.density, density);
    set({ density });
  },
}));
