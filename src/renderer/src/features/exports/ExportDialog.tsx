// The Export dialog (issue 16; UX.md §11 "what you see is what will be exported"): the scope — the table's query and
// its zone, read-only — then the kind of file (CSV, NDJSON normalized or raw, Parquet, PDF report, evidence package),
// the columns (the table's visible ones to begin with), redaction and the CSV byte order mark, each choice that does
// not apply disabled with the reason beside it. Then the job's progress with Cancel, and what was written: name,
// events, size, SHA-256, with Reveal in folder (desktop) or the download (browser). A native modal <dialog> on the
// right, as the Sources and Integrity panels: Esc closes it, focus stays inside, and returns to what opened it.
import { useId } from 'react';
import { EXPORT_COLUMNS, type OutputKind } from '@shared/domain/exports';
import { formatBytes } from '@shared/format';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, zoneLabel } from '../../lib/format';
import { outputChooser } from '../../lib/bridge';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { JobProgress } from '../jobs/JobProgress';
import { isActive } from '../jobs/tracked-job';
import {
  KIND_CHOICES,
  REDACTION_CHOICES,
  choicesProblem,
  columnsUnavailable,
  redactionUnavailable,
} from './export-choices';
import { useExports } from './exports.store';
import { useVerifyPackage } from './verify-package.store';

/** What the job makes, in words: "export", "report", "package". */
function jobNoun(kind: OutputKind): string {
  return kind === 'report' ? 'report' : kind === 'package' ? 'package' : 'export';
}

export function ExportDialog() {
  const open = useExports((s) => s.open);
  const close = useExports((s) => s.close);
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="sources-panel export-dialog" aria-labelledby="export-title" onClose={close}>
      {open && <ExportBody />}
    </dialog>
  );
}

function ExportBody() {
  const close = useExports((s) => s.close);
  const job = useExports((s) => s.job);
  const kind = useExports((s) => s.choices.kind);
  const error = useExports((s) => s.error);
  const verifyPackage = () => {
    close();
    useVerifyPackage.getState().openDialog();
  };
  const busy = isActive(job);
  return (
    <section className="sources-panel__body" aria-label="Export">
      <header className="sources-panel__header">
        <h2 id="export-title">Export</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close export">
          ✕
        </button>
      </header>
      <ScopeSummary />
      {error && <ErrorNotice title={`The ${jobNoun(kind)} could not start`} message={error} />}
      {job?.state === 'failed' && (
        <ErrorNotice title={`The ${jobNoun(kind)} failed`} message={job.error ?? 'No reason was given.'} />
      )}
      {job?.state === 'cancelled' && (
        <p className="source-form__note" role="status">
          The {jobNoun(kind)} was cancelled; no file was written.
        </p>
      )}
      {busy && <ExportProgress />}
      {job?.state === 'completed' ? <WrittenFile /> : !busy && <ChoicesForm />}
      <p className="muted export__verify">
        Received a package?{' '}
        <button type="button" className="link-button" onClick={verifyPackage}>
          Verify a package…
        </button>
      </p>
    </section>
  );
}

function ScopeSummary() {
  const scope = useExports((s) => s.scope);
  if (!scope)
    return (
      <p className="source-form__error" role="alert">
        No query has run yet: run one, then export what the table shows.
      </p>
    );
  return (
    <dl className="export__scope" aria-label="What is exported">
      <dt>Query</dt>
      <dd>{scope.query.trim() ? <code className="mono">{scope.query}</code> : <span>all events</span>}</dd>
      <dt>Time zone</dt>
      <dd>{zoneLabel(scope.timeZone)}</dd>
      <dt>Events</dt>
      <dd className="tabular">{formatCount(scope.total)}</dd>
    </dl>
  );
}

