// The Integrity view (UX.md §13): a modal sheet on the right, like the Sources panel. Verify runs every check the case
// supports as a job (its progress here and in the toolbar's pill); the verification shown opens on its verdict —
// one line per check with when and by whom — then each check's notes (the limits of its verdict), its findings
// grouped by class with their positions (a uid opens its event), and CloudTrail's per-file items. Earlier
// verifications can be shown instead. Every value is rendered as text.
import { useRef, useState } from 'react';
import type { ChainHead, CheckOutcome, CheckedItem, Finding, VerificationRecord } from '@shared/domain/integrity';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { formatCount, formatTime, zoneLabel, zoneOf } from '../../lib/format';
import { usePreferences } from '../preferences/preferences.store';
import { JobRunControls } from '../jobs/JobProgress';
import { isActive } from '../jobs/tracked-job';
import {
  LIST_SHOWN,
  checkLabel,
  groupFindings,
  positionText,
  verdictIcon,
  verdictLabel,
  type FindingGroup,
} from './findings';
import { shownVerification } from './integrity-state';
import { useIntegrity } from './integrity.store';

/** The most `list-public-keys` output the core takes (schemas.ts). */
const MAX_PUBLIC_KEYS_BYTES = 4 * 1024 * 1024;
/** CloudTrail items listed at first; more on request (a trail of a year lists ~9 000 digests). */
const ITEMS_PAGE = 200;
const NO_HEADS: ChainHead[] = [];

export function IntegrityPanel() {
  const open = useIntegrity((s) => s.open);
  const close = useIntegrity((s) => s.close);
  const dialog = useModalDialog(open);

  return (
    <dialog ref={dialog} className="sources-panel integrity-panel" aria-labelledby="integrity-title" onClose={close}>
      {open && <IntegrityBody />}
    </dialog>
  );
}

function IntegrityBody() {
  const close = useIntegrity((s) => s.close);
  const load = useIntegrity((s) => s.load);
  const loaded = useIntegrity((s) => s.loaded);
  const loadError = useIntegrity((s) => s.loadError);
  const verifications = useIntegrity((s) => s.verifications);
  const shown = useIntegrity(shownVerification);
  const openNotice = useIntegrity((s) => s.openNotice);
  return (
    <section className="sources-panel__body" aria-label="Integrity">
      <header className="sources-panel__header">
        <h2 id="integrity-title">Integrity</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close integrity">
          ✕
        </button>
      </header>
      <VerifyForm />
      {openNotice && (
        <p className="source-form__note integrity__notice" role="status">
          {openNotice}
        </p>
      )}
      {loadError && <ErrorNotice title="Verifications not readable" message={loadError} onRetry={() => void load()} />}
      {loaded && !loadError && verifications.length === 0 && (
        <p className="muted sources-panel__empty">
          This case has not been verified yet. Verify checks the providers’ hash chains, CloudTrail digests and the
          case’s own chain of custody, offline, and keeps the result in the case.
        </p>
      )}
      {shown && <VerificationView record={shown} newest={shown.seq === verifications[0]?.seq} />}
      {verifications.length > 1 && <EarlierVerifications />}
    </section>
  );
}

