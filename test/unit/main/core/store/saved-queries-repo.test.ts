// Saved queries in a real case file: created, replaced by name (any case), renamed, removed, each journalled with
// the OS user; names of any script kept exactly, hostile ones refused with a message that says why; a read-only
// case refuses every change; rows written by someone else's Trailscope are read back checked.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAVED_NAME_MAX, type SavedQueryDraft } from '@shared/domain/saved-queries';
import { CaseStore, osUser } from '../../../../../src/main/core/store/case-store';
import { listJournal } from '../../../../../src/main/core/store/journal-repo';
import {
  getSavedQuery,
  listSavedQueries,
  removeSavedQuery,
  saveSavedQuery,
} from '../../../../../src/main/core/store/saved-queries-repo';
import { FIXTURES, tempDir } from '../../../../helpers/temp';

const opened: CaseStore[] = [];
afterEach(() => opened.splice(0).forEach((store) => store.close()));

async function freshCase(): Promise<CaseStore> {
  const store = await CaseStore.create(join(await tempDir(), 'case.duckdb'), { tenantId: 'acme' });
  opened.push(store);
  return store;
}

const draft = (name: string, over: Partial<SavedQueryDraft> = {}): SavedQueryDraft => ({
  name,
  query: 'outcome:failure',
  columns: null,
  from: null,
  to: null,
  zone: null,
  ...over,
});

