// Drag and drop onto the window: the desktop app knows where a dropped file lives (the preload's pathForFile) and
// imports it at once; a browser does not, so the Import dialog opens and says so. A drop never navigates away.
import { useEffect, useState } from 'react';
import { pathsForDroppedFiles } from '../../lib/bridge';
import { preloadSourcesPanel } from './sources-panel-on-demand';
import { useSources } from './sources.store';

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

export function FileDrop() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      preloadSourcesPanel(); // a drop opens its Import view
      depth++;
      setOver(true);
    };
    const overHandler = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      const paths = pathsForDroppedFiles(files);
      const store = useSources.getState();
      if (paths === null) {
        store.open(
          'import',
          `Dropping files needs the desktop app: a browser does not tell Trailscope where a file lives. Type the path${files.length === 1 ? '' : 's'} of ${files.map((f) => f.name).join(', ') || 'the files'} on the machine running trailscope serve below.`,
        );
        return;
      }
      if (paths.length === 0) {
        store.open(
          'import',
          'Those were not files on this computer (dragged from a web page?). Save them first, then drop them or choose them here.',
        );
        return;
      }
      store.open('import');
      void store.startImport(paths);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over ? (
    <div className="file-drop" aria-hidden="true">
      <span>Drop files or folders to import them</span>
    </div>
  ) : null;
}
