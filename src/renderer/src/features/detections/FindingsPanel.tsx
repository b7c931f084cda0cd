// The Findings view (issue 17): a modal sheet on the right, like the Integrity panel. "Run detections" runs the
// built-in pack, plus any Sigma rule files chosen here (their text goes to the core, which compiles them), as a job
// with progress and cancel; the latest run then shows its findings by level — the rule, whom it is about, how many
// events and when — each opening its events as a query (`finding:<id>`), and every rule that could not run with the
// reason. Every value is rendered as text.
import { useRef, useState } from 'react';
import type { DetectionRun, Finding } from '@shared/domain/detections';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { formatCount, formatTime, zoneLabel, zoneOf } from '../../lib/format';
import { usePreferences } from '../preferences/preferences.store';
import { JobRunControls } from '../jobs/JobProgress';
import { isActive } from '../jobs/tracked-job';
import { useDetections } from './detections.store';
import { groupByLevel, levelIcon, levelLabel } from './findings-view';

/** What the core takes per rule file (schemas.ts), and how many files. */
const MAX_RULE_FILE_BYTES = 256 * 1024;
const MAX_RULE_FILES = 1_000;
/** Findings listed per level at first; more on request. */
const FINDINGS_PAGE = 100;

export function FindingsPanel() {
  const open = useDetections((s) => s.open);
  const close = useDetections((s) => s.close);
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="sources-panel findings-panel" aria-labelledby="findings-title" onClose={close}>
      {open && <FindingsBody />}
    </dialog>
  );
}

function FindingsBody() {
  const close = useDetections((s) => s.close);
  const load = useDetections((s) => s.load);
  const loaded = useDetections((s) => s.loaded);
  const loadError = useDetections((s) => s.loadError);
  const list = useDetections((s) => s.list);
  return (
    <section className="sources-panel__body" aria-label="Findings">
      <header className="sources-panel__header">
        <h2 id="findings-title">Findings</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close findings">
          ✕
        </button>
      </header>
      <DetectForm />
      {loadError && <ErrorNotice title="Findings not readable" message={loadError} onRetry={() => void load()} />}
      {loaded && !loadError && list?.run === null && (
        <p className="muted sources-panel__empty">
          No detection has run on this case yet. Detections run the built-in pack (failed-login bursts, new IPs, MFA
          disabled, privilege escalation, new API keys, bulk exports, off-hours admin work, audit-log settings) and any
          Sigma rules you add, offline, and keep the findings in the case.
        </p>
      )}
      {list?.run && <RunView run={list.run} findings={list.findings} />}
    </section>
  );
}

