// The toolbar's way into the Sources panel (UX.md §1 "source switcher"): its label counts what is syncing now, so
// a sync going on behind the table is visible without opening the panel. Heading for it loads the panel's code.
import { preloadSourcesPanel } from './sources-panel-on-demand';
import { useSources } from './sources.store';

export function SourcesButton() {
  const open = useSources((s) => s.open);
  const busy = useSources(
    (s) => Object.values(s.jobs).filter((j) => j.state === 'queued' || j.state === 'running').length,
  );
  const failed = useSources((s) => Object.values(s.bySource).filter((id) => s.jobs[id]?.state === 'failed').length);
  return (
    <button
      type="button"
      className="btn btn--small sources-button"
      onClick={() => open('list')}
      onPointerEnter={preloadSourcesPanel}
      onFocus={preloadSourcesPanel}
      aria-haspopup="dialog"
      title="Sources: add, sync, import files"
    >
      Sources
      {busy > 0 && <span className="sources-button__badge"> · {busy} syncing</span>}
      {failed > 0 && <span className="sources-button__badge failure-text"> · ✖ {failed} failed</span>}
    </button>
  );
}
