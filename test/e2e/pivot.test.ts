// End to end: pivoting from the detail drawer (issue 18 items 3 and 5). A nested metadata value, a change and a raw
// record's value are filtered for and out from the drawer; the Related section lists the same session and the same
// request with windows the user changes, and opens a related event; "Show all" runs the list's query keeping the
// user's filters as switched-off chips and the event open, selected and in view. Generic records with provider
// session ids (metadata.session_id) and request ids (metadata.request_id). Screenshots go to test-results/e2e.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { genericRecord, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';
import { PivotDrawer } from './pages/pivot.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 15_000, interval: 100 };
const alice = { id: 'usr_alice', type: 'user', name: 'Alice Example', email: 'alice@acme.io' };
const bob = { id: 'usr_bob', type: 'user', name: 'Bob Example', email: 'bob@acme.io' };
const carol = { id: 'usr_carol', type: 'user', name: 'Carol Example', email: 'carol@acme.io' };
const ODD_UID = 'evt "odd" \\ id*';
const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 9) + minutes * 60_000).toISOString();

/**
 * Alice: 20 events 3 minutes apart from 09:00, session s-a1 for the first 10 and s-a2 for the rest, her client app
 * alternating cli/web, one failure (n=7). Bob: 10 events at 09:01 + 3k, session s-b1. Alice's n=5 and Bob's n=105
 * share request req-77. Alice's n=12 changes a role; n=14 a webhook URL (a before/after pair).
 */
