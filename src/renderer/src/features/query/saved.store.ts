// The case's saved queries as the query bar's list shows them: loaded from the core when the list first opens, and
// replaced by what the core answers after each save, rename or remove (it checks and journals them).
import { create } from 'zustand';
import type { SavedQuery, SavedQueryDraft } from '@shared/domain/saved-queries';
import { call, errorMessage } from '../../lib/bridge';

interface SavedState {
  list: SavedQuery[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the list could not be read. */
  loadError: string | null;
  load(): Promise<void>;
  /** Saves (or with `previousName`, renames); rejects with the core's message, which the form shows. */
  save(draft: SavedQueryDraft, previousName?: string): Promise<SavedQuery>;
  remove(name: string): Promise<void>;
}

export const useSaved = create<SavedState>((set, get) => ({
  list: [],
  status: 'idle',
  loadError: null,

  async load() {
    if (get().status === 'loading') return;
    set({ status: 'loading', loadError: null });
    try {
      const { saved } = await call('saved.list', {});
      set({ list: saved, status: 'ready' });
    } catch (error) {
      set({ status: 'error', loadError: errorMessage(error) });
    }
  },

  async save(draft, previousName) {
    const { saved } = await call('saved.save', previousName === undefined ? draft : { ...draft, previousName });
    await get().load();
    return saved;
  },

  async remove(name) {
    await call('saved.remove', { name });
    await get().load();
  },
}));
