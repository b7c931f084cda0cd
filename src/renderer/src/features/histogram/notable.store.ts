// The histogram's notable lane ('events.notable', issue 18): whether it is shown (remembered, on unless turned off)
// and the marks of the query that last ran, kept until the next ones arrive. Asked for only while shown.
import { create } from 'zustand';
import type { NotableMarks } from '@shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call } from '../../lib/bridge';
import { createPanelLoader } from '../../lib/panel-loader';
import { storedPreference } from '../../lib/stored-preference';
import { scopeKey, type HistogramScope } from './histogram.store';

/** Stored as the words `open` and `closed`; anything else reads as open: a new user sees it. */
const shown = storedPreference('trailscope.notable', true, {
  parse: (text) => text !== 'closed',
  format: (open) => (open ? 'open' : 'closed'),
});

interface NotableState {
  open: boolean;
  key: string | null;
  data: NotableMarks | null;
  loading: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  load(scope: HistogramScope): Promise<void>;
}

const loader = createPanelLoader(afterNextPaint);

export const useNotable = create<NotableState>((set, get) => ({
  open: shown.load(),
  key: null,
  data: null,
  loading: false,
  error: null,
  setOpen(open) {
    shown.save(open);
    set({ open });
  },
  async load(scope) {
    const key = scopeKey(scope);
    set({ key, loading: true, error: null });
    await loader.load(
      (signal) => call('events.notable', scope, { signal }),
      () => get().key === key,
      { value: (data) => set({ data, loading: false }), error: (error) => set({ loading: false, error }) },
    );
  },
}));