function ChoicesForm() {
  const scope = useExports((s) => s.scope);
  const choices = useExports((s) => s.choices);
  const setKind = useExports((s) => s.setKind);
  const setColumn = useExports((s) => s.setColumn);
  const columnsFromView = useExports((s) => s.columnsFromView);
  const setRedaction = useExports((s) => s.setRedaction);
  const setBom = useExports((s) => s.setBom);
  const start = useExports((s) => s.start);
  const ids = useId();
  const columnsReason = columnsUnavailable(choices.kind);
  const redactionReason = redactionUnavailable(choices.kind);
  const problem = choicesProblem(choices);
  const desktop = outputChooser() !== null;

  return (
    <form
      className="source-form export__form"
      aria-label="Export choices"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <fieldset>
        <legend>Format</legend>
        {KIND_CHOICES.map(({ kind, label, hint }) => (
          <label key={kind} className="export__kind">
            <input
              type="radio"
              name={`${ids}-kind`}
              value={kind}
              checked={choices.kind === kind}
              onChange={() => setKind(kind)}
            />
            <span>
              {label} <span className="muted">— {hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset disabled={columnsReason !== null} aria-describedby={`${ids}-columns-why`}>
        <legend>Columns</legend>
        <p id={`${ids}-columns-why`} className="muted source-form__hint">
          {columnsReason ??
            `${choices.columns.length} of ${EXPORT_COLUMNS.length}, in this order: the table's visible columns to begin with (its Description is written from them).`}
        </p>
        {columnsReason === null && (
          <details className="export__columns">
            <summary>Choose columns</summary>
            <button type="button" className="btn btn--small" onClick={columnsFromView}>
              The table’s columns
            </button>
            <div className="export__column-list">
              {EXPORT_COLUMNS.map((column) => (
                <label key={column} className="source-form__check">
                  <input
                    type="checkbox"
                    checked={choices.columns.includes(column)}
                    onChange={(e) => setColumn(column, e.target.checked)}
                  />{' '}
                  <span className="mono">{column}</span>
                </label>
              ))}
            </div>
          </details>
        )}
      </fieldset>

      <fieldset disabled={redactionReason !== null} aria-describedby={`${ids}-redaction-why`}>
        <legend>Redaction</legend>
        <p id={`${ids}-redaction-why`} className="muted source-form__hint">
          {redactionReason ??
            'For sharing outside the team: each value is replaced by a keyed hash, the same token for the same value within this file.'}
        </p>
        {REDACTION_CHOICES.map(({ redaction, label }) => (
          <label key={redaction} className="source-form__check">
            <input
              type="checkbox"
              checked={redactionReason === null && choices.redact.includes(redaction)}
              onChange={(e) => setRedaction(redaction, e.target.checked)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>

      <label className="source-form__check">
        <input
          type="checkbox"
          disabled={choices.kind !== 'csv'}
          checked={choices.kind === 'csv' && choices.bom}
          onChange={(e) => setBom(e.target.checked)}
        />{' '}
        Start with a byte order mark (Excel then reads UTF-8){choices.kind !== 'csv' && ' — CSV only'}
      </label>

      {problem && (
        <p className="source-form__error" role="alert">
          {problem}
        </p>
      )}
      <div className="source-form__actions">
        <button type="submit" className="btn btn--accent" disabled={scope === null || problem !== null}>
          {desktop ? 'Save as…' : 'Export and download'}
        </button>
      </div>
    </form>
  );
}

function ExportProgress() {
  const job = useExports((s) => s.job);
  const kind = useExports((s) => s.choices.kind);
  const cancel = useExports((s) => s.cancel);
  if (!job) return null;
  // Its failure and cancel are told above the choices (ExportBody), so only the running job is shown here.
  return (
    <JobProgress job={job} label={`${jobNoun(kind)} progress`}>
      <div className="source-form__actions">
        <button type="button" className="btn btn--small" disabled={!job.jobId} onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </JobProgress>
  );
}

function WrittenFile() {
  const written = useExports((s) => s.written);
  const kind = useExports((s) => s.choices.kind);
  const downloaded = useExports((s) => s.downloaded);
  const reveal = useExports((s) => s.reveal);
  const markDownloaded = useExports((s) => s.markDownloaded);
  const again = useExports((s) => s.again);
  if (!written) return null;
  return (
    <section className="export__written" aria-labelledby="export-written">
      <h3 id="export-written">
        <span aria-hidden="true">✓</span> {kind === 'report' ? 'Report' : kind === 'package' ? 'Package' : 'Export'}{' '}
        written
      </h3>
      <dl className="export__facts">
        <dt>File</dt>
        <dd className="mono">{written.name}</dd>
        {written.events !== null && (
          <>
            <dt>Events</dt>
            <dd className="tabular">{formatCount(written.events)}</dd>
          </>
        )}
        {written.pages !== null && (
          <>
            <dt>Pages</dt>
            <dd className="tabular">{formatCount(written.pages)}</dd>
          </>
        )}
        {written.bytes !== null && (
          <>
            <dt>Size</dt>
            <dd className="tabular">{formatBytes(written.bytes)}</dd>
          </>
        )}
        {written.sha256 !== null && (
          <>
            <dt>SHA-256</dt>
            <dd className="mono export__hash">{written.sha256}</dd>
          </>
        )}
        {written.fingerprint !== null && (
          <>
            <dt>Signing key</dt>
            <dd className="mono export__hash">{written.fingerprint}</dd>
          </>
        )}
      </dl>
      <div className="source-form__actions">
        {written.path !== null && (
          <button type="button" className="btn btn--accent" onClick={reveal}>
            Reveal in folder
          </button>
        )}
        {written.download !== null &&
          (downloaded ? (
            <p className="source-form__note" role="status">
              Downloaded: see your browser’s downloads. The server kept no copy.
            </p>
          ) : (
            <a className="btn btn--accent" href={written.download} download={written.name} onClick={markDownloaded}>
              Download {written.name}
            </a>
          ))}
        <button type="button" className="btn" onClick={again}>
          Make another file
        </button>
      </div>
    </section>
  );
}
