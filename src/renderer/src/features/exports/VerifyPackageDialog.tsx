// The Verify Package dialog (issue 16: "verify-package … and the same action in the app"): choose a received
// evidence package (desktop: the open dialog; browser: a file, uploaded to the bridge), optionally the sender's
// public key, and the core checks it offline. The verdict first, then the signature and the key's fingerprint (with
// what a package's own key proves and does not), what the package says it holds, its problems, and every file:
// altered, added and removed ones first, each named. A native modal <dialog>, as the Export dialog.
import { useId, useRef, useState } from 'react';
import type { CheckedFile, PackageCheck } from '@shared/domain/exports';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../lib/format';
import { fileUploader } from '../../lib/bridge';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { MAX_PUBLIC_KEY_CHARS, useVerifyPackage } from './verify-package.store';

const STATUS: Record<CheckedFile['status'], { icon: string; word: string }> = {
  intact: { icon: '✓', word: 'intact' },
  altered: { icon: '✖', word: 'ALTERED' },
  added: { icon: '✖', word: 'ADDED' },
  removed: { icon: '✖', word: 'REMOVED' },
};

export function VerifyPackageDialog() {
  const open = useVerifyPackage((s) => s.open);
  const close = useVerifyPackage((s) => s.close);
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="sources-panel export-dialog" aria-labelledby="verify-package-title" onClose={close}>
      {open && <VerifyBody />}
    </dialog>
  );
}

function VerifyBody() {
  const close = useVerifyPackage((s) => s.close);
  const name = useVerifyPackage((s) => s.name);
  const checking = useVerifyPackage((s) => s.checking);
  const check = useVerifyPackage((s) => s.check);
  const error = useVerifyPackage((s) => s.error);
  return (
    <section className="sources-panel__body" aria-label="Verify package">
      <header className="sources-panel__header">
        <h2 id="verify-package-title">Verify package</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close verify package">
          ✕
        </button>
      </header>
      <p className="muted">
        Checks every file of an evidence package against its manifest, and the manifest against its signature, offline —
        as <code>trailscope verify-package</code> does.
      </p>
      <PackageForm />
      {checking && (
        <p role="status" className="source-form__note">
          Checking {name}…
        </p>
      )}
      {error && <ErrorNotice title={`${name ?? 'The package'} could not be checked`} message={error} />}
      {check && !checking && <CheckView name={name ?? ''} check={check} />}
    </section>
  );
}

function PackageForm() {
  const checking = useVerifyPackage((s) => s.checking);
  const publicKey = useVerifyPackage((s) => s.publicKey);
  const setPublicKey = useVerifyPackage((s) => s.setPublicKey);
  const chooseAndVerify = useVerifyPackage((s) => s.chooseAndVerify);
  const verifyFile = useVerifyPackage((s) => s.verifyFile);
  const [keyProblem, setKeyProblem] = useState<string | null>(null);
  const keyInput = useRef<HTMLInputElement>(null);
  const packageInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const browser = fileUploader() !== null;

  const chooseKey = async (file: File | undefined) => {
    setPublicKey(null);
    setKeyProblem(null);
    if (!file) return;
    const text = file.size <= MAX_PUBLIC_KEY_CHARS ? await file.text() : '';
    if (!text.includes('-----BEGIN PUBLIC KEY-----')) {
      setKeyProblem(`${file.name} is not a public key in PEM form (public-key.pem).`);
      return;
    }
    setPublicKey({ name: file.name, text });
  };

  return (
    <div className="source-form">
      <div className="source-form__field">
        <label htmlFor={`${ids}-key`}>The sender’s public key (optional)</label>
        <input
          id={`${ids}-key`}
          ref={keyInput}
          type="file"
          accept=".pem,application/x-pem-file"
          disabled={checking}
          aria-describedby={`${ids}-key-hint`}
          onChange={(e) => void chooseKey(e.target.files?.[0])}
        />
        <span id={`${ids}-key-hint`} className="muted source-form__hint">
          With it, a valid signature proves who made the package; without it, only that the package is whole.
        </span>
        {publicKey && (
          <span className="source-form__note">
            Key from <span className="mono">{publicKey.name}</span>{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setPublicKey(null);
                if (keyInput.current) keyInput.current.value = '';
              }}
            >
              Remove
            </button>
          </span>
        )}
        {keyProblem && (
          <span className="source-form__error" role="alert">
            {keyProblem}
          </span>
        )}
      </div>
      {browser ? (
        <div className="source-form__field">
          <label htmlFor={`${ids}-package`}>Package (zip)</label>
          <input
            id={`${ids}-package`}
            ref={packageInput}
            type="file"
            accept=".zip,application/zip"
            disabled={checking}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void verifyFile(file).finally(() => packageInput.current && (packageInput.current.value = ''));
            }}
          />
        </div>
      ) : (
        <div className="source-form__actions">
          <button type="button" className="btn btn--accent" disabled={checking} onClick={() => void chooseAndVerify()}>
            Choose package…
          </button>
        </div>
      )}
    </div>
  );
}

function CheckView({ name, check }: { name: string; check: PackageCheck }) {
  // What is wrong first: a long list of intact files must not hide the one that is not.
  const files = [...check.files].sort((a, b) => Number(a.status === 'intact') - Number(b.status === 'intact'));
  return (
    <section className="export__written" aria-labelledby="verify-package-verdict">
      <h3
        id="verify-package-verdict"
        className={`integrity__verdict integrity__verdict--${check.intact ? 'intact' : 'findings'}`}
      >
        <span aria-hidden="true">{check.intact ? '✓' : '✖'}</span> {check.intact ? 'Intact' : 'Not intact'}
      </h3>
      <dl className="export__facts">
        <dt>Package</dt>
        <dd className="mono">{name}</dd>
        <dt>Signature</dt>
        <dd>{check.signature}</dd>
        <dt>Key fingerprint</dt>
        <dd className="mono export__hash">{check.fingerprint ?? 'none'}</dd>
        {check.caseId !== null && (
          <>
            <dt>Case</dt>
            <dd className="mono">{check.caseId}</dd>
          </>
        )}
        {check.query !== null && (
          <>
            <dt>Query</dt>
            <dd>{check.query.trim() ? <code className="mono">{check.query}</code> : 'all events'}</dd>
          </>
        )}
        {check.events !== null && (
          <>
            <dt>Events</dt>
            <dd className="tabular">{formatCount(check.events)}</dd>
          </>
        )}
      </dl>
      <p className="source-form__note">
        {check.keySource === 'package'
          ? 'Checked against the public key inside the package: this proves the package is whole, not who made it. Compare the fingerprint with the one the sender gave you, or give their public key.'
          : 'Checked against the public key you gave: a valid signature proves the package comes from its holder.'}
      </p>
      {check.problems.length > 0 && (
        <ul aria-label="Problems" className="export__problems">
          {check.problems.map((problem) => (
            <li key={problem} className="failure-text">
              {problem}
            </li>
          ))}
        </ul>
      )}
      <ul aria-label="Files" className="export__files">
        {files.map((file) => (
          <li key={`${file.status} ${file.name}`} className={file.status === 'intact' ? undefined : 'failure-text'}>
            <span aria-hidden="true">{STATUS[file.status].icon}</span> <span className="mono">{file.name}</span>:{' '}
            {STATUS[file.status].word}
            {file.reason ? ` (${file.reason})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
