// The Export and Verify Package dialogs, loaded on first use (like the Integrity panel): the first rows wait for none
// of their code.
import { onDemand } from '../../lib/on-demand';

export const ExportDialogOnDemand = onDemand(() => import('./ExportDialog').then((m) => m.ExportDialog));

export const VerifyPackageDialogOnDemand = onDemand(() =>
  import('./VerifyPackageDialog').then((m) => m.VerifyPackageDialog),
);

export const preloadExportDialog = () => void ExportDialogOnDemand.preload().catch(() => undefined);
