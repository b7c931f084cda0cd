// The table's view settings as state: the columns shown, in their order, and the density (the route wins over what
// was saved: a copied link shows its own columns; a change is saved for next time), and which rows are in view.
import { create } from 'zustand';
import { openingRoute } from '../../lib/opening-route';
import { storedPreference } from '../../lib/stored-preference';
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

const storedColumns = storedPreference<ColumnId[]>('trailscope.columns', [...DEFAULT_COLUMNS], {
  parse: parseColumns,
  format: formatColumns,
});
const storedDensity = storedPreference<Density>('trailscope.density', 'normal', {
  parse: parseDensity,
  format: (density) => density,
});

interface ViewState {
  columns: ColumnId[];
  density: Density;
  setColumn(id: ColumnId, shown: boolean): void;
  /** One place towards the start (-1) or the end (1). */
  moveColumn(id: ColumnId, delta: -1 | 1): void;
  /** Just before another column (null: to the end), as a header dropped there. */
  placeColumn(id: ColumnId, before: ColumnId | null): void;
  resetColumns(): void;
  /** Shows exactly these columns in this order (Time first whatever the list says), as a saved query names them. */
  showColumns(columns: readonly ColumnId[]): void;
  setDensity(density: Density): void;
  /** 1-based rows fully in view, for the status bar. */
  visible: { from: number; to: number };
  setVisible(visible: { from: number; to: number }): void;
}

export const useView = create<ViewState>((set, get) => {
  const setColumns = (columns: ColumnId[]) => {
    storedColumns.save(columns);
    set({ columns });
  };
  return {
    columns: parseColumns(openingRoute.cols) ?? storedColumns.load(),
    density: parseDensity(openingRoute.density) ?? storedDensity.load(),
    setColumn: (id, shown) => setColumns(withColumn(get().columns, id, shown)),
    moveColumn: (id, delta) => setColumns(moveColumn(get().columns, id, delta)),
    placeColumn: (id, before) => setColumns(moveColumnBefore(get().columns, id, before)),
    resetColumns: () => setColumns([...DEFAULT_COLUMNS]),
    showColumns: (columns) => setColumns(parseColumns(formatColumns(columns)) ?? [...DEFAULT_COLUMNS]),
    setDensity(density) {
      storedDensity.save(density);
      set({ density });
    },
    visible: { from: 0, to: 0 },
    setVisible(visible) {
      const current = get().visible;
      if (current.from !== visible.from || current.to !== visible.to) set({ visible });
    },
  };
});
