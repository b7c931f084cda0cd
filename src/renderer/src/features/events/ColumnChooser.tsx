// The table's view controls: a "Columns" disclosure with a checkbox per column (Time is frozen, so always shown)
// and the row density. Keyboard: the button opens the panel, Tab walks the checkboxes, Esc closes it and returns
// focus to the button; a click outside closes it too.
import { useEffect, useId, useRef, useState } from 'react';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { useView } from './view.store';
import { COLUMN_IDS, COLUMN_TITLES, DEFAULT_COLUMNS, type Density } from './view-prefs';

export function ColumnChooser() {
  const columns = useView((s) => s.columns);
  const setColumn = useView((s) => s.setColumn);
  const resetColumns = useView((s) => s.resetColumns);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const isDefault = columns.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((c) => columns.includes(c));

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
          {COLUMN_IDS.map((id) => (
            <label key={id} className="chooser__option">
              <input
                type="checkbox"
                checked={columns.includes(id)}
                disabled={id === 'time'}
                onChange={(e) => setColumn(id, e.target.checked)}
              />
              {COLUMN_TITLES[id]}
              {id === 'time' && <span className="muted"> (always)</span>}
            </label>
          ))}
          <button type="button" className="btn btn--small" disabled={isDefault} onClick={resetColumns}>
            Default columns
          </button>
        </div>
      )}
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
