// `s`, `t` and `c` (UX.md §6, as Timesketch): star the selected event, or open it in the drawer with the tag box or
// the comment box focused. Like use-shortcuts.ts: never while a text field has focus or a modal sheet is open, and
// not with Ctrl, ⌘ or Alt.
import { useEffect } from 'react';
import { useSelection } from '../events/selection.store';
import { useQuery } from '../query/query.store';
import { COMMENT_INPUT_ID, TAG_INPUT_ID, useEvidence } from './evidence.store';

/** Focuses the element once it is on screen: the drawer may be opening (its code loads on first use). */
function focusWhenShown(id: string, frames = 120): void {
  const el = document.getElementById(id);
  if (el) el.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenShown(id, frames - 1));
}

export function useEvidenceKeys(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 's' && e.key !== 't' && e.key !== 'c') return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]') != null) return;
      if (document.querySelector('dialog[open]')) return;
      const { selected } = useSelection.getState();
      const event = selected === null ? undefined : useQuery.getState().rows?.rowAt(selected);
      if (!event || selected === null) return;
      e.preventDefault();
      if (e.key === 's') {
        const starred = useEvidence.getState().byUid.get(event.uid)?.starred ?? false;
        void useEvidence.getState().change({ tenantId: event.tenant_id, uid: event.uid, starred: !starred });
        return;
      }
      useSelection.getState().openDrawer(selected);
      focusWhenShown(e.key === 't' ? TAG_INPUT_ID : COMMENT_INPUT_ID);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
