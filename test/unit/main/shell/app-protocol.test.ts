// The app:// protocol's one decision: which file of the renderer build a URL names. Path traversal in every
// spelling (plain, %-encoded, double-encoded, backslashes, NUL, absolute) must stay inside the build folder.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, APP_ENTRY, contentTypeOf, resolveAppPath } from '../../../../src/main/shell/app-protocol';

const ROOT = resolve('/srv/trailscope/out/renderer');

describe('resolveAppPath', () => {
  it('serves index.html for the entry and the root, and assets by their path', () => {
    expect(resolveAppPath(ROOT, APP_ENTRY)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://trailscope/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://trailscope/assets/index-abc123.js?v=1#x')).toBe(join(ROOT, 'assets', 'index-abc123.js'));
    expect(resolveAppPath(ROOT, 'app://trailscope/assets/a%20b.css')).toBe(join(ROOT, 'assets', 'a b.css'));
  });

  it.each(['app://trailscope/../package.json', 'app://trailscope/%2e%2e/package.json', 'app://trailscope/assets/%2E%2E/%2E%2E/package.json'])(
    'keeps %s inside the build (the URL parser already folds the dot segments)',
    (url) => {
      expect(resolveAppPath(ROOT, url)).toBe(join(ROOT, 'package.json'));
    },
  );

  it.each([
    'app://trailscope/..%2fpackage.json',
    'app://trailscope/%2e%2e%2f%2e%2e%2fpackage.json',
    'app://trailscope/assets/..%2f..%2fpackage.json',
    'app://trailscope/..%5c..%5cpackage.json',
    'app://trailscope/assets\\..\\..\\package.json',
    'app://trailscope/index.html%00.png',
    'app://trailscope/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(ROOT, url)).toBeNull();
  });

  it('decodes once: a double-encoded dot segment is a file name inside the build', () => {
    expect(resolveAppPath(ROOT, 'app://trailscope/%252e%252e/x')).toBe(join(ROOT, '%2e%2e', 'x'));
  });

  it('refuses another scheme, another host and credentials', () => {
    expect(resolveAppPath(ROOT, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(ROOT, 'https://trailscope/index.html')).toBeNull();
    expect(resolveAppPath(ROOT, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(ROOT, 'app://user:pw@trailscope/index.html')).toBeNull();
    expect(resolveAppPath(ROOT, 'not a url')).toBeNull();
  });

  it("never returns a sibling folder that shares the build folder's name as a prefix", () => {
    expect(resolveAppPath(ROOT, 'app://trailscope/%2e%2e%2frenderer-secrets/x.js')).toBeNull();
    expect(resolveAppPath(ROOT, 'app://trailscope/../renderer-secrets/x.js')).toBe(join(ROOT, 'renderer-secrets', 'x.js'));
  });
});

describe('the app:// response', () => {
  it('has a CSP that forbids inline script, plugins, <base>, form posts and framing', () => {
    const directives = new Map(APP_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('names content types by extension', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/noext')).toBe('application/octet-stream');
  });
});
