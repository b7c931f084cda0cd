// What the open case is (tenant, file, how many events in all): the toolbar names it, and the table's empty state
// tells "nothing imported yet" apart from "nothing matches".
import { create } from 'zustand';
import type { CaseInfo } from '@shared/contract';
import { call, errorMessage } from '../../lib/bridge';

interface CaseState {
  info: CaseInfo | null;
  error: string | null;
  load(): Promise<void>;
}

export const useCase = create<CaseState>((set) => ({
  info: null,
  error: null,
  async load() {
    try {
      set({ info: await call('case.info', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
