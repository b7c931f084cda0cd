// The category catalogue (FORMATS.md): keywords searched in the action, case-insensitive, first category with a
// match wins, in this order. No provider needs an exact-action catalogue on top of it yet: the keywords already
// give the documented examples (Okta `user.session.start` → auth, CloudTrail `ConsoleLogin` → auth).

export const CATEGORY_KEYWORDS = [
  ['auth', ['login', 'logout', 'signin', 'sign_in', 'session', 'mfa', '2sv', 'password', 'sso', 'authenticat']],
  ['access', ['role', 'permission', 'member', 'group', 'policy', 'grant', 'privilege', 'token', 'key', 'invite']],
  ['data', ['export', 'download', 'read', 'get', 'list', 'file', 'document', 'repo', 'secret', 'clone']],
  ['config', ['setting', 'config', 'integration', 'webhook', 'hook', 'update', 'create', 'delete']],
  ['security', ['alert', 'anomaly', 'threat', 'detector', 'suspicious']],
] as const;

export type Category = (typeof CATEGORY_KEYWORDS)[number][0] | 'other';

export function categoryOf(action: string): Category {
  const lower = action.toLowerCase();
  for (const [category, keywords] of CATEGORY_KEYWORDS) {
    if (keywords.some((k) => lower.includes(k))) return category;
  }
  return 'other';
}
