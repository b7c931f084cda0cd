// `user_agent:` and the dotted fields (`metadata.…`, `changes.…`, `raw.…`) against real DuckDB, on real-format records
// (CloudTrail, Okta, GitHub from test/fixtures/realshape) and generic records of our own. Each expected set is
// worked out in JavaScript from the events' own JSON (or written by hand), not by the SQL under test.
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { pathName, quoteValue } from '@shared/domain/query-edit';
import { parseQuery } from '@shared/domain/query-parser';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { countMatching, fieldValues, queryPage } from '../../src/main/core/store/events-query';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { ndjson } from '../helpers/records';
import { FIXTURES, tempDir } from '../helpers/temp';

const generic = (id: string, extra: object) => ({
  id,
  occurred_at: '2025-03-01T10:00:00Z',
  tenant_id: 'acme',
  action: 'user.role_changed',
  actor: { id: 'u1', type: 'user', name: 'Alice' },
  ...extra,
});

// Keys a JSON path would read as syntax, and values with quotes and stars.
const GENERIC = [
  generic('g1', {
    metadata: { session_id: 'ses_41c9', request_id: 'req-1' },
    changes: { role: { old: 'member', new: 'admin' } },
  }),
  generic('g2', { metadata: { session_id: 'ses_41c9' }, changes: { role: { old: 'admin', new: 'owner' } } }),
  generic('g3', { metadata: { session_id: 'ses_77' }, user_agent: 'curl/8.4.0' }),
  generic('g4', {
    metadata: {
      'a.b': 'dot',
      $: 'dollar',
      '[0]': 'bracket',
      '*': 'star',
      'x~y/z': 'tilde',
      'q\'"k': 'quote',
      'cr\r\nlf': 'crlf',
    },
  }),
  generic('g5', { metadata: { list: [{ id: 'first' }, { id: 'second' }], n: 42, flag: true, note: 'say "hi" *now*' } }),
];

let store: CaseStore;
let all: NormalizedEvent[];

beforeAll(async () => {
  store = await newCase({ tenantId: 'acme', multiTenant: true });
  const dir = await tempDir();
  const realshape = join(FIXTURES, 'realshape');
  await copyFile(join(realshape, 'cloudtrail', 'test-console-login-json.json.gz'), join(dir, 'ct.json.gz'));
  await copyFile(join(realshape, 'okta', 'test-okta-system-events.json'), join(dir, 'okta.json'));
  await copyFile(join(realshape, 'github', 'test-api-request-events.json'), join(dir, 'github.json'));
  await writeFile(join(dir, 'generic.ndjson'), ndjson(GENERIC));
  await importFiles(store, [dir]);
  all = await eventsInImportOrder(store);
});
afterAll(closeAll);

const uids = async (query: string) =>
  (await queryPage(store, { query: parseQuery(query), order: 'asc', limit: 1000, timeZone: 'UTC' })).events
    .map((e) => e.uid)
    .sort();

/** The value at `keys` as json_extract_string gives it: strings as they are, anything else as JSON. */
function at(root: unknown, keys: string[]): string | null {
  let node = root;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined || node === null) return null;
  return typeof node === 'string' ? node : JSON.stringify(node);
}

const expected = (pick: (e: NormalizedEvent) => boolean) =>
  all
    .filter(pick)
    .map((e) => e.uid)
    .sort();

