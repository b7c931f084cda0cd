// The 24 px status bar: which rows are in view of how many matched, how long the query took, and the display zone
// with its offset; plus a polite live region that announces only the number of matches (not every scroll).
import { useSyncExternalStore } from 'react';
import { formatCount, zoneLabel } from '../../lib/format';
import { useView } from '../events/view.store';
import { useQuery } from '../query/query.store';

const noSubscribe = () => () => undefined;
const noVersion = () => 0;

export function StatusBar() {
  const applied = useQuery((s) => s.applied);
  const visible = useView((s) => s.visible);
  const running = useQuery((s) => s.running);
  const rows = useQuery((s) => s.rows);
  // The offset as of the top row in view (a DST change makes it differ from today's).
  useSyncExternalStore(rows?.subscribe ?? noSubscribe, rows?.getVersion ?? noVersion);
  const shownAt = Date.parse(rows?.rowAt(Math.max(0, visible.from - 1))?.occurred_at ?? '') || Date.now();
  const zone = applied?.timeZone ?? null;
  const matched = applied ? `${formatCount(applied.total)} matched` : '';
  const range = applied && applied.total > 0 ? `${formatCount(visible.from)}–${formatCount(visible.to)} of ` : '';
  return (
    <footer className="status-bar" aria-label="Status">
      {applied ? (
        <span className="status-bar__text tabular">
          {range}
          {matched} · {formatCount(applied.tookMs)} ms · {zone && zoneLabel(zone, shownAt)}
          {applied.query.trim() === '' ? ' · no filter' : ''}
        </span>
      ) : (
        <span className="muted">{running ? 'Running…' : ''}</span>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {applied ? `${formatCount(applied.total)} events match` : ''}
      </span>
    </footer>
  );
}