async function pivotCase(): Promise<string> {
  const records = [];
  for (let i = 0; i < 20; i++)
    records.push(
      genericRecord(i + 1, {
        actor: alice,
        occurred_at: at(i * 3),
        ip_address: '81.2.69.143',
        outcome: i + 1 === 7 ? 'failure' : 'success',
        metadata: {
          session_id: i < 10 ? 's-a1' : 's-a2',
          client: { app: i % 2 === 0 ? 'cli' : 'web', version: '2.1' },
          ...(i + 1 === 5 ? { request_id: 'req-77' } : {}),
        },
        ...(i + 1 === 12 ? { changes: { role: { old: 'member', new: 'admin' } } } : {}),
        ...(i + 1 === 14
          ? {
              changes: {
                before: { url: 'https://hooks.acme.io/audit/v2' },
                after: { url: 'https://hooks.example.net/c/8f2e' },
              },
            }
          : {}),
      }),
    );
  for (let k = 0; k < 10; k++)
    records.push(
      genericRecord(101 + k, {
        actor: bob,
        occurred_at: at(1 + k * 3),
        ip_address: '89.160.20.156',
        metadata: { session_id: 's-b1', ...(101 + k === 105 ? { request_id: 'req-77' } : {}) },
      }),
    );
  // Carol: one event whose id holds a quote, a backslash, a star and spaces (ids are the provider's: anything).
  records.push(
    genericRecord(201, { id: ODD_UID, actor: carol, occurred_at: '2025-01-01T11:00:00.250Z', ip_address: '192.0.2.9' }),
  );
  const dir = await tempDir();
  await writeFile(join(dir, 'events.ndjson'), ndjson(records));
  const path = join(dir, 'pivot.duckdb');
  const store = await CaseStore.create(path, { tenantId: 'acme' });
  await importFiles(store, [dir]);
  store.close();
  return path;
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: pivot on anything from the drawer, and Related keeps context' : 'e2e (skipped: no Chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: InvestigatorPage;
    let drawer: PivotDrawer;
    const count = async (query: string) => (await callApi(served, 'events.count', { query, timeZone: 'UTC' })).count;

    beforeAll(async () => {
      served = await serve(await pivotCase());
      browser = await launchBrowser();
      page = await openApp(browser, served, { timezoneId: 'UTC' });
      app = new InvestigatorPage(page);
      drawer = new PivotDrawer(app);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('filters for and out a nested metadata value, a change and a raw value from the drawer', async () => {
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      await app.waitForRows();
      await app.openRow(0); // newest first: alice's n=20, client app web
      await expect.poll(() => app.drawerField('metadata.client.app'), POLL).toBe('web');

      await drawer.filter('metadata.client.app:web');
      await expect.poll(() => app.queryText(), POLL).toBe('actor:alice metadata.client.app:web');
      await expect.poll(() => app.matchedCount(), POLL).toBe(10);
      expect(await count('actor:alice metadata.client.app:web')).toBe(10);
      await app.waitForRows();
      await app.openRow(0);
      // − on the same value flips the clause in place, as Grafana's log details do.
      await drawer.filter('-metadata.client.app:web');
      await expect.poll(() => app.queryText(), POLL).toBe('actor:alice -metadata.client.app:web');
      await expect.poll(() => app.matchedCount(), POLL).toBe(10);
      await expect.poll(() => app.chipStates(), POLL).toEqual(['+actor:alice', '+-metadata.client.app:web']);

      // A change that is not a before/after pair lists its values, each filterable.
      await app.runQuery('actor:alice changes.role.new:*');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await expect.poll(() => drawer.jsonValue('Values of the changes', 'changes.role.new'), POLL).toBe('admin');
      await app.scrollDrawerTo('Changes');
      await screenshot(page, 'pivot-01-drawer-changes-filter');
      await drawer.filter('changes.role.old:member');
      await expect.poll(() => app.queryText(), POLL).toBe('actor:alice changes.role.new:* changes.role.old:member');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);

      // The raw record's values: the record's own keys, as a dotted raw field.
      await app.waitForRows();
      await app.openRow(0);
      await drawer.openRawValues();
      expect(await drawer.jsonValue('Values of the raw record', 'raw.metadata.client.version')).toBe('2.1');
      await screenshot(page, 'pivot-02-drawer-raw-values');
      await drawer.filter('-raw.metadata.session_id:s-a2');
      await expect
        .poll(() => app.queryText(), POLL)
        .toBe('actor:alice changes.role.new:* changes.role.old:member -raw.metadata.session_id:s-a2');
      await expect.poll(() => app.matchedCount(), POLL).toBe(0); // n=12 is in s-a2

      // A before/after pair: each side's value filters as changes.before.<key> / changes.after.<key>.
      await app.runQuery('changes.after.url:*');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await app.scrollDrawerTo('Changes');
      await app.drawerSection('Changes').getByRole('row').nth(1).hover();
      await screenshot(page, 'pivot-01b-drawer-changes-before-after');
      await drawer.filter('-changes.before.url:https://hooks.acme.io/audit/v2');
      await expect
        .poll(() => app.queryText(), POLL)
        .toBe('changes.after.url:* -changes.before.url:https://hooks.acme.io/audit/v2');
      await expect.poll(() => app.matchedCount(), POLL).toBe(0);
    });

    it('filters for and out the uid (quoted as it needs) and the second an event occurred in', async () => {
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      await app.waitForRows();
      await app.openRow(15); // newest first: n=5, 09:12:00
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000005');

      await drawer.filter('uid:evt_000005');
      await expect.poll(() => app.queryText(), POLL).toBe('actor:alice uid:evt_000005');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await drawer.filter('-uid:evt_000005');
      await expect.poll(() => app.queryText(), POLL).toBe('actor:alice -uid:evt_000005');
      await expect.poll(() => app.matchedCount(), POLL).toBe(19);

      // The time: + makes its second the range, − (on that range) flips it into an excluded second.
      const second = 'after:2025-01-01T09:12:00Z before:2025-01-01T09:12:01Z';
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      await app.waitForRows();
      await app.openRow(15);
      await drawer.filter(second);
      await expect.poll(() => app.queryText(), POLL).toBe(`actor:alice ${second}`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      expect(await count(`actor:alice ${second}`)).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await drawer.filter(`-(${second})`);
      await expect.poll(() => app.queryText(), POLL).toBe(`actor:alice -(${second})`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(19);
      // The same from the table: the selected row's Time cell has + / − too.
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      await app.waitForRows();
      await app.openRow(15);
      await app.cellPivot(`-(${second})`);
      await expect.poll(() => app.queryText(), POLL).toBe(`actor:alice -(${second})`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(19);

      // An id with a quote, a backslash, a star and spaces: written quoted and escaped, it finds that event alone.
      await app.runQuery('actor:carol');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await expect.poll(() => app.drawerField('uid'), POLL).toBe(ODD_UID);
      const quoted = 'uid:"evt \\"odd\\" \\\\ id\\*"';
      await drawer.filter(quoted);
      await expect.poll(() => app.queryText(), POLL).toBe(`actor:carol ${quoted}`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      // Its time has milliseconds: the second it falls in still holds it.
      await app.waitForRows();
      await app.openRow(0);
      await drawer.filter('after:2025-01-01T11:00:00Z before:2025-01-01T11:00:01Z');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await screenshot(page, 'pivot-04-drawer-time-uid-filter');
    });

    it('lists the same session and the same request with adjustable windows, and opens a related event', async () => {
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      await app.waitForRows();
      await app.openRow(15); // newest first: n=5, 09:12, session s-a1, request req-77
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000005');
      await expect.poll(() => drawer.relatedTitles(), POLL).toEqual(['actor', 'ip', 'session', 'request']);

      // ±1 h around 09:12 holds all of s-a1 (09:00–09:27); ±5 min only 09:09, 09:12, 09:15.
      await expect.poll(() => drawer.relatedCount('session'), POLL).toBe(10);
      expect(await count('session:s-a1')).toBe(10);
      await drawer.setWindow('session', '±5 min');
      await expect.poll(() => drawer.relatedCount('session'), POLL).toBe(3);
      const session = await drawer.relatedEvents('session');
      expect(session.texts).toHaveLength(3);
      expect(session.current).toBe(1);
      // The same request: alice's n=5 and bob's n=105 (09:13), within ±5 min.
      await expect.poll(() => drawer.relatedCount('request'), POLL).toBe(2);
      expect(await count('metadata.request_id:req-77')).toBe(2);
      await app.scrollDrawerTo('Related events');
      await screenshot(page, 'pivot-03-related-session-request');

      // A related event opens in the drawer: bob's request event, with alice's query kept switched off.
      const request = await drawer.relatedEvents('request');
      expect(request.current).toBe(0);
      await drawer.openRelated('request', 1);
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000105');
      expect(await app.queryText()).toMatch(/^metadata\.request_id:req-77 after:\S+ before:\S+$/);
      expect((await app.chipStates()).at(-1)).toBe('○actor:alice');
    });

    it('Show all keeps the user’s filters switched off and the anchor event selected, open and in view', async () => {
      await app.runQuery('actor:alice -outcome:failure');
      await expect.poll(() => app.matchedCount(), POLL).toBe(19);
      await app.waitForRows();
      await app.openRow(12); // newest first among 19 (n=7 left out): n=8, 09:21
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000008');
      await expect.poll(() => drawer.relatedCount('ip'), POLL).toBe(20);

      await drawer.showAll('ip');
      await expect.poll(() => app.queryText(), POLL).toMatch(/^ip:81\.2\.69\.143 after:\S+ before:\S+$/);
      await expect.poll(() => app.matchedCount(), POLL).toBe(20);
      const chips = await app.chipStates();
      expect(chips.slice(-2)).toEqual(['○actor:alice', '○-outcome:failure']);
      // The anchor is still the event shown, and its row is selected and on screen.
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000008');
      await expect.poll(() => app.selectedRowIndex(), POLL).not.toBeNull();
      expect(await app.cellOfSelectedRow('time')).toMatch(/09:21/);
      await screenshot(page, 'pivot-04-show-all-keeps-context');

      // A filter switched back on applies again.
      await app.toggleChip('-outcome:failure');
      await expect.poll(() => app.matchedCount(), POLL).toBe(19);
      expect(await app.chipStates()).toContain('+-outcome:failure');
    });
  },
);
