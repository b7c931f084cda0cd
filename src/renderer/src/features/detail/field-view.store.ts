// How the drawer shows its fields: the filter text (for this session), the pinned fields (kept in localStorage,
// for every event and case: an analyst pins `metadata.session_id` once) and "pinned only".
import { create } from 'zustand';
import { storedPreference } from '../../lib/stored-preference';
import { parsePinned } from './field-groups';

const stored = storedPreference<string[]>('trailscope.drawer.pinned', [], {
  parse: parsePinned,
  format: (labels) => JSON.stringify(labels),
});

interface FieldViewState {
  filter: string;
  pinned: ReadonlySet<string>;
  pinnedOnly: boolean;
  setFilter(filter: string): void;
  togglePin(label: string): void;
  setPinnedOnly(on: boolean): void;
}

export const useFieldView = create<FieldViewState>((set, get) => ({
  filter: '',
  pinned: new Set(stored.load()),
  pinnedOnly: false,
  setFilter: (filter) => set({ filter }),
  togglePin(label) {
    const pinned = new Set(get().pinned);
    if (pinned.has(label)) pinned.delete(label);
    else pinned.add(label);
    stored.save([...pinned]);
    set({ pinned });
  },
  setPinnedOnly: (pinnedOnly) => set({ pinnedOnly }),
}));
