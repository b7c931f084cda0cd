// The Findings panel, loaded on first use (like the Integrity panel): the first rows wait for none of its code.
// Loaded ahead as soon as the user heads for it (a pointer over, or focus on, the Findings button).
import { onDemand } from '../../lib/on-demand';

export const FindingsPanelOnDemand = onDemand(() => import('./FindingsPanel').then((m) => m.FindingsPanel));

export const preloadFindingsPanel = () => void FindingsPanelOnDemand.preload().catch(() => undefined);
