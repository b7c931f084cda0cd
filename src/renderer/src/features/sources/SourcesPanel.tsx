// The Sources panel: a modal sheet on the right with three views — the source list, the Add-source form and the
// Import-files dialog. The list view is a header and then one section per kind of thing the case draws on (the
// sources it has data from, first), each headed, so another kind is one more section. A native <dialog>: focus moves in, Esc goes back from a form to the list first, then closes,
// and focus returns to the control that opened it.
import { useModalDialog } from '../../lib/use-modal-dialog';
import { AddSourceForm } from './AddSourceForm';
import { AttachedFolders } from './AttachedFolders';
import { ImportFiles } from './ImportFiles';
import { SourceRow } from './SourceRow';
import { useSources } from './sources.store';

export function SourcesPanel() {
  const view = useSources((s) => s.view);
  const close = useSources((s) => s.close);
  const dialog = useModalDialog(view !== null);

  const onCancel = (event: React.SyntheticEvent) => {
    // Esc closes the innermost layer: a form goes back to the list, the list closes the panel.
    if (useSources.getState().view !== 'list') {
      event.preventDefault();
      useSources.setState({ view: 'list', notice: null });
    }
  };

  return (
    <dialog ref={dialog} className="sources-panel" aria-labelledby="sources-title" onCancel={onCancel} onClose={close}>
      {view === 'list' && <SourceList />}
      {view === 'add' && <AddSourceForm />}
      {view === 'import' && <ImportFiles />}
    </dialog>
  );
}

function SourceList() {
  const loadError = useSources((s) => s.loadError);
  const open = useSources((s) => s.open);
  const close = useSources((s) => s.close);
  const load = useSources((s) => s.load);
  return (
    <section className="sources-panel__body" aria-label="Sources">
      <header className="sources-panel__header">
        <h2 id="sources-title">Sources</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small" onClick={() => open('import')}>
          Import files…
        </button>
        <button type="button" className="btn btn--small btn--accent" onClick={() => open('add')}>
          Add source
        </button>
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close sources">
          ✕
        </button>
      </header>
      {loadError && (
        <div className="error-notice" role="alert">
          <strong className="error-notice__title">Sources not readable</strong>
          <span className="error-notice__message">{loadError}</span>
          <button type="button" className="btn btn--small" onClick={() => void load()}>
            Retry
          </button>
        </div>
      )}
      <SourcesSection />
    </section>
  );
}

/** Every source the case has data from (saved sources, then the file imports), or what to do when there is none. */
function SourcesSection() {
  const sources = useSources((s) => s.sources);
  const loaded = useSources((s) => s.loaded);
  const loadError = useSources((s) => s.loadError);
  return (
    <section className="sources-panel__section" aria-labelledby="sources-section-title">
      <h3 id="sources-section-title" className="sources-panel__section-title">
        Where this case’s events come from
      </h3>
      {loaded && !loadError && sources.length === 0 && (
        <p className="muted sources-panel__empty">
          Nothing in this case yet. Add an audit-log API or an S3 bucket where audit files are delivered, or import
          files you already have.
        </p>
      )}
      <ul className="source-list" aria-label="Sources">
        {sources.map((source) => (
          <SourceRow key={source.id} source={source} />
        ))}
      </ul>
      <AttachedFolders />
    </section>
  );
}
