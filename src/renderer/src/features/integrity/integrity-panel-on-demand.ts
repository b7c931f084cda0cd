// The Integrity panel, loaded on first use (like the Sources panel): the first rows wait for none of its code.
// Loaded ahead as soon as the user heads for it (a pointer over, or focus on, the Integrity button).
import { onDemand } from '../../lib/on-demand';

export const IntegrityPanelOnDemand = onDemand(() => import('./IntegrityPanel').then((m) => m.IntegrityPanel));

export const preloadIntegrityPanel = () => void IntegrityPanelOnDemand.preload().catch(() => undefined);
