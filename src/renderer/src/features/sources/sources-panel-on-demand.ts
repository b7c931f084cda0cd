// The Sources panel, loaded on first use: with its forms comes zod (the schemas the Add-source form checks against),
// the largest part of the renderer's code, which the first rows do not need. Loaded ahead as soon as the user heads
// for it (a pointer over, or focus on, the Sources button; files dragged over the window), not at idle, so its
// evaluation never lands in the middle of a query being typed.
import { onDemand } from '../../lib/on-demand';

export const SourcesPanelOnDemand = onDemand(() => import('./SourcesPanel').then((m) => m.SourcesPanel));

export const preloadSourcesPanel = () => void SourcesPanelOnDemand.preload().catch(() => undefined);