describe('saved queries in the case file', () => {
  it('creates one with every field, and lists it as saved, with who and when', async () => {
    const store = await freshCase();
    const before = Date.now();
    const { saved, replaced } = await saveSavedQuery(
      store,
      draft('Failed logins', {
        query: 'action:user.login -outcome:success',
        columns: ['time', 'actor', 'ip'],
        from: '2025-10-16',
        to: '2025-10-17T06:00:00+02:00',
        zone: 'Europe/Berlin',
      }),
    );

    expect(replaced).toBe(false);
    expect(saved).toMatchObject({
      name: 'Failed logins',
      query: 'action:user.login -outcome:success',
      columns: ['time', 'actor', 'ip'],
      from: '2025-10-16',
      to: '2025-10-17T06:00:00+02:00',
      zone: 'Europe/Berlin',
      createdBy: osUser(),
      updatedBy: osUser(),
    });
    expect(saved.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(saved.createdAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(await listSavedQueries(store)).toEqual([saved]);
  });

  it('replaces by name whatever its case, keeping when it was first saved, and journals both', async () => {
    const store = await freshCase();
    const first = (await saveSavedQuery(store, draft('Admin changes'))).saved;
    const { saved, replaced } = await saveSavedQuery(
      store,
      draft('ADMIN changes', { query: 'category:config', columns: ['time', 'action'] }),
    );

    expect(replaced).toBe(true);
    expect(await listSavedQueries(store)).toEqual([saved]);
    expect(saved).toMatchObject({ name: 'ADMIN changes', query: 'category:config', columns: ['time', 'action'] });
    expect(saved.createdAt).toBe(first.createdAt);
    const journal = (await listJournal(store)).filter((e) => e.action.startsWith('saved.'));
    expect(journal.map((e) => [e.action, e.detail['name'], e.detail['replaced'], e.osUser])).toEqual([
      ['saved.save', 'Admin changes', false, osUser()],
      ['saved.save', 'ADMIN changes', true, osUser()],
    ]);
  });

  it('folds case the Unicode way: ß and SS, composed and decomposed é, are one name', async () => {
    const store = await freshCase();
    await saveSavedQuery(store, draft('Straße'));
    await saveSavedQuery(store, draft('STRASSE', { query: 'ip:10.0.0.1' }));
    await saveSavedQuery(store, draft('Café'));
    await saveSavedQuery(store, draft('Cafe\u0301', { query: 'actor:bob' }));

    expect((await listSavedQueries(store)).map((s) => [s.name, s.query])).toEqual([
      ['Cafe\u0301', 'actor:bob'],
      ['STRASSE', 'ip:10.0.0.1'],
    ]);
    expect((await getSavedQuery(store, 'strasse')).name).toBe('STRASSE');
  });

  it('keeps names of any script, emoji and right-to-left text exactly, and trims the spaces around them', async () => {
    const store = await freshCase();
    const names = [
      '登录失败',
      'Ошибки входа',
      'تسجيل الدخول',
      '🔥 incident — 192.0.2.66',
      "Robert'); DROP TABLE events;--",
    ];
    for (const name of names) await saveSavedQuery(store, draft(name));
    await saveSavedQuery(store, draft('  padded  '));

    const listed = (await listSavedQueries(store)).map((s) => s.name);
    expect([...listed].sort()).toEqual([...names, 'padded'].sort());
    expect(await getSavedQuery(store, "robert'); drop table events;--")).toMatchObject({ query: 'outcome:failure' });
  });

  it('refuses control characters, lone surrogates, empty and over-long names, saying why', async () => {
    const store = await freshCase();
    const refused: [string, RegExp][] = [
      ['evil\x1b]52;c;aGk=\x07', /control characters \(U\+001B at character 5\)/],
      ['two\nlines', /control characters \(U\+000A at character 4\)/],
      ['c1\u009bcsi', /control characters \(U\+009B/],
      ['para\u2029graph', /control characters \(U\+2029/],
      ['half \ud83d surrogate', /control characters \(U\+D83D at character 6\)/],
      ['   ', /needs a name/],
      [
        'x'.repeat(SAVED_NAME_MAX + 1),
        new RegExp(`at most ${SAVED_NAME_MAX} characters; this one has ${SAVED_NAME_MAX + 1}`),
      ],
    ];
    for (const [name, message] of refused)
      await expect(saveSavedQuery(store, draft(name)), JSON.stringify(name)).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(message),
      });
    // The cap counts characters, not UTF-16 units: 100 emoji are 200 units and fit.
    await saveSavedQuery(store, draft('🔥'.repeat(SAVED_NAME_MAX)));
    expect(await listSavedQueries(store)).toHaveLength(1);
    expect((await listJournal(store)).filter((e) => e.action.startsWith('saved.'))).toHaveLength(1);
  });

  it('renames, keeping the record, and refuses a rename onto another saved name', async () => {
    const store = await freshCase();
    const original = (await saveSavedQuery(store, draft('old name', { query: 'actor:alice' }))).saved;
    await saveSavedQuery(store, draft('taken'));

    await expect(saveSavedQuery(store, draft('TAKEN'), 'old name')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('already named "taken"'),
    });
    await expect(saveSavedQuery(store, draft('x'), 'no such')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('No saved query is named "no such"'),
    });
    const { saved } = await saveSavedQuery(store, draft('new name', { query: 'actor:alice' }), 'OLD NAME');
    // A rename that only changes case is the same record.
    await saveSavedQuery(store, draft('New Name', { query: 'actor:alice' }), 'new name');

    expect((await listSavedQueries(store)).map((s) => s.name)).toEqual(['New Name', 'taken']);
    expect(saved.createdAt).toBe(original.createdAt);
    const renames = (await listJournal(store)).filter((e) => e.detail['previousName'] !== undefined);
    expect(renames.map((e) => [e.detail['previousName'], e.detail['name']])).toEqual([
      ['old name', 'new name'],
      ['new name', 'New Name'],
    ]);
  });

  it('removes by name (any case) and journals what it held; an unknown name is a usage error', async () => {
    const store = await freshCase();
    await saveSavedQuery(store, draft('Exports', { query: 'action:*export*' }));
    const removed = await removeSavedQuery(store, 'exports');

    expect(removed).toMatchObject({ name: 'Exports', query: 'action:*export*' });
    expect(await listSavedQueries(store)).toEqual([]);
    const last = (await listJournal(store)).at(-1);
    expect(last).toMatchObject({ action: 'saved.remove', detail: { name: 'Exports', query: 'action:*export*' } });
    await expect(removeSavedQuery(store, 'Exports')).rejects.toMatchObject({
      code: 'USAGE',
      message: 'No saved query is named "Exports" in this case.',
    });
  });

  it('refuses every change on a case open read-only, and lists none in an older case opened so', async () => {
    const store = await freshCase();
    await saveSavedQuery(store, draft('kept'));
    store.close();
    opened.splice(opened.indexOf(store), 1);
    const reader = await CaseStore.open(store.path, { readOnly: true });
    opened.push(reader);

    await expect(saveSavedQuery(reader, draft('new'))).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(removeSavedQuery(reader, 'kept')).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect((await listSavedQueries(reader)).map((s) => s.name)).toEqual(['kept']);

    // A version-1 case opened read-only is not migrated: it has no saved_queries table, and so no saved queries.
    const old = join(await tempDir(), 'v1.duckdb');
    await copyFile(join(FIXTURES, 'cases', 'v1-generic.duckdb'), old);
    const oldReader = await CaseStore.open(old, { readOnly: true });
    opened.push(oldReader);
    expect(await listSavedQueries(oldReader)).toEqual([]);
    await expect(getSavedQuery(oldReader, 'x')).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('reads rows written elsewhere with unknown or repeated columns as the known ones, once', async () => {
    const store = await freshCase();
    await store.connection.run(
      `INSERT INTO saved_queries VALUES ('odd', 'odd', '', ['time', 'bogus', 'ip', 'ip'], NULL, NULL, NULL,
         now(), 'someone', now(), 'someone'),
       ('none', 'none', '', ['bogus'], NULL, NULL, NULL, now(), 'someone', now(), 'someone')`,
    );
    expect((await listSavedQueries(store)).map((s) => [s.name, s.columns])).toEqual([
      ['none', null],
      ['odd', ['time', 'ip']],
    ]);
  });
});
