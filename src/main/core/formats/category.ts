// The category of an action (FORMATS.md): a provider's own catalogue where one is known, else keywords searched in
// the action, case-insensitive, first category with a match wins, in this order. The keywords already give the
// documented examples for Okta and CloudTrail (`user.session.start`, `ConsoleLogin` → auth); the generic format's
// `resource.verb` actions (the seeds' schema, DEMO.md) need a catalogue: `user.signed_in` names no keyword.
import type { FormatId } from './formats';

export const CATEGORY_KEYWORDS = [
  ['auth', ['login', 'logout', 'signin', 'sign_in', 'session', 'mfa', '2sv', 'password', 'sso', 'authenticat']],
  ['access', ['role', 'permission', 'member', 'group', 'policy', 'grant', 'privilege', 'token', 'key', 'invite']],
  ['data', ['export', 'download', 'read', 'get', 'list', 'file', 'document', 'repo', 'secret', 'clone']],
  ['config', ['setting', 'config', 'integration', 'webhook', 'hook', 'update', 'create', 'delete']],
  ['security', ['alert', 'anomaly', 'threat', 'detector', 'suspicious']],
] as const;

export type Category = (typeof CATEGORY_KEYWORDS)[number][0] | 'other';

/** Exact actions per format, checked before the keywords. */
export const GENERIC_CATALOGUE = {
  'user.signed_in': 'auth',
  'user.signed_out': 'auth',
  'user.login_failed': 'auth',
  'user.password_reset': 'auth',
  'user.mfa_enabled': 'auth',
  'user.mfa_disabled': 'auth',
  'session.revoked': 'auth',
  'account.locked': 'auth',
  'user.invited': 'access',
  'user.removed': 'access',
  'user.role_changed': 'access',
  'api_key.created': 'access',
  'api_key.revoked': 'access',
  'integration.installed': 'access',
  'integration.removed': 'access',
  'document.accessed': 'data',
  'document.updated': 'data',
  'document.deleted': 'data',
  'export.created': 'data',
  'data.bulk_deleted': 'data',
  'workspace.settings_changed': 'config',
  'sso.config_updated': 'config',
  'domain.verification_changed': 'config',
  'billing.plan_changed': 'config',
  'webhook.destination_changed': 'config',
  'audit_log.streaming_changed': 'config',
  'ip_allowlist.changed': 'config',
  'security.suspicious_activity': 'security',
} as const satisfies Record<string, Exclude<Category, 'other'>>;

const CATALOGUES: Partial<Record<FormatId, Readonly<Record<string, Category>>>> = { generic: GENERIC_CATALOGUE };

export function categoryOf(action: string, format?: FormatId): Category {
  const exact = format ? CATALOGUES[format]?.[action] : undefined;
  if (exact) return exact;
  const lower = action.toLowerCase();
  for (const [category, keywords] of CATEGORY_KEYWORDS) {
    if (keywords.some((k) => lower.includes(k))) return category;
  }
  return 'other';
}
