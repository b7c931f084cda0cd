// The app:// face: only app://trailscope, without credentials, reaches the renderer's static server (which file a
// path names is test/unit/core/renderer-files.test.ts), whose answer becomes a fetch Response with the same headers
// the web bridge sends. The path is handed on still %-encoded, so the static server decodes it exactly once.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP, RENDERER_HEADERS } from '../../../../src/main/core/renderer-files';
import { answerAppRequest, APP_ENTRY, appPathnameOf } from '../../../../src/main/shell/app-protocol';
import { tempDir } from '../../../helpers/temp';

describe('appPathnameOf', () => {
  it('hands on the path of an app://trailscope URL, without query or fragment, still encoded', () => {
    expect(appPathnameOf(APP_ENTRY)).toBe('/index.html');
    expect(appPathnameOf('app://trailscope/')).toBe('/');
    expect(appPathnameOf('app://trailscope/assets/index-abc123.js?v=1#x')).toBe('/assets/index-abc123.js');
    expect(appPathnameOf('app://trailscope/assets/a%20b.css')).toBe('/assets/a%20b.css');
    expect(appPathnameOf('app://trailscope/..%2fpackage.json')).toBe('/..%2fpackage.json');
  });

  it('refuses another scheme, another host and credentials', () => {
    expect(appPathnameOf('file:///etc/passwd')).toBeNull();
    expect(appPathnameOf('https://trailscope/index.html')).toBeNull();
    expect(appPathnameOf('app://evil/index.html')).toBeNull();
    expect(appPathnameOf('app://user:pw@trailscope/index.html')).toBeNull();
    expect(appPathnameOf('not a url')).toBeNull();
  });
});

describe('answerAppRequest', () => {
  it('answers from the build with the static server the web bridge uses: same headers, same refusals', async () => {
    const renderer = await tempDir();
    await writeFile(join(renderer, 'index.html'), '<div id="root"></div>');
    const page = await answerAppRequest(renderer, new Request(APP_ENTRY));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<div id="root"></div>');
    expect(Object.fromEntries(page.headers)).toEqual({
      ...RENDERER_HEADERS,
      'content-type': 'text/html; charset=utf-8',
    });
    const head = await answerAppRequest(renderer, new Request('app://trailscope/', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const url of [
      'app://evil/index.html',
      'app://trailscope/..%2f..%2fetc/passwd',
      'app://trailscope/missing.js',
    ]) {
      const refused = await answerAppRequest(renderer, new Request(url));
      expect(refused.status, url).toBe(404);
      expect(refused.headers.get('content-security-policy'), url).toBe(RENDERER_CSP);
    }
  });
});
