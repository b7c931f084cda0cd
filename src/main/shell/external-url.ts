// Which links may leave the app for the user's browser (shell.openExternal). Only https, only hosts on a short
// allow-list (the providers' audit-log documentation the app links to), with no credentials and no port; parsed
// with new URL() so "https://docs.github.com@evil.example" and friends are seen for what they are. No electron
// import: unit-tested in plain Node (test/unit/main/external-url.test.ts).

/** Exact host names (no wildcard subdomains): a subdomain takeover elsewhere must not widen the list. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'docs.github.com',
  'developer.okta.com',
  'api.slack.com',
  'developer.1password.com',
  'developers.google.com',
  'docs.aws.amazon.com',
]);

const MAX_URL_LENGTH = 2048;

/** The normalized URL to hand to shell.openExternal, or null when the link must not be opened. */
export function allowedExternalUrl(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  // `https://host:443/` normalizes to port ''; any other port is another service on that host.
  if (url.port !== '') return null;
  if (!EXTERNAL_HOSTS.has(url.hostname)) return null;
  return url.href;
}

export function isAllowedExternalUrl(candidate: unknown): boolean {
  return allowedExternalUrl(candidate) !== null;
}
