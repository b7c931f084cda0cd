// The keyboard shortcut sheet, opened by `?` or the toolbar's visible `?` button (a sheet with no button goes
// unfound, TS PR#2577). A native modal <dialog>: Esc closes it and focus returns to what opened it.
import { useModalDialog } from '../../lib/use-modal-dialog';

const KEYS: [string, string][] = [
  ['/', 'Focus the query'],
  ['Enter', 'Run the query (in the query field); the events then have the focus'],
  ['g', 'Go to the events (focus the grid)'],
  ['Ctrl/⌘+Enter', 'Run the query (anywhere)'],
  ['j / k  ↓ / ↑', 'Next / previous event'],
  ['PgDn / PgUp', 'Move by a page of events'],
  ['Home / End', 'First / last event'],
  ['Enter', 'Open the selected event'],
  ['← / →', 'Previous / next event (drawer open)'],
  ['Alt+← / Alt+→', 'Back / forward through the query history'],
  ['[ / ]', 'Shift the time range earlier / later by its own width'],
  ['-', 'Zoom out: twice the time range'],
  ['↓ / ↑ then Enter or Tab', 'In the query: pick a suggestion (field, value, recent query)'],
  ['Esc', 'Close the innermost layer (this sheet, then the drawer)'],
  ['Alt-click a value', 'Exclude it (-field:value)'],
  ['− on a focused value', 'Exclude it'],
  ['← / → then Enter', 'On the histogram: pick a bucket and narrow to it'],
  ['e', 'Export the query (Ctrl/⌘+E in the desktop app)'],
  ['s', 'Star / unstar the selected event'],
  ['t', 'Tag the selected event'],
  ['c', 'Comment on the selected event (Ctrl/⌘+Enter saves)'],
  ['?', 'This sheet'],
];

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="sheet-title" onClose={onClose}>
      <h2 id="sheet-title">Keyboard shortcuts</h2>
      <table className="sheet__keys">
        <tbody>
          {KEYS.map(([keys, what]) => (
            <tr key={`${keys} ${what}`}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="btn">
          Close
        </button>
      </form>
    </dialog>
  );
}
