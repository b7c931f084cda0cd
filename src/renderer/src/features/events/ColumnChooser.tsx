// The table's view controls: a "Columns" disclosure with a checkbox per column (Time is frozen, so always shown)
// and Move up / Move down buttons that reorder the columns shown, and the row density. The panel lists the columns
// shown in their order, then the hidden ones. Keyboard: the button opens the panel, Tab walks the checkboxes and
// buttons, a moved column's button keeps the focus and the move is announced; Esc closes the panel and returns focus
// to the button; a click outside closes it too.
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { usePopover } from '../../lib/use-popover';
import { useView } from './view.store';
import { COLUMN_IDS, COLUMN_TITLES, isDefaultColumns, type ColumnId, type Density } from './view-prefs';

type Direction = 'up' | 'down';

export function ColumnChooser() {
  const columns = useView((s) => s.columns);
  const setColumn = useView((s) => s.setColumn);
  const moveColumn = useView((s) => s.moveColumn);
  const resetColumns = useView((s) => s.resetColumns);
  const { open, setOpen, root, button, close } = usePopover();
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<{ id: ColumnId; direction: Direction } | null>(null);

  // React moves a reordered row's element out and back in, which drops the focus: put it back on the button that
  // was pressed, or on the other one when the column reached the end this one points to.
  useLayoutEffect(() => {
    const wanted = refocus.current;
    refocus.current = null;
    if (!wanted) return;
    const other: Direction = wanted.direction === 'up' ? 'down' : 'up';
    const target = [wanted.direction, other]
      .map((d) => moveButtons.current.get(`${wanted.id}:${d}`))
      .find((b) => b && !b.disabled);
    target?.focus();
  }, [columns]);

  const move = (id: ColumnId, direction: Direction) => {
    refocus.current = { id, direction };
    moveColumn(id, direction === 'up' ? -1 : 1);
    const position = useView.getState().columns.indexOf(id) + 1;
    setAnnouncement(`${COLUMN_TITLES[id]} moved to position ${position} of ${useView.getState().columns.length}.`);
  };
  const hidden = COLUMN_IDS.filter((id) => !columns.includes(id));

  return (
    <div className="chooser" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn btn--small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        Columns ({columns.length})
      </button>
      {open && (
        <div
          id={panelId}
          className="chooser__panel"
          role="group"
          aria-label="Columns shown"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          {[...columns, ...hidden].map((id) => {
            const position = columns.indexOf(id);
            const shown = position !== -1;
            return (
              <div key={id} className="chooser__row">
                <label className="chooser__option">
                  <input
                    type="checkbox"
                    checked={shown}
                    disabled={id === 'time'}
                    onChange={(e) => setColumn(id, e.target.checked)}
                  />
                  {COLUMN_TITLES[id]}
                  {id === 'time' && <span className="muted"> (always first)</span>}
                </label>
                {shown && id !== 'time' && (
                  <span className="chooser__moves">
                    {(['up', 'down'] as const).map((direction) => (
                      <button
                        key={direction}
                        ref={(el) => {
                          if (el) moveButtons.current.set(`${id}:${direction}`, el);
                          else moveButtons.current.delete(`${id}:${direction}`);
                        }}
                        type="button"
                        className="btn btn--small btn--icon"
                        aria-label={`Move ${COLUMN_TITLES[id]} ${direction}`}
                        title={direction === 'up' ? 'Move up (towards the left)' : 'Move down (towards the right)'}
                        disabled={direction === 'up' ? position <= 1 : position >= columns.length - 1}
                        onClick={() => move(id, direction)}
                      >
                        {direction === 'up' ? '↑' : '↓'}
                      </button>
                    ))}
                  </span>
                )}
              </div>
            );
          })}
          <button type="button" className="btn btn--small" disabled={isDefaultColumns(columns)} onClick={resetColumns}>
            Default columns
          </button>
        </div>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}

export function DensityToggle() {
  const density = useView((s) => s.density);
  const setDensity = useView((s) => s.setDensity);
  return (
    <SegmentedToggle<Density>
      label="Row density"
      value={density}
      onChange={setDensity}
      options={[
        { value: 'compact', label: 'Compact', title: 'Rows of 24 px' },
        { value: 'normal', label: 'Normal', title: 'Rows of 28 px' },
        { value: 'roomy', label: 'Roomy', title: 'Rows of 36 px' },
      ]}
    />
  );
}
