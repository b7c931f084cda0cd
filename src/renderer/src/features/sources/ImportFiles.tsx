// Import files…: paths one per line (files or folders on the machine where Trailscope's core runs — the desktop app's
// own machine, or the one running `trailscope serve`), run as an import job with its progress and result: added,
// duplicates, rejected, and the rejects themselves on request. Under `serve` the user types them; the desktop app
// imports only paths chosen in its own open dialog (the Choose buttons here) or dropped on the window.
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../lib/format';
import { cancelJob, importPathChooser, transportKind } from '../../lib/bridge';
import { CancelJobButton, JobMeter } from '../jobs/JobProgress';
import { isActive } from '../jobs/tracked-job';
import { useSources } from './sources.store';

export function ImportFiles() {
  const job = useSources((s) => s.importJob);
  const notice = useSources((s) => s.notice);
  const rejects = useSources((s) => s.rejects);
  const [text, setText] = useState(() => job?.paths.join('\n') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const running = isActive(job);
  const chooser = importPathChooser();
  const choose = async (kind: 'files' | 'folder') => {
    if (!chooser) return;
    const chosen = await chooser(kind);
    if (chosen.length === 0) return;
    setProblem(null);
    setText((current) => [...current.split('\n').filter((line) => line.trim() !== ''), ...chosen].join('\n'));
  };
  const where =
    transportKind() === 'web' ? (
      <>
        the machine running <code>trailscope serve</code>
      </>
    ) : (
      'this computer'
    );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const paths = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (paths.length === 0) {
      setProblem('Enter at least one path: a file (.json, .ndjson, .jsonl, .gz) or a folder.');
      area.current?.focus();
      return;
    }
    setProblem(null);
    void useSources.getState().startImport(paths);
  };

  return (
    <form className="sources-panel__body" aria-labelledby="sources-title" noValidate onSubmit={submit}>
      <header className="sources-panel__header">
        <h2 id="sources-title">Import files</h2>
      </header>
      {notice && (
        <p className="source-form__note import__notice" role="status">
          {notice}
        </p>
      )}
      <div className="source-form__field">
        <label htmlFor="import-paths">Files or folders, one path per line</label>
        <textarea
          id="import-paths"
          ref={area}
          rows={4}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`import-paths-hint${problem ? ' import-paths-error' : ''}`}
        />
        <span id="import-paths-hint" className="muted source-form__hint">
          Paths on {where}: JSON, NDJSON/JSONL, CloudTrail files, gzipped or not; a folder imports everything in it.
          {chooser && ' Choose them here or drop them on the window: the app imports no typed path it was not shown.'}
        </span>
        {problem && (
          <span id="import-paths-error" className="source-form__error">
            {problem}
          </span>
        )}
      </div>
      {chooser && (
        <div className="import__choose">
          <button type="button" className="btn btn--small" onClick={() => void choose('files')}>
            Choose files…
          </button>
          <button type="button" className="btn btn--small" onClick={() => void choose('folder')}>
            Choose folder…
          </button>
        </div>
      )}
      <div className="source-form__actions">
        <button type="button" className="btn" onClick={() => useSources.setState({ view: 'list', notice: null })}>
          Back
        </button>
        <button type="submit" className="btn btn--accent" disabled={running}>
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {job && <ImportResult />}
      {rejects && (
        <section aria-label="Rejected records" className="import__rejects">
          <h3>Rejected records (newest first)</h3>
          {rejects.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Why</th>
                  <th scope="col">Record (start)</th>
                </tr>
              </thead>
              <tbody>
                {rejects.map((r) => (
                  <tr key={`${r.ingest_seq}:${r.object_key}:${r.line ?? ''}:${r.record ?? ''}`}>
                    <td className="mono">
                      {r.object_key.split(/[\\/]/).at(-1)}
                      {r.line !== null ? `:${r.line}` : r.record !== null ? `#${r.record}` : ''}
                    </td>
                    <td>{r.reason}</td>
                    <td className="mono import__excerpt">{r.excerpt ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </form>
  );
}

function ImportResult() {
  const job = useSources((s) => s.importJob);
  if (!job) return null;
  return (
    <section className="import__result" aria-label="Import result" aria-live="polite">
      {isActive(job) && (
        <>
          <JobMeter
            job={job}
            label="Import progress"
            queued="Queued: waiting for another import or sync to finish…"
            detail={(p) =>
              `${p.phase} · ${p.total !== null ? `${formatCount(p.done)} of ${formatCount(p.total)} files · ` : ''}${formatCount(p.events)} events`
            }
          />
          <CancelJobButton
            job={job}
            onCancel={() => {
              if (job.jobId) void cancelJob(job.jobId);
            }}
          />
        </>
      )}
      {job.state === 'completed' && job.result && (
        <p className="import__summary" role="status">
          ✓ Imported {formatCount(job.result.files)} file{job.result.files === 1 ? '' : 's'}:{' '}
          {formatCount(job.result.added)} added, {formatCount(job.result.duplicates)} duplicate
          {job.result.duplicates === 1 ? '' : 's'}, {formatCount(job.result.rejected)} rejected.{' '}
          {job.result.rejected > 0 && (
            <button type="button" className="link-button" onClick={() => void useSources.getState().loadRejects()}>
              Show rejects
            </button>
          )}
        </p>
      )}
      {job.state === 'completed' && job.result && job.result.warnings.length > 0 && (
        <ul className="import__warnings">
          {job.result.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {job.state === 'failed' && (
        <div className="error-notice" role="alert">
          <strong className="error-notice__title">Import failed</strong>
          <span className="error-notice__message">{job.error}</span>
        </div>
      )}
      {job.state === 'cancelled' && <p role="status">Import cancelled; what was imported before stays in the case.</p>}
    </section>
  );
}
