// From what a user filled in (the `sources.add` request, the CLI's `source add` flags) to saved settings: the
// shared draft checks, the defaults, and the checks only the core can make (format names, the base URL). One
// place for both faces, so the app and the CLI save the same source from the same answers. No secret is read here.
import { sourceDraftProblems, type SecretStorage, type SourceDraft } from '@shared/domain/source-drafts';
import type { ApiSourceSettings, S3SourceSettings, SourceSettings } from '@shared/domain/sources';
import { AppError } from '../errors';
import { PRESETS, resolveBaseUrl } from './api/presets';
import { FORMAT_CHOICES, type FormatChoice } from '../formats/formats';

export const SOURCE_DEFAULTS = {
  region: 'us-east-1',
  concurrency: 4,
  lookbackDays: 7,
  pollSeconds: 60,
  overlapSeconds: 300,
} as const;

const blankToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value.trim();

/** Throws USAGE naming every problem of the draft, for an app that keeps secrets as `storage` says. */
export function checkDraft(draft: SourceDraft, storage: SecretStorage): void {
  const messages = Object.values(sourceDraftProblems(draft, storage));
  if (messages.length > 0) throw new AppError('USAGE', messages.join(' '));
}

/** Checks the draft, then gives the settings to save: the draft's references as they are, defaults filled in. */
export function buildSource(draft: SourceDraft, storage: SecretStorage): { name: string; settings: SourceSettings } {
  checkDraft(draft, storage);
  return settingsFromDraft(draft);
}

/**
 * The settings to save for a draft already checked, whose references are final (the engine has just put the
 * secret values in the keychain and filled in their references). Still refuses a format or URL the core rejects.
 */
export function settingsFromDraft(draft: SourceDraft): { name: string; settings: SourceSettings } {
  const name = blankToNull(draft.name);
  if (draft.kind === 's3') {
    const d = draft.settings;
    const format = d.format ?? 'auto';
    if (!(FORMAT_CHOICES as readonly string[]).includes(format))
      throw new AppError('USAGE', `Unknown format "${format}": use ${FORMAT_CHOICES.join(', ')}.`);
    const settings: S3SourceSettings = {
      bucket: d.bucket.trim(),
      prefix: d.prefix ?? '',
      region: blankToNull(d.region) ?? SOURCE_DEFAULTS.region,
      endpoint: blankToNull(d.endpoint),
      pathStyle: d.pathStyle ?? false,
      format: format as FormatChoice,
      profile: blankToNull(d.profile),
      accessKeyIdRef: blankToNull(d.accessKeyIdRef),
      secretAccessKeyRef: blankToNull(d.secretAccessKeyRef),
      concurrency: d.concurrency ?? SOURCE_DEFAULTS.concurrency,
      lookbackDays: d.lookbackDays ?? SOURCE_DEFAULTS.lookbackDays,
    };
    return { name: name ?? `s3://${settings.bucket}/${settings.prefix}`, settings: { kind: 's3', settings } };
  }
  const d = draft.settings;
  const preset = PRESETS[d.preset];
  const baseUrl = blankToNull(d.baseUrl) ?? preset.defaultBaseUrl;
  if (!baseUrl) throw new AppError('USAGE', `A ${preset.provider} source needs a base URL.`);
  const settings: ApiSourceSettings = {
    preset: d.preset,
    baseUrl,
    region: blankToNull(d.region),
    tokenRef: blankToNull(d.tokenRef),
    org: blankToNull(d.org),
    enterprise: blankToNull(d.enterprise),
    streams: d.streams ?? [],
    tenant: blankToNull(d.tenant),
    serviceAccountKeyRef: blankToNull(d.serviceAccountKeyRef),
    subject: blankToNull(d.subject),
    pageSize: Math.min(d.pageSize ?? preset.maxPageSize, preset.maxPageSize),
    pollSeconds: d.pollSeconds ?? SOURCE_DEFAULTS.pollSeconds,
    overlapSeconds: d.overlapSeconds ?? SOURCE_DEFAULTS.overlapSeconds,
  };
  resolveBaseUrl(settings); // refuse a bad URL now rather than at the first sync
  return { name: name ?? `${d.preset} ${baseUrl}`, settings: { kind: 'api', settings } };
}
