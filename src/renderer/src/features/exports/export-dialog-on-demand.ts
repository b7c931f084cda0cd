// The Export dialog, loaded on first use (like the Integrity panel): the first rows wait for none of its code.
import { onDemand } from '../../lib/on-demand';

export const ExportDialogOnDemand = onDemand(() => import('./ExportDialog').then((m) => m.ExportDialog));

export const preloadExportDialog = () => void ExportDialogOnDemand.preload().catch(() => undefined);