function VerifyForm() {
  const job = useIntegrity((s) => s.job);
  const verify = useIntegrity((s) => s.verify);
  const cancel = useIntegrity((s) => s.cancel);
  const heads = useIntegrity((s) => s.verifications[0]?.outcomes.find((o) => o.check === 'chain')?.heads) ?? NO_HEADS;
  const [keys, setKeys] = useState<{ name: string; text: string } | null>(null);
  const [keysProblem, setKeysProblem] = useState<string | null>(null);
  const [compareHeads, setCompareHeads] = useState(true);
  const fileInput = useRef<HTMLInputElement>(null);
  const running = isActive(job);

  const chooseKeys = async (file: File | undefined) => {
    setKeys(null);
    setKeysProblem(null);
    if (!file) return;
    if (file.size > MAX_PUBLIC_KEYS_BYTES) {
      setKeysProblem(`${file.name} is over 4 MiB: not the output of aws cloudtrail list-public-keys.`);
      return;
    }
    // The file's text, read here: the core gets the keys, never a path on this machine.
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch {
      setKeysProblem(`${file.name} is not JSON: give the output of aws cloudtrail list-public-keys.`);
      return;
    }
    setKeys({ name: file.name, text });
  };

  const removeKeys = () => {
    setKeys(null);
    setKeysProblem(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void verify({
      ...(keys ? { publicKeys: keys.text } : {}),
      ...(compareHeads && heads.length > 0 ? { expectHeads: heads } : {}),
    });
  };

  return (
    <form className="integrity__verify" aria-label="Verify the case" onSubmit={submit}>
      <div className="source-form__field">
        <label htmlFor="integrity-keys">CloudTrail public keys (optional)</label>
        <input
          id="integrity-keys"
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          disabled={running}
          aria-describedby="integrity-keys-hint"
          onChange={(e) => void chooseKeys(e.target.files?.[0])}
        />
        <span id="integrity-keys-hint" className="muted source-form__hint">
          The JSON <code>aws cloudtrail list-public-keys</code> prints: without it, digest signatures are not checked.
        </span>
        {keys && (
          <span className="source-form__note">
            Keys from <span className="mono">{keys.name}</span>{' '}
            <button type="button" className="link-button" onClick={removeKeys}>
              Remove
            </button>
          </span>
        )}
        {keysProblem && (
          <span className="source-form__error" role="alert">
            {keysProblem}
          </span>
        )}
      </div>
      {heads.length > 0 && (
        <label className="source-form__check">
          <input type="checkbox" checked={compareHeads} onChange={(e) => setCompareHeads(e.target.checked)} /> Compare
          with the chain ends of the last verification (finds a chain cut short)
        </label>
      )}
      <JobRunControls
        job={job}
        run="Verify"
        onCancel={() => void cancel()}
        progress={{
          label: 'Verification progress',
          failed: 'Verification failed',
          cancelled: 'Verification cancelled; nothing was recorded.',
        }}
      />
    </form>
  );
}

function VerificationView({ record, newest }: { record: VerificationRecord; newest: boolean }) {
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  const stale = useIntegrity((s) => s.eventsAddedSince);
  return (
    <section className="integrity__verification" aria-labelledby="integrity-verdict">
      <h3 id="integrity-verdict" className={`integrity__verdict integrity__verdict--${record.verdict}`}>
        <span aria-hidden="true">{verdictIcon(record.verdict)}</span> {verdictLabel(record.verdict)}
      </h3>
      <p className="muted tabular">
        {newest ? 'Latest verification' : `Verification #${record.seq}`}: {formatTime(record.recordedAt, zone)}{' '}
        {zoneLabel(zone)} by {record.osUser}
      </p>
      {newest && stale && (
        <p className="integrity__stale" role="status">
          ⚠ Events were added since (an import or sync finished): verify again to cover them.
        </p>
      )}
      <ul className="integrity__checks" aria-label="Checks">
        {record.outcomes.map((outcome) => (
          <li key={outcome.check}>
            <strong>{checkLabel(outcome.check)}:</strong>{' '}
            <span className={`integrity__verdict--${outcome.verdict}`}>
              <span aria-hidden="true">{verdictIcon(outcome.verdict)}</span> {verdictLabel(outcome.verdict)}
            </span>{' '}
            <span className="muted">{outcome.summary}</span>
          </li>
        ))}
      </ul>
      {record.outcomes.map((outcome) => (
        <OutcomeView key={outcome.check} outcome={outcome} />
      ))}
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: CheckOutcome }) {
  const label = checkLabel(outcome.check);
  const counts = Object.entries(outcome.counts);
  const groups = groupFindings(outcome);
  return (
    <section className="integrity__outcome" aria-label={label}>
      <h4>
        {label}: {verdictLabel(outcome.verdict)}
      </h4>
      {counts.length > 0 && (
        <p className="muted tabular">{counts.map(([name, count]) => `${formatCount(count)} ${name}`).join(' · ')}</p>
      )}
      {outcome.notes.length > 0 && (
        <ul className="integrity__notes" aria-label={`Limits of the ${label} verdict`}>
          {outcome.notes.map((note) => (
            <li key={note}>
              <span aria-hidden="true">⚠ </span>
              {note}
            </li>
          ))}
        </ul>
      )}
      {groups.map((group) => (
        <FindingGroupView key={group.findingClass} group={group} />
      ))}
      {outcome.findingsTotal > outcome.findings.length && (
        <p className="muted">
          The first {formatCount(outcome.findings.length)} of {formatCount(outcome.findingsTotal)} findings are kept;
          <code> trailscope verify --json</code> lists them as found.
        </p>
      )}
      {outcome.items && outcome.items.length > 0 && (
        <CheckedItems items={outcome.items} total={outcome.itemsTotal ?? outcome.items.length} />
      )}
    </section>
  );
}

function FindingGroupView({ group }: { group: FindingGroup }) {
  return (
    <div className="integrity__group">
      <h5>
        {group.label} ({formatCount(group.findings.length)})
      </h5>
      <ul className="integrity__findings" aria-label={group.label}>
        {group.findings.map((finding, i) => (
          <FindingView key={i} finding={finding} />
        ))}
      </ul>
    </div>
  );
}

function FindingView({ finding }: { finding: Finding }) {
  const openEvent = useIntegrity((s) => s.openEvent);
  const position = positionText(finding);
  const uids = finding.uids ?? [];
  const keys = finding.objectKeys ?? [];
  return (
    <li className={`integrity__finding${finding.severity === 'info' ? ' is-info' : ''}`}>
      <span className="integrity__message">{finding.message}</span>
      {position && <span className="muted tabular"> · {position}</span>}
      {keys.length > 0 && (
        <ul className="integrity__keys">
          {keys.slice(0, LIST_SHOWN).map((key) => (
            <li key={key} className="mono">
              {key}
            </li>
          ))}
          {keys.length > LIST_SHOWN && <li className="muted">… and {formatCount(keys.length - LIST_SHOWN)} more</li>}
        </ul>
      )}
      {uids.length > 0 && (
        <span className="integrity__uids">
          {uids.slice(0, LIST_SHOWN).map((uid) => (
            <button
              key={uid}
              type="button"
              className="link-button mono"
              aria-label={`Open event ${uid}`}
              title="Show the events around this one and open it"
              onClick={() => void openEvent(uid, finding.at)}
            >
              {uid}
            </button>
          ))}
          {uids.length > LIST_SHOWN && (
            <span className="muted"> … and {formatCount(uids.length - LIST_SHOWN)} more</span>
          )}
        </span>
      )}
    </li>
  );
}

const ITEM_STATUS = { valid: 'valid', invalid: 'INVALID', unchecked: 'unchecked' } as const;

function CheckedItems({ items, total }: { items: CheckedItem[]; total: number }) {
  const [shown, setShown] = useState(ITEMS_PAGE);
  return (
    <details className="integrity__items">
      <summary>
        Files checked ({formatCount(total)}
        {total > items.length ? `, the first ${formatCount(items.length)} kept` : ''})
      </summary>
      <ul aria-label="Files checked">
        {items.slice(0, shown).map((item, i) => (
          <li key={i} className={`integrity__item integrity__item--${item.status}`}>
            <span className="integrity__item-status">{ITEM_STATUS[item.status]}</span>{' '}
            <span className="muted">{item.kind}</span> <span className="mono">{item.name}</span>
            {item.reason && <span> — {item.reason}</span>}
          </li>
        ))}
      </ul>
      {shown < items.length && (
        <button type="button" className="btn btn--small" onClick={() => setShown(shown + ITEMS_PAGE)}>
          Show {formatCount(Math.min(ITEMS_PAGE, items.length - shown))} more
        </button>
      )}
    </details>
  );
}

function EarlierVerifications() {
  const verifications = useIntegrity((s) => s.verifications);
  const shown = useIntegrity(shownVerification);
  const show = useIntegrity((s) => s.show);
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  return (
    <section className="integrity__history" aria-labelledby="integrity-history-title">
      <h3 id="integrity-history-title">Verifications of this case</h3>
      <ul>
        {verifications.map((v, i) => (
          <li key={v.seq}>
            <button
              type="button"
              className="link-button tabular"
              aria-current={v.seq === shown?.seq ? 'true' : undefined}
              onClick={() => show(i === 0 ? null : v.seq)}
            >
              {formatTime(v.recordedAt, zone)} · <span aria-hidden="true">{verdictIcon(v.verdict)}</span>{' '}
              {verdictLabel(v.verdict)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
