// A saved source in words for the Sources panel and `source list`: where it reads from and where its credentials
// come from. Built from settings, which hold references only; a secret never passes through here.
import { API_PRESET_INFO } from '@shared/domain/source-drafts';
import type { SecretStore } from '../secrets';
import type { SavedSource } from '../store/sources-repo';
import { resolveBaseUrl } from './api/presets';

function host(url: string): string {
  try {
    return new URL(url.replaceAll('{region}', 'region')).host;
  } catch {
    return url;
  }
}

export function describeSource(source: SavedSource, secrets: SecretStore): { summary: string; credentials: string } {
  if (source.kind === 's3') {
    const s = source.settings;
    const summary = [`s3://${s.bucket}/${s.prefix}`, s.region, s.endpoint ? host(s.endpoint) : null]
      .filter(Boolean)
      .join(' · ');
    const credentials =
      s.accessKeyIdRef && s.secretAccessKeyRef
        ? `keys from ${secrets.describe(s.accessKeyIdRef)} and ${secrets.describe(s.secretAccessKeyRef)}`
        : s.profile
          ? `AWS profile ${s.profile}`
          : 'the default AWS credentials (environment, profile, instance role)';
    return { summary, credentials };
  }
  const s = source.settings;
  const info = API_PRESET_INFO[s.preset];
  const where = s.region ? host(s.baseUrl.replaceAll('{region}', s.region)) : host(s.baseUrl);
  const scope = s.enterprise
    ? `enterprise ${s.enterprise}`
    : s.org
      ? `org ${s.org}`
      : s.tenant
        ? `workspace ${s.tenant}`
        : null;
  const summary = [info.label, where, scope, s.streams.length > 0 ? s.streams.join(', ') : null]
    .filter(Boolean)
    .join(' · ');
  const credentials = s.serviceAccountKeyRef
    ? `service-account key from ${secrets.describe(s.serviceAccountKeyRef)}, acting as ${s.subject ?? '(no admin given)'}`
    : s.tokenRef
      ? `token from ${secrets.describe(s.tokenRef)}`
      : 'no token';
  return { summary, credentials };
}

/**
 * Where a sync of the source sends its credentials: the API's origin, the S3 endpoint's origin, or AWS itself. A
 * keychain secret is sealed to this when entered, and the user's trust in a source names it.
 */
export function sourceDestination(source: SavedSource): string {
  if (source.kind === 'api') return new URL(resolveBaseUrl(source.settings)).origin;
  return source.settings.endpoint ? new URL(source.settings.endpoint).origin : 'AWS S3';
}