function DetectForm() {
  const job = useDetections((s) => s.job);
  const detect = useDetections((s) => s.detect);
  const cancel = useDetections((s) => s.cancel);
  const ruleFiles = useDetections((s) => s.ruleFiles);
  const setRuleFiles = useDetections((s) => s.setRuleFiles);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const running = isActive(job);

  const choose = async (files: FileList | null) => {
    setProblem(null);
    const chosen = [...(files ?? [])];
    if (chosen.length > MAX_RULE_FILES) {
      setProblem(`${formatCount(chosen.length)} files: choose at most ${formatCount(MAX_RULE_FILES)} at a time.`);
      return;
    }
    const tooBig = chosen.find((file) => file.size > MAX_RULE_FILE_BYTES);
    if (tooBig) {
      setProblem(`${tooBig.name} is over 256 KiB: not a Sigma rule file.`);
      return;
    }
    // The files' text, read here: the core gets the rules, never a path on this machine.
    setRuleFiles(await Promise.all(chosen.map(async (file) => ({ file: file.name, text: await file.text() }))));
  };

  const removeRules = () => {
    setRuleFiles([]);
    setProblem(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <form
      className="integrity__verify"
      aria-label="Run detections"
      onSubmit={(event) => {
        event.preventDefault();
        void detect();
      }}
    >
      <div className="source-form__field">
        <label htmlFor="findings-rules">Sigma rules (optional)</label>
        <input
          id="findings-rules"
          ref={fileInput}
          type="file"
          multiple
          accept=".yml,.yaml"
          disabled={running}
          aria-describedby="findings-rules-hint"
          onChange={(e) => void choose(e.target.files)}
        />
        <span id="findings-rules-hint" className="muted source-form__hint">
          Rule files as SigmaHQ writes them (Okta, GitHub, CloudTrail, …): they run with the built-in pack.
        </span>
        {ruleFiles.length > 0 && (
          <span className="source-form__note">
            {ruleFiles.length === 1 ? (
              <span className="mono">{ruleFiles[0]?.file}</span>
            ) : (
              `${formatCount(ruleFiles.length)} rule files`
            )}{' '}
            <button type="button" className="link-button" onClick={removeRules}>
              Remove
            </button>
          </span>
        )}
        {problem && (
          <span className="source-form__error" role="alert">
            {problem}
          </span>
        )}
      </div>
      <JobRunControls
        job={job}
        run="Run detections"
        onCancel={() => void cancel()}
        progress={{
          label: 'Detection progress',
          failed: 'Detections failed',
          cancelled: 'Detections cancelled; the previous findings stay.',
        }}
      />
    </form>
  );
}

function RunView({ run, findings }: { run: DetectionRun; findings: Finding[] }) {
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  const sigma = run.rules.filter((rule) => rule.origin === 'sigma').length;
  const groups = groupByLevel(findings);
  return (
    <section className="findings__run" aria-labelledby="findings-run-title">
      <h3 id="findings-run-title">
        {findings.length === 0
          ? 'No findings'
          : `${formatCount(findings.length)} finding${findings.length === 1 ? '' : 's'}`}
      </h3>
      <p className="muted tabular">
        Latest run: {formatTime(run.recordedAt, zone)} {zoneLabel(zone)} by {run.osUser} ·{' '}
        {formatCount(run.rules.length - sigma)} built-in rules
        {sigma > 0 ? `, ${formatCount(sigma)} Sigma rules` : ''}
      </p>
      {run.unsupported.length > 0 && (
        <section className="findings__unsupported" aria-labelledby="findings-unsupported-title">
          <h4 id="findings-unsupported-title">
            <span aria-hidden="true">⚠ </span>
            {formatCount(run.unsupported.length)} rule{run.unsupported.length === 1 ? '' : 's'} could not run
          </h4>
          <ul>
            {run.unsupported.map((rule, i) => (
              <li key={i}>
                <span className="mono">{rule.title ?? rule.id ?? rule.file ?? 'a rule'}</span>
                {rule.file && rule.title && <span className="muted"> ({rule.file})</span>}: {rule.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.map((group) => (
        <LevelView key={group.level} level={group.level} findings={group.findings} />
      ))}
      <details className="integrity__items">
        <summary>Rules run ({formatCount(run.rules.length)})</summary>
        <ul aria-label="Rules run">
          {run.rules.map((rule) => (
            <li key={`${rule.origin}\u0000${rule.id}\u0000${rule.file ?? ''}`} className="tabular">
              <span aria-hidden="true">{levelIcon(rule.level)} </span>
              {rule.title}{' '}
              <span className="muted">· {rule.origin === 'sigma' ? (rule.file ?? 'Sigma') : 'built-in'}</span> ·{' '}
              {formatCount(rule.findings)} finding{rule.findings === 1 ? '' : 's'} · {formatCount(rule.ms)} ms
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function LevelView({ level, findings }: { level: string; findings: Finding[] }) {
  const [shown, setShown] = useState(FINDINGS_PAGE);
  const label = levelLabel(level);
  return (
    <section className={`findings__level findings__level--${level}`} aria-label={label}>
      <h4>
        <span aria-hidden="true">{levelIcon(level)} </span>
        {label} ({formatCount(findings.length)})
      </h4>
      <ul className="findings__list">
        {findings.slice(0, shown).map((finding) => (
          <FindingView key={finding.id} finding={finding} />
        ))}
      </ul>
      {shown < findings.length && (
        <button type="button" className="btn btn--small" onClick={() => setShown(shown + FINDINGS_PAGE)}>
          Show {formatCount(Math.min(FINDINGS_PAGE, findings.length - shown))} more
        </button>
      )}
    </section>
  );
}

function FindingView({ finding }: { finding: Finding }) {
  const showEvents = useDetections((s) => s.showEvents);
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  const when =
    finding.first === finding.last
      ? formatTime(finding.first, zone)
      : `${formatTime(finding.first, zone)} – ${formatTime(finding.last, zone)}`;
  return (
    <li className="findings__finding">
      <button
        type="button"
        className="link-button findings__title"
        title={`Show its events (${finding.query})`}
        onClick={() => showEvents(finding)}
      >
        {finding.title}
      </button>
      {finding.subject && <span className="mono"> · {finding.subject}</span>}
      <span className="muted tabular">
        {' '}
        · {formatCount(finding.count)} event{finding.count === 1 ? '' : 's'} · {when} {zoneLabel(zone)}
      </span>
    </li>
  );
}
