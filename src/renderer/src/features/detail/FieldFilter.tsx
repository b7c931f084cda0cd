// The drawer's field filter (UX.md §5.3, Kibana's "Selected only"): a search over labels and values and a "pinned
// only" switch; the pin of each field is FieldPin.
import { useFieldView } from './field-view.store';

export function FieldFilter() {
  const filter = useFieldView((s) => s.filter);
  const setFilter = useFieldView((s) => s.setFilter);
  const pinnedOnly = useFieldView((s) => s.pinnedOnly);
  const setPinnedOnly = useFieldView((s) => s.setPinnedOnly);
  const pinnedCount = useFieldView((s) => s.pinned.size);
  return (
    <div className="fields__filter">
      <input
        type="search"
        className="fields__filter-input"
        aria-label="Filter fields"
        placeholder="Filter fields and values"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          // Esc clears the filter first; an empty one lets Esc close the drawer.
          if (e.key === 'Escape' && filter) {
            e.preventDefault();
            setFilter('');
          }
        }}
      />
      <label className="fields__pinned-only">
        <input type="checkbox" checked={pinnedOnly} onChange={(e) => setPinnedOnly(e.target.checked)} />
        Pinned only ({pinnedCount})
      </label>
    </div>
  );
}

/** A field's pin: pinned fields come first, in every event's drawer. Its glyph is CSS, so the label's text is the label. */
export function FieldPin({ label }: { label: string }) {
  const pinned = useFieldView((s) => s.pinned.has(label));
  const togglePin = useFieldView((s) => s.togglePin);
  return (
    <button
      type="button"
      className="mini fields__pin"
      aria-pressed={pinned}
      aria-label={`Pin ${label}`}
      title={pinned ? `Unpin ${label}` : `Pin ${label}: shown first, for every event`}
      onClick={() => togglePin(label)}
    />
  );
}
