// What a user fills in to add a source (the `sources.add` request, the CLI's `source add` flags) and the checks
// that do not need the core: the form runs them as the user types, the core runs them again before saving. Secret
// *values* travel only in `secrets`, and only to an app that can keep them in the OS keychain. Types and pure code.
import type { ApiPreset } from './sources';

export interface S3SourceDraft {
  bucket: string;
  prefix?: string;
  region?: string;
  endpoint?: string | null;
  pathStyle?: boolean;
  format?: string;
  profile?: string | null;
  /** Environment-variable names (CLI, `trailscope serve`); the desktop app fills these itself from `secrets`. */
  accessKeyIdRef?: string | null;
  secretAccessKeyRef?: string | null;
  concurrency?: number;
  lookbackDays?: number;
}

export interface ApiSourceDraft {
  preset: ApiPreset;
  baseUrl?: string | null;
  region?: string | null;
  tokenRef?: string | null;
  org?: string | null;
  enterprise?: string | null;
  streams?: string[];
  tenant?: string | null;
  serviceAccountKeyRef?: string | null;
  subject?: string | null;
  pageSize?: number;
  pollSeconds?: number;
  overlapSeconds?: number;
}

/** Secret values, accepted only where the app can store them (`CaseInfo.capabilities.secretStorage === 'keychain'`). */
export interface SourceSecretValues {
  token?: string;
  serviceAccountKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export type SourceDraft =
  | { kind: 's3'; name?: string; settings: S3SourceDraft; secrets?: SourceSecretValues }
  | { kind: 'api'; name?: string; settings: ApiSourceDraft; secrets?: SourceSecretValues };

/** The secret slots of a source kind: the request's value field and the settings field that holds its reference. */
export const SECRET_SLOTS = {
  s3: [
    { value: 'accessKeyId', ref: 'accessKeyIdRef' },
    { value: 'secretAccessKey', ref: 'secretAccessKeyRef' },
  ],
  api: [
    { value: 'token', ref: 'tokenRef' },
    { value: 'serviceAccountKey', ref: 'serviceAccountKeyRef' },
  ],
} as const;

/** keychain: the desktop app keeps secret values in the OS keychain; environment: the CLI and `trailscope serve` read them from environment variables. */
export type SecretStorage = 'keychain' | 'environment';

export interface ApiPresetInfo {
  label: string;
  /** Null: the user must give one (their tenant's own host). */
  defaultBaseUrl: string | null;
  baseUrlHint: string;
  /** GitHub: an organization or an enterprise. */
  needsOrgOrEnterprise: boolean;
  /** Generic API: the workspace to ask for (optional). */
  hasTenant: boolean;
  /** What `streams` means for this preset, and the choices (empty = the preset's default streams). */
  streams: { label: string; choices: string[] } | null;
  /** Google Workspace: a service-account key and an admin to impersonate instead of a token. */
  serviceAccount: boolean;
}

/** What the form needs to know of each preset; test/unit checks it agrees with the core's presets. */
export const API_PRESET_INFO: Record<ApiPreset, ApiPresetInfo> = {
  generic: {
    label: 'Generic cursor API',
    defaultBaseUrl: null,
    baseUrlHint: 'https://audit.example.com',
    needsOrgOrEnterprise: false,
    hasTenant: true,
    streams: null,
    serviceAccount: false,
  },
  github: {
    label: 'GitHub audit log',
    defaultBaseUrl: 'https://api.github.com',
    baseUrlHint: 'https://api.github.com',
    needsOrgOrEnterprise: true,
    hasTenant: false,
    streams: null,
    serviceAccount: false,
  },
  okta: {
    label: 'Okta System Log',
    defaultBaseUrl: null,
    baseUrlHint: 'https://acme.okta.com',
    needsOrgOrEnterprise: false,
    hasTenant: false,
    streams: null,
    serviceAccount: false,
  },
  slack: {
    label: 'Slack Audit Logs',
    defaultBaseUrl: 'https://api.slack.com',
    baseUrlHint: 'https://api.slack.com',
    needsOrgOrEnterprise: false,
    hasTenant: false,
    streams: null,
    serviceAccount: false,
  },
  onepassword: {
    label: '1Password Events',
    defaultBaseUrl: 'https://events.1password.com',
    baseUrlHint: 'https://events.1password.com (or .ca, .eu, events.ent.1password.com)',
    needsOrgOrEnterprise: false,
    hasTenant: false,
    streams: { label: 'Event kinds', choices: ['auditevents', 'signinattempts'] },
    serviceAccount: false,
  },
  'google-workspace': {
    label: 'Google Workspace Admin Reports',
    defaultBaseUrl: 'https://admin.googleapis.com',
    baseUrlHint: 'https://admin.googleapis.com',
    needsOrgOrEnterprise: false,
    hasTenant: false,
    streams: { label: 'Applications', choices: ['admin', 'login', 'drive', 'token', 'groups', 'saml'] },
    serviceAccount: true,
  },
};

/** Field paths as in the request (`settings.bucket`, `secrets.token`), so a form can put a message under its field. */
export type DraftProblems = Record<string, string>;

/**
 * The shape of an environment variable a source may name for a secret: letters, digits and `_`, not starting with
 * a digit, at most 128 characters. The same rule for the CLI's flags, the form, and settings read back from a case.
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** Problems with a URL a token or key will be sent to: https, or plain http to this machine only. */
export function urlProblem(text: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(text.replaceAll('{region}', 'region'));
  } catch {
    return `${what} is not a URL (e.g. https://host.example.com).`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return `${what} must be https (plain http only to 127.0.0.1 or localhost).`;
}

/** A secret given either as a value (keychain) or as an environment variable's name (environment), never both. */
function secretProblem(
  problems: DraftProblems,
  storage: SecretStorage,
  what: string,
  value: string | undefined,
  refField: string,
  ref: string | null | undefined,
  valueField: string,
  required: boolean,
): boolean {
  const hasValue = present(value);
  const hasRef = present(ref);
  if (storage === 'environment') {
    if (hasValue)
      problems[valueField] =
        `This Trailscope cannot store secrets: name the environment variable of \`trailscope serve\` that holds the ${what} instead.`;
    else if (hasRef && !ENV_NAME.test(ref))
      problems[refField] = `Give the NAME of an environment variable (letters, digits, _), not the ${what} itself.`;
    else if (!hasRef && required) problems[refField] = `Name the environment variable that holds the ${what}.`;
  } else {
    if (hasRef) problems[refField] = `The desktop app keeps the ${what} in the OS keychain: enter the ${what} itself.`;
    else if (!hasValue && required) problems[valueField] = `Enter the ${what}.`;
  }
  return hasValue || hasRef;
}

/** Every problem the draft has that can be told without the core; {} when none. */
export function sourceDraftProblems(draft: SourceDraft, storage: SecretStorage): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.name !== undefined && draft.name.length > 200) problems['name'] = 'A name has at most 200 characters.';
  const secrets = draft.secrets ?? {};
  if (draft.kind === 's3') {
    const s = draft.settings;
    if (!present(s.bucket)) problems['settings.bucket'] = 'Enter the bucket name.';
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(s.bucket))
      problems['settings.bucket'] = 'A bucket name has letters, digits, dots, hyphens and underscores only.';
    if (present(s.region) && !/^[a-z0-9-]{2,40}$/.test(s.region))
      problems['settings.region'] = 'A region looks like us-east-1.';
    if (present(s.endpoint)) {
      const problem = urlProblem(s.endpoint, 'The endpoint');
      if (problem) problems['settings.endpoint'] = problem;
    }
    const key = secretProblem(
      problems,
      storage,
      'access key id',
      secrets.accessKeyId,
      'settings.accessKeyIdRef',
      s.accessKeyIdRef,
      'secrets.accessKeyId',
      false,
    );
    const secret = secretProblem(
      problems,
      storage,
      'secret access key',
      secrets.secretAccessKey,
      'settings.secretAccessKeyRef',
      s.secretAccessKeyRef,
      'secrets.secretAccessKey',
      false,
    );
    if (key !== secret) {
      const field =
        storage === 'keychain'
          ? key
            ? 'secrets.secretAccessKey'
            : 'secrets.accessKeyId'
          : key
            ? 'settings.secretAccessKeyRef'
            : 'settings.accessKeyIdRef';
      problems[field] ??=
        'The access key id and the secret access key go together (leave both empty for the default AWS credentials).';
    }
    return problems;
  }
  const s = draft.settings;
  const info = API_PRESET_INFO[s.preset];
  const baseUrl = present(s.baseUrl) ? s.baseUrl : info.defaultBaseUrl;
  if (!baseUrl) problems['settings.baseUrl'] = `Enter the base URL of the ${info.label} (e.g. ${info.baseUrlHint}).`;
  else {
    const problem = urlProblem(baseUrl, 'The base URL');
    if (problem) problems['settings.baseUrl'] = problem;
    else if (baseUrl.includes('{region}') && !present(s.region))
      problems['settings.region'] = 'The base URL has a {region} placeholder: enter the region.';
  }
  if (info.needsOrgOrEnterprise && !present(s.org) && !present(s.enterprise))
    problems['settings.org'] = 'Enter the GitHub organization (or an enterprise).';
  if (info.streams) {
    const unknown = (s.streams ?? []).filter((stream) => !info.streams?.choices.includes(stream));
    if (unknown.length > 0)
      problems['settings.streams'] = `Unknown ${info.streams.label.toLowerCase()}: ${unknown.join(', ')}.`;
  }
  const usesServiceAccount =
    info.serviceAccount && (present(secrets.serviceAccountKey) || present(s.serviceAccountKeyRef));
  if (usesServiceAccount) {
    secretProblem(
      problems,
      storage,
      'service-account key',
      secrets.serviceAccountKey,
      'settings.serviceAccountKeyRef',
      s.serviceAccountKeyRef,
      'secrets.serviceAccountKey',
      true,
    );
    if (!present(s.subject))
      problems['settings.subject'] = 'Enter the admin the service account acts as (an email address).';
  } else {
    secretProblem(
      problems,
      storage,
      'API token',
      secrets.token,
      'settings.tokenRef',
      s.tokenRef,
      'secrets.token',
      true,
    );
  }
  return problems;
}