describe('user_agent:', () => {
  it('matches the column exactly, case-insensitively, with wildcards and negation, across formats', async () => {
    const firefox = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:72.0) Gecko/20100101 Firefox/72.0';
    const okta = await uids(`user_agent:${quoteValue(firefox.toUpperCase())}`);
    expect(okta.length).toBeGreaterThan(0);
    expect(okta).toEqual(expected((e) => e.user_agent === firefox));
    // CloudTrail's userAgent and GitHub's user_agent land in the same column.
    expect(await uids('user_agent:*firefox/24.0')).toEqual(
      expected((e) => /firefox\/24\.0$/i.test(e.user_agent ?? '')),
    );
    expect(expected((e) => e.format === 'cloudtrail' && /Firefox\/24/.test(e.user_agent ?? '')).length).toBeGreaterThan(
      0,
    );
    expect(await uids('user_agent:curl/*')).toEqual(expected((e) => /^curl\//i.test(e.user_agent ?? '')));
    expect(expected((e) => e.format === 'github' && e.user_agent === 'curl/7.79.1')).toHaveLength(1);
    // Negation keeps events with no user agent at all.
    expect(await uids('-user_agent:curl/*')).toEqual(expected((e) => !/^curl\//i.test(e.user_agent ?? '')));
  });

  it('is suggested by events.values, by substring, most frequent first', async () => {
    const values = await fieldValues(store, null, { field: 'user_agent', prefix: 'curl', timeZone: 'UTC' });
    expect(values.map((v) => v.value).sort()).toEqual(['curl/7.79.1', 'curl/8.4.0']);
  });
});

describe('dotted fields', () => {
  it('raw.userIdentity.arn on CloudTrail, by hand', async () => {
    const john = await uids('raw.userIdentity.arn:arn:aws:iam::111122223333:user/JohnDoe');
    expect(john).toEqual(['3fcfb182-98f8-4744-bd45-10aEXAMPLE']);
    expect(await uids('raw.userIdentity.arn:*JaneDoe')).toHaveLength(
      all.filter((e) => at(e.raw, ['userIdentity', 'arn'])?.endsWith('JaneDoe')).length,
    );
  });

  it('metadata.requestID on CloudTrail and raw.debugContext.debugData.requestId on Okta', async () => {
    const ct = all.find((e) => e.format === 'cloudtrail' && at(e.metadata, ['eventSource']) !== null);
    expect(ct).toBeDefined();
    const okta = await uids('raw.debugContext.debugData.requestId:XkccyyMli2Uay2I93ZgRzQAAB0c');
    expect(okta.length).toBeGreaterThan(0);
    expect(okta).toEqual(
      expected((e) => at(e.raw, ['debugContext', 'debugData', 'requestId']) === 'XkccyyMli2Uay2I93ZgRzQAAB0c'),
    );
    expect(await uids('metadata.eventSource:signin.*')).toEqual(
      expected((e) => at(e.metadata, ['eventSource'])?.startsWith('signin.') === true),
    );
  });

  it('Okta sessions by raw path, GitHub by a number, generic by metadata: the same answer as JavaScript', async () => {
    for (const [query, column, keys, value] of [
      [
        'raw.authenticationContext.externalSessionId:102nZHzd6OHSfGG51vsoc22gw',
        'raw',
        ['authenticationContext', 'externalSessionId'],
        '102nZHzd6OHSfGG51vsoc22gw',
      ],
      ['raw.actor_id:11111', 'raw', ['actor_id'], '11111'],
      ['metadata.session_id:SES_41C9', 'metadata', ['session_id'], 'ses_41c9'],
      ['changes.role.new:admin', 'changes', ['role', 'new'], 'admin'],
      ['metadata.list.1.id:second', 'metadata', ['list', '1', 'id'], 'second'],
      ['metadata.n:42', 'metadata', ['n'], '42'],
      ['metadata.flag:true', 'metadata', ['flag'], 'true'],
    ] as const) {
      const got = await uids(query);
      expect(got.length, query).toBeGreaterThan(0);
      expect(got, query).toEqual(
        expected(
          (e) =>
            at(column === 'raw' ? e.raw : column === 'metadata' ? e.metadata : e.changes, [...keys])?.toLowerCase() ===
            value.toLowerCase(),
        ),
      );
    }
  });

  it('negation keeps the events without the key; OR and wildcards combine', async () => {
    expect(await uids('-metadata.session_id:ses_41c9')).toEqual(
      expected((e) => at(e.metadata, ['session_id']) !== 'ses_41c9'),
    );
    expect(await uids('changes.role.new:admin OR changes.role.new:own*')).toEqual(['g1', 'g2']);
    expect(await countMatching(store, parseQuery('metadata.session_id:*'), { timeZone: 'UTC' })).toBe(
      all.filter((e) => at(e.metadata, ['session_id']) !== null).length,
    );
  });

  it('keys that are JSON-path syntax are plain keys: dots, `$`, `[0]`, `*`, `~` and `/`, quotes, CR/LF', async () => {
    for (const [key, value] of [
      ['a.b', 'dot'],
      ['$', 'dollar'],
      ['[0]', 'bracket'],
      ['*', 'star'],
      ['x~y/z', 'tilde'],
      ['q\'"k', 'quote'],
      ['cr\r\nlf', 'crlf'],
    ]) {
      const query = `${pathName('metadata', [key as string])}:${value as string}`;
      expect(await uids(query), query).toEqual(['g4']);
    }
    // The same key unquoted where that is allowed.
    expect(await uids('metadata.$:dollar')).toEqual(['g4']);
    expect(await uids('metadata.x~y/z:tilde')).toEqual(['g4']);
    // A look-alike path does not reach into the key: `a.b` is not a → b.
    expect(await uids('metadata.a.b:dot')).toEqual([]);
  });

  it('a value with quotes and literal stars matches as written', async () => {
    expect(await uids(`metadata.note:${quoteValue('say "hi" *now*')}`)).toEqual(['g5']);
    expect(await uids('metadata.note:"say \\"hi\\" \\*now*"')).toEqual(['g5']);
    expect(await uids('metadata.note:"say \\"hi\\" \\*now\\*x"')).toEqual([]);
  });
});
