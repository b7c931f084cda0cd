// shell.openExternal's allow-list: only https links to a few documentation hosts, parsed with new URL() so that
// look-alikes (credentials before the host, other ports, suffix/prefix hosts, other schemes) are refused.
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl, EXTERNAL_HOSTS, isAllowedExternalUrl } from '../../../../src/main/shell/external-url';

describe('isAllowedExternalUrl', () => {
  it('allows https links to the allow-listed hosts, returned normalized', () => {
    expect(allowedExternalUrl('https://docs.github.com/en/enterprise-cloud@latest/admin')).toBe(
      'https://docs.github.com/en/enterprise-cloud@latest/admin',
    );
    expect(allowedExternalUrl('HTTPS://Developer.Okta.com:443/docs/reference/api/system-log/')).toBe(
      'https://developer.okta.com/docs/reference/api/system-log/',
    );
    for (const host of EXTERNAL_HOSTS) expect(isAllowedExternalUrl(`https://${host}/`), host).toBe(true);
  });

  it.each([
    ['http, not https', 'http://docs.github.com/'],
    ['javascript:', 'javascript:alert(1)//docs.github.com'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'app://trailscope/index.html'],
    ['credentials before an allowed host', 'https://user:pw@docs.github.com/'],
    ['an allowed host as the user name', 'https://docs.github.com@evil.example/'],
    ['a non-default port', 'https://docs.github.com:8443/'],
    ['a host that ends with an allowed one', 'https://evildocs.github.com/'],
    ['a subdomain of an allowed host', 'https://x.docs.github.com/'],
    ['an allowed host as a prefix', 'https://docs.github.com.evil.example/'],
    ['a trailing-dot host', 'https://docs.github.com./'],
    ['a host not on the list', 'https://github.com/'],
    ['an IP address', 'https://140.82.112.3/'],
    ['backslash tricks', 'https:\\\\evil.example\\docs.github.com'],
    ['an empty string', ''],
    ['not a URL', 'docs.github.com/en'],
    ['an overlong URL', `https://docs.github.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ href: 'https://docs.github.com/' })).toBe(false);
  });
});
