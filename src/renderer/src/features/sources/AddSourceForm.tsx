// The Add-source form: S3 (bucket, prefix, region, endpoint, path-style, keys) or an audit-log API (a preset and the
// fields it needs). Secrets: the desktop app takes the value and keeps it in the OS keychain; `trailscope serve`
// takes the name of one of its environment variables instead (SECURITY.md). Problems show under their field, in
// words, as the schema and the core would word them; the core's own refusal shows at the top of the form.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { API_PRESET_INFO, type SecretStorage } from '@shared/domain/source-drafts';
import { API_PRESETS, type ApiPreset } from '@shared/domain/sources';
import { errorMessage, transportKind } from '../../lib/bridge';
import { draftOf, EMPTY_FORM, formProblems, type FormProblems, type SourceFormValues } from './draft-form';
import { useSources } from './sources.store';

type Field = keyof SourceFormValues;

export function AddSourceForm() {
  const storage: SecretStorage = useSources((s) => s.secretStorage) ?? 'environment';
  const [values, setValues] = useState<SourceFormValues>(EMPTY_FORM);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  /** Bumped by each refused submit: after it renders, focus goes to the first field with a problem. */
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  const [saving, setSaving] = useState(false);
  const [coreError, setCoreError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const problems: FormProblems = formProblems(values, storage);
  const shown = (field: Field) => (submitted || touched[field] ? problems[field] : undefined);
  const set = <K extends Field>(field: K, value: SourceFormValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const touch = (field: Field) => setTouched((t) => ({ ...t, [field]: true }));
  const back = () => useSources.setState({ view: 'list' });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setCoreError(null);
    if (Object.keys(problems).length > 0) {
      // Focus goes to the first field with a problem, so a keyboard or screen-reader user lands on it.
      setRefusals((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      const source = await useSources.getState().add(draftOf(values, storage));
      useSources.setState({ view: 'list' });
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-source-id="${source.id}"] button`)?.focus(),
      );
    } catch (error) {
      setCoreError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const env = storage === 'environment';
  const secretLabel = (what: string) =>
    env ? `Environment variable holding the ${what}` : what[0]?.toUpperCase() + what.slice(1);
  const props = (field: Field) => ({ field, error: shown(field), onBlur: () => touch(field) });
  const info = API_PRESET_INFO[values.preset];

  return (
    <form
      ref={form}
      className="sources-panel__body source-form"
      aria-labelledby="sources-title"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <header className="sources-panel__header">
        <h2 id="sources-title">Add a source</h2>
      </header>
      {coreError && (
        <div className="error-notice" role="alert">
          <strong className="error-notice__title">Not saved</strong>
          <span className="error-notice__message">{coreError}</span>
        </div>
      )}
      <fieldset className="source-form__kind">
        <legend>Kind</legend>
        <label>
          <input type="radio" name="kind" checked={values.kind === 'api'} onChange={() => set('kind', 'api')} />{' '}
          Audit-log API
        </label>
        <label>
          <input type="radio" name="kind" checked={values.kind === 's3'} onChange={() => set('kind', 's3')} /> S3 bucket
        </label>
      </fieldset>
      <TextField
        label="Name (optional)"
        value={values.name}
        onChange={(v) => set('name', v)}
        inputRef={first}
        {...props('name')}
      />
      {env && (
        <p className="muted source-form__note">
          {transportKind() === 'electron' ? (
            <>
              No OS keychain protects secrets on this machine, so Trailscope does not store them: name an environment
              variable set before Trailscope started instead.
            </>
          ) : (
            <>
              This Trailscope runs as <code>trailscope serve</code> and does not store secrets: name an environment
              variable of that process instead (set it before starting <code>trailscope serve</code>).
            </>
          )}
        </p>
      )}
      {values.kind === 's3' ? (
        <>
          <TextField label="Bucket" value={values.bucket} onChange={(v) => set('bucket', v)} {...props('bucket')} />
          <TextField
            label="Prefix"
            hint="The plain S3 list prefix, e.g. AWSLogs/123456789012/CloudTrail/"
            value={values.prefix}
            onChange={(v) => set('prefix', v)}
            {...props('prefix')}
          />
          <TextField
            label="Region"
            hint="Default us-east-1"
            value={values.region}
            onChange={(v) => set('region', v)}
            {...props('region')}
          />
          <TextField
            label="Endpoint (S3-compatible, optional)"
            hint="Empty for AWS"
            value={values.endpoint}
            onChange={(v) => set('endpoint', v)}
            {...props('endpoint')}
          />
          <label className="source-form__check">
            <input type="checkbox" checked={values.pathStyle} onChange={(e) => set('pathStyle', e.target.checked)} />{' '}
            Path-style addressing (most S3-compatible servers want it)
          </label>
          <p className="muted source-form__note">
            Leave both keys empty to use the default AWS credentials (environment, profile, instance role).
          </p>
          <TextField
            label={secretLabel('access key id')}
            secret={!env}
            value={values.accessKeyId}
            onChange={(v) => set('accessKeyId', v)}
            {...props('accessKeyId')}
          />
          <TextField
            label={secretLabel('secret access key')}
            secret={!env}
            value={values.secretAccessKey}
            onChange={(v) => set('secretAccessKey', v)}
            {...props('secretAccessKey')}
          />
        </>
      ) : (
        <>
          <div className="source-form__field">
            <label htmlFor="source-preset">API</label>
            <select
              id="source-preset"
              value={values.preset}
              onChange={(e) => set('preset', e.target.value as ApiPreset)}
            >
              {API_PRESETS.map((preset) => (
                <option key={preset} value={preset}>
                  {API_PRESET_INFO[preset].label}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label={info.defaultBaseUrl ? 'Base URL (optional)' : 'Base URL'}
            hint={`e.g. ${info.baseUrlHint}; may hold {region}`}
            value={values.baseUrl}
            onChange={(v) => set('baseUrl', v)}
            {...props('baseUrl')}
          />
          {values.baseUrl.includes('{region}') && (
            <TextField
              label="Region"
              value={values.apiRegion}
              onChange={(v) => set('apiRegion', v)}
              {...props('apiRegion')}
            />
          )}
          {info.needsOrgOrEnterprise && (
            <>
              <TextField label="Organization" value={values.org} onChange={(v) => set('org', v)} {...props('org')} />
              <TextField
                label="Enterprise (instead of an organization)"
                value={values.enterprise}
                onChange={(v) => set('enterprise', v)}
                {...props('enterprise')}
              />
            </>
          )}
          {info.hasTenant && (
            <TextField
              label="Workspace id (optional)"
              value={values.tenant}
              onChange={(v) => set('tenant', v)}
              {...props('tenant')}
            />
          )}
          {info.streams && (
            <fieldset
              className="source-form__streams"
              aria-describedby={shown('streams') ? 'source-streams-error' : undefined}
            >
              <legend>{info.streams.label} (none ticked: the defaults)</legend>
              {info.streams.choices.map((choice) => (
                <label key={choice}>
                  <input
                    type="checkbox"
                    checked={values.streams.includes(choice)}
                    onChange={(e) =>
                      set(
                        'streams',
                        e.target.checked ? [...values.streams, choice] : values.streams.filter((s) => s !== choice),
                      )
                    }
                  />{' '}
                  {choice}
                </label>
              ))}
              {shown('streams') && (
                <span id="source-streams-error" className="source-form__error">
                  {shown('streams')}
                </span>
              )}
            </fieldset>
          )}
          {info.serviceAccount && (
            <p className="muted source-form__note">
              Google Workspace: give a service-account key and the admin it acts as, or an access token.
            </p>
          )}
          {info.serviceAccount && (
            <>
              <TextField
                label={secretLabel('service-account key (JSON)')}
                secret={!env}
                value={values.serviceAccountKey}
                onChange={(v) => set('serviceAccountKey', v)}
                {...props('serviceAccountKey')}
              />
              <TextField
                label="Admin to act as (email)"
                value={values.subject}
                onChange={(v) => set('subject', v)}
                {...props('subject')}
              />
            </>
          )}
          {!(info.serviceAccount && values.serviceAccountKey.trim() !== '') && (
            <TextField
              label={secretLabel('API token')}
              secret={!env}
              value={values.token}
              onChange={(v) => set('token', v)}
              {...props('token')}
            />
          )}
        </>
      )}
      {problems.form && submitted && <p className="source-form__error">{problems.form}</p>}
      <div className="source-form__actions">
        <button type="button" className="btn" onClick={back}>
          Back
        </button>
        <button type="submit" className="btn btn--accent" disabled={saving}>
          {saving ? 'Saving…' : 'Save source'}
        </button>
      </div>
    </form>
  );
}

interface TextFieldProps {
  field: Field;
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur(): void;
  error: string | undefined;
  hint?: string;
  /** A secret value: a password input, never autocompleted. */
  secret?: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
}

function TextField({
  field,
  label,
  value,
  onChange,
  onBlur,
  error,
  hint,
  secret,
  inputRef,
}: TextFieldProps): ReactNode {
  const id = `source-${field}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="source-form__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type={secret ? 'password' : 'text'}
        autoComplete={secret ? 'new-password' : 'off'}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      {hint && (
        <span id={`${id}-hint`} className="muted source-form__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="source-form__error">
          {error}
        </span>
      )}
    </div>
  );
}
