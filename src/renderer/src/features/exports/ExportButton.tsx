// The toolbar's way into the Export dialog (also `e`, and File › Export… in the desktop app); "exporting" while its
// job runs, "ready" when it has written its file and the dialog is closed. Its code loads on the way there (a pointer
// over, or focus on, the button).
import { isActive } from '../jobs/tracked-job';
import { preloadExportDialog } from './export-dialog-on-demand';
import { useExports } from './exports.store';

export function ExportButton() {
  const openDialog = useExports((s) => s.openDialog);
  const busy = useExports((s) => isActive(s.job));
  const ready = useExports((s) => !s.open && s.job?.state === 'completed');
  return (
    <button
      type="button"
      className="btn btn--small"
      onClick={openDialog}
      onPointerEnter={preloadExportDialog}
      onFocus={preloadExportDialog}
      aria-haspopup="dialog"
      title="Export the query as CSV, NDJSON or Parquet, a PDF report or an evidence package (e)"
    >
      Export…{busy && <span className="sources-button__badge"> · exporting</span>}
      {ready && <span className="sources-button__badge"> · ready</span>}
    </button>
  );
}
