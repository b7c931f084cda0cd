// Dragging a header onto another reorders the columns (the chooser's Move up / Move down is the keyboard way): a
// header's label is the drag handle (the resize handle beside it stays a resize handle), every header a drop target;
// the drop goes before or after the header under the pointer, whichever half it is in, and never before Time.
import { useState, type DragEvent } from 'react';
import { useView } from './view.store';
import type { ColumnId } from './view-prefs';

/** A private type, so the drag carries nothing a text field or another app would take. */
const DRAG_TYPE = 'application/x-trailscope-column';

export interface ColumnDrag {
  /** Props for a header's label: draggable, except Time (frozen first). */
  handle(id: ColumnId): {
    draggable: boolean;
    onDragStart?(e: DragEvent): void;
    onDragEnd?(): void;
  };
  /** Props for a header cell as a drop target. */
  target(
    id: ColumnId,
    next: ColumnId | null,
  ): {
    onDragOver(e: DragEvent<HTMLElement>): void;
    onDragLeave(): void;
    onDrop(e: DragEvent<HTMLElement>): void;
  };
  /** Where the dragged column would land: the column it would go before, or 'end'. */
  marker: ColumnId | 'end' | null;
}

export function useColumnDrag(): ColumnDrag {
  const placeColumn = useView((s) => s.placeColumn);
  const [dragged, setDragged] = useState<ColumnId | null>(null);
  const [marker, setMarker] = useState<ColumnId | 'end' | null>(null);

  const end = () => {
    setDragged(null);
    setMarker(null);
  };
  /** The column the dragged one would go before (null: the end), from the pointer's side of the header. */
  const landing = (e: DragEvent<HTMLElement>, id: ColumnId, next: ColumnId | null): ColumnId | null => {
    if (id === 'time') return next;
    const box = e.currentTarget.getBoundingClientRect();
    return e.clientX < box.left + box.width / 2 ? id : next;
  };

  return {
    handle: (id) =>
      id === 'time'
        ? { draggable: false }
        : {
            draggable: true,
            onDragStart(e) {
              e.dataTransfer.setData(DRAG_TYPE, id);
              e.dataTransfer.effectAllowed = 'move';
              setDragged(id);
            },
            onDragEnd: end,
          },
    target: (id, next) => ({
      onDragOver(e) {
        if (!dragged || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setMarker(landing(e, id, next) ?? 'end');
      },
      onDragLeave: () => setMarker(null),
      onDrop(e) {
        if (!dragged || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        placeColumn(dragged, landing(e, id, next));
        end();
      },
    }),
    marker,
  };
}
