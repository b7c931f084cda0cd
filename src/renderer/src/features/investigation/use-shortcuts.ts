// The global keys of UX.md §6: `/` focuses the query, Ctrl/⌘+Enter runs it, j/k move the selection, Enter opens
// the drawer, ←/→ step through events while it is open, Alt+←/→ step back and forward through the query history,
// Esc closes the innermost layer, `?` opens the shortcut sheet, `e` the Export dialog, `g` goes to the events, `[` `]`
// shift the time range by its width and `-` zooms out. None fires while a text field has focus (except Esc and
// Ctrl/⌘+Enter, which cannot be typed): Alt+← in a text field moves by word on macOS. A query run from the query
// field (Enter) hands the focus to the grid once its rows are up, so j/k and the arrows work at once.
import { useEffect } from 'react';
import { useSelection } from '../events/selection.store';
import { useQuery } from '../query/query.store';
import { shiftCurrentRange, zoomOutCurrentRange } from '../timerange/current-range';
import { focusGrid, focusResultsAfterRun } from './focus-results';

interface Options {
  queryInputId: string;
  gridId: string;
  onHelp(): void;
  onExport(): void;
}

export function useShortcuts({ queryInputId, gridId, onHelp, onExport }: Options): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const query = useQuery.getState();
      const selection = useSelection.getState();
      const target = e.target instanceof HTMLElement ? e.target : null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') != null;
      // A modal sheet handles its own keys (Esc closes it first).
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'Enter' && target?.id === queryInputId && !e.altKey && !e.shiftKey)
        focusResultsAfterRun(target, gridId);
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void query.run(query.draft);
        return;
      }
      if (e.key === 'Escape' && selection.drawerOpen && !typing) {
        e.preventDefault();
        selection.closeDrawer();
        document.getElementById(gridId)?.focus();
        return;
      }
      if (typing || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        const delta = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.altKey) {
          // Also keeps the browser's own Alt+← (page back) from leaving the app.
          e.preventDefault();
          query.stepHistory(delta);
        } else if (selection.drawerOpen && !e.shiftKey) {
          e.preventDefault();
          selection.moveSelection(delta);
        }
        return;
      }
      if (e.altKey) return;
      switch (e.key) {
        case '/': {
          e.preventDefault();
          const input = document.getElementById(queryInputId);
          if (input instanceof HTMLInputElement) {
            input.focus();
            input.select();
          }
          return;
        }
        case '?':
          e.preventDefault();
          onHelp();
          return;
        case 'e':
          e.preventDefault();
          onExport();
          return;
        case 'g':
          e.preventDefault();
          focusGrid(gridId);
          return;
        case '[':
        case ']':
          e.preventDefault();
          shiftCurrentRange(e.key === '[' ? -1 : 1);
          return;
        case '-':
          e.preventDefault();
          zoomOutCurrentRange();
          return;
        case 'j':
        case 'k':
          e.preventDefault();
          selection.moveSelection(e.key === 'j' ? 1 : -1);
          return;
        case 'Enter':
          // On a focused button Enter is that button's; here only from the page itself.
          if (target === document.body || target?.id === gridId) {
            e.preventDefault();
            selection.openDrawer();
          }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [queryInputId, gridId, onHelp, onExport]);
}
