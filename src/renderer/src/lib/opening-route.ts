// The route the page was opened with (a copied link's view, see route.ts), read once: the stores start from it.
import { parseRoute, type RouteState } from './route';

export const openingRoute: RouteState = typeof location === 'undefined' ? parseRoute('') : parseRoute(location.hash);
