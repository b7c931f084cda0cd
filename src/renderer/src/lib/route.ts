// The route of UX.md §1, in the URL's hash (the web bridge's `?token=` is traded for a cookie and stripped by a
// redirect; the hash survives it): the query as run, clauses switched off, zone, order, the open event, the columns
// and the density — so a copied link reproduces the view. The time range is part of `q` (after:/before: with their
// offsets written out), so it is not repeated. Pure parsing and formatting; the route the page was opened with is
// opening-route.ts.

/** A clause switched off in the chips row (query/chips.ts ParkedClause): its text and its place in the row. */
export interface RouteClause {
  text: string;
  index: number;
}

export interface RouteState {
  q: string;
  tz?: 'utc' | 'local';
  order?: 'asc' | 'desc';
  /** 0-based index of the event open in the drawer. */
  sel?: number;
  /** The uid of the event open in the drawer: a copied link opens that event even where its index has moved. */
  ev?: string;
  off: RouteClause[];
  cols?: string;
  density?: string;
}

export function parseRoute(hash: string): RouteState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const tz = params.get('tz');
  const order = params.get('order');
  const sel = Number(params.get('sel') ?? '');
  const off = params.getAll('off').flatMap((value) => {
    const m = /^(\d+)~(.+)$/s.exec(value);
    return m?.[1] && m[2] ? [{ index: Number(m[1]), text: m[2] }] : [];
  });
  const cols = params.get('cols');
  const density = params.get('density');
  const ev = params.get('ev');
  return {
    q: params.get('q') ?? '',
    ...(tz === 'utc' || tz === 'local' ? { tz } : {}),
    ...(order === 'asc' || order === 'desc' ? { order } : {}),
    ...(params.has('sel') && Number.isInteger(sel) && sel >= 0 ? { sel } : {}),
    ...(ev ? { ev } : {}),
    off,
    ...(cols ? { cols } : {}),
    ...(density ? { density } : {}),
  };
}

export function formatRoute(state: RouteState): string {
  const params = new URLSearchParams({ q: state.q });
  if (state.tz) params.set('tz', state.tz);
  if (state.order) params.set('order', state.order);
  if (state.sel !== undefined) params.set('sel', String(state.sel));
  if (state.ev !== undefined) params.set('ev', state.ev);
  for (const p of state.off) params.append('off', `${p.index}~${p.text}`);
  if (state.cols) params.set('cols', state.cols);
  if (state.density) params.set('density', state.density);
  return `#${params.toString()}`;
}
