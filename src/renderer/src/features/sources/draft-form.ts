// The Add-source form's values and the request they make: the same schema the core checks at its router and the
// same shared draft checks the core runs again, so what the form accepts the core accepts, and every refusal is
// shown under its field in words. Pure: tested on its own.
import { REQUEST_SCHEMAS } from '@shared/schemas';
import {
  API_PRESET_INFO,
  sourceDraftProblems,
  type DraftProblems,
  type SecretStorage,
  type SourceDraft,
} from '@shared/domain/source-drafts';
import type { ApiPreset } from '@shared/domain/sources';

export interface SourceFormValues {
  kind: 's3' | 'api';
  name: string;
  // S3
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
  pathStyle: boolean;
  /** Keychain: the key values; environment: the names of the variables that hold them. */
  accessKeyId: string;
  secretAccessKey: string;
  // API
  preset: ApiPreset;
  baseUrl: string;
  apiRegion: string;
  org: string;
  enterprise: string;
  tenant: string;
  streams: string[];
  /** Keychain: the token; environment: the variable's name. */
  token: string;
  serviceAccountKey: string;
  subject: string;
}

export const EMPTY_FORM: SourceFormValues = {
  kind: 'api',
  name: '',
  bucket: '',
  prefix: '',
  region: '',
  endpoint: '',
  pathStyle: false,
  accessKeyId: '',
  secretAccessKey: '',
  preset: 'generic',
  baseUrl: '',
  apiRegion: '',
  org: '',
  enterprise: '',
  tenant: '',
  streams: [],
  token: '',
  serviceAccountKey: '',
  subject: '',
};

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const orUndefined = (value: string): string | undefined => (value === '' ? undefined : value);

/** The `sources.add` request for these values: secrets as values (keychain) or as variable names (environment). */
export function draftOf(values: SourceFormValues, storage: SecretStorage): SourceDraft {
  const keychain = storage === 'keychain';
  const name = orNull(values.name) ?? undefined;
  if (values.kind === 's3') {
    return {
      kind: 's3',
      name,
      settings: {
        bucket: values.bucket.trim(),
        prefix: values.prefix,
        region: orUndefined(values.region.trim()),
        endpoint: orNull(values.endpoint),
        pathStyle: values.pathStyle,
        accessKeyIdRef: keychain ? null : orNull(values.accessKeyId),
        secretAccessKeyRef: keychain ? null : orNull(values.secretAccessKey),
      },
      secrets: keychain
        ? { accessKeyId: orUndefined(values.accessKeyId), secretAccessKey: orUndefined(values.secretAccessKey) }
        : undefined,
    };
  }
  const info = API_PRESET_INFO[values.preset];
  const useServiceAccount = info.serviceAccount && values.serviceAccountKey.trim() !== '';
  return {
    kind: 'api',
    name,
    settings: {
      preset: values.preset,
      baseUrl: orNull(values.baseUrl),
      region: orNull(values.apiRegion),
      org: info.needsOrgOrEnterprise ? orNull(values.org) : null,
      enterprise: info.needsOrgOrEnterprise ? orNull(values.enterprise) : null,
      tenant: info.hasTenant ? orNull(values.tenant) : null,
      streams: info.streams ? values.streams : [],
      tokenRef: keychain || useServiceAccount ? null : orNull(values.token),
      serviceAccountKeyRef: keychain || !useServiceAccount ? null : orNull(values.serviceAccountKey),
      subject: useServiceAccount ? orNull(values.subject) : null,
    },
    secrets: keychain
      ? useServiceAccount
        ? { serviceAccountKey: values.serviceAccountKey }
        : { token: orUndefined(values.token) }
      : undefined,
  };
}

/** Request field paths to the form's own field names, so a message lands under the input that caused it. */
const FIELD_OF: Record<string, keyof SourceFormValues> = {
  name: 'name',
  'settings.bucket': 'bucket',
  'settings.prefix': 'prefix',
  'settings.region': 'region',
  'settings.endpoint': 'endpoint',
  'settings.accessKeyIdRef': 'accessKeyId',
  'secrets.accessKeyId': 'accessKeyId',
  'settings.secretAccessKeyRef': 'secretAccessKey',
  'secrets.secretAccessKey': 'secretAccessKey',
  'settings.baseUrl': 'baseUrl',
  'settings.org': 'org',
  'settings.enterprise': 'enterprise',
  'settings.tenant': 'tenant',
  'settings.streams': 'streams',
  'settings.tokenRef': 'token',
  'secrets.token': 'token',
  'settings.serviceAccountKeyRef': 'serviceAccountKey',
  'secrets.serviceAccountKey': 'serviceAccountKey',
  'settings.subject': 'subject',
};

export type FormProblems = Partial<Record<keyof SourceFormValues | 'form', string>>;

/** Every problem with the values, by form field; {} when the core will accept the request (bar what only it knows). */
export function formProblems(values: SourceFormValues, storage: SecretStorage): FormProblems {
  const draft = draftOf(values, storage);
  const problems: FormProblems = {};
  const put = (path: string, message: string) => {
    const field = values.kind === 'api' && path === 'settings.region' ? 'apiRegion' : (FIELD_OF[path] ?? 'form');
    problems[field] ??= message;
  };
  const parsed = REQUEST_SCHEMAS['sources.add'].safeParse(draft);
  if (!parsed.success) for (const issue of parsed.error.issues) put(issue.path.join('.'), tooLong(issue.message));
  const shared: DraftProblems = sourceDraftProblems(draft, storage);
  for (const [path, message] of Object.entries(shared)) put(path, message);
  return problems;
}

/** Zod's words for a length limit, as a sentence a user reads. */
function tooLong(message: string): string {
  const match = /<=?\s*(\d+)/.exec(message);
  return match ? `At most ${match[1]} characters.` : message;
}
