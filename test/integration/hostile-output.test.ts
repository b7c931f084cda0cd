// Security regressions (issue 14 items 1, 6 and 9), with the real binary on a case of hostile records:
// * terminal escapes: an OSC 52 clipboard write, a screen clear, an OSC 8 link, a C1 CSI and a right-to-left
//   override in actors, actions, targets, a tenant and a file name reached the terminal raw from every
//   human-readable output (table, facets, stats, rejects, source list);
// * CSV rows a spreadsheet executes: a lone LF or CR in a cell started a new row holding a live formula;
// * query nesting: `-(` 2 000 times overflowed the parser's stack (exit 1 in the CLI, INTERNAL through the engine).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_DEPTH } from '@shared/domain/query-parser';
import { dispatch } from '../../src/main/core/bridge/dispatch';
import { createEngine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { describeRun, lastJson, runCli, type CliResult } from '../helpers/cli';
import { genericRecord, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

const OSC52 = '\x1b]52;c;cm0gLXJmIH4K\x07';
const CLEAR = '\x1b[2J';
const OSC8 = '\x1b]8;;https://attacker.example/\x07click me\x1b]8;;\x07';
const RLO = '\u202e';
const CSI8 = '\x9b31m';

const ACTOR_EMAIL = `mallory${OSC8}@evil.example`;
const ACTOR_NAME = `Mallory${OSC52}`;
const TARGET = `invoice${RLO}fdp.exe${CLEAR}`;
const ACTION = `user.login${RLO}${CSI8}`;
const USER_AGENT = `curl${OSC52}${RLO}`;
const TENANT = `evil${CLEAR}${RLO}`;
const FILE_NAME = `logs${CLEAR}${RLO}.ndjson`;
const SOURCE_NAME = `feed${OSC52}${RLO}`;

/** What must never reach a terminal raw: ESC, BEL, a C1 control, a bidi override. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\x1b\x07\x80-\x9f\u202e]/;

/** Cells a spreadsheet would run: one whose first non-blank character is = + - @, or that starts with tab, CR, LF. */
const FORMULA_START = /^\s*[=+\-@]|^[\t\r\n]/;

function expectExit(result: CliResult, code: number): void {
  expect(result.code, describeRun(result)).toBe(code);
}

function expectShownNotObeyed(result: CliResult, visible: string[]): void {
  const printed = result.stdout + result.stderr;
  expect(printed, describeRun(result)).not.toMatch(RAW);
  for (const text of visible) expect(printed, describeRun(result)).toContain(text);
}

const negatedGroups = (n: number) => '-('.repeat(n) + 'action:x' + ')'.repeat(n);

describe('a case of hostile records', () => {
  let dir = '';
  let path = '';
  const records = [
    genericRecord(1, {
      action: ACTION,
      actor: { id: 'usr_m', type: 'user', name: ACTOR_NAME, email: ACTOR_EMAIL },
      target: { type: 'document', id: 'doc_1', name: TARGET },
      user_agent: USER_AGENT,
    }),
    // Cells that started a new row in CSV: a lone LF and a lone CR before a formula, and blanks before one.
    genericRecord(2, {
      actor: { id: '\n=1+1', type: 'user', name: '\r=3+3', email: null },
      target: { type: 'document', id: 'doc_2', name: ' \t=2+2' },
      user_agent: '\r\n@SUM(A1)',
    }),
    genericRecord(3),
    genericRecord(4, { tenant_id: TENANT }),
  ];

  beforeAll(async () => {
    // Shared by the tests here (they only read, but for the last one's source), so not a per-test tempDir().
    dir = await mkdtemp(join(tmpdir(), 'trailscope-hostile-'));
    const file = join(dir, FILE_NAME);
    await writeFile(file, ndjson(records));
    path = join(dir, 'case.duckdb');
    expectExit(await runCli(['case', 'create', path, '--tenant', 'acme']), 0);
    const imported = await runCli(['import', path, file, '--json']);
    expectExit(imported, 3);
    expect(lastJson(imported)).toEqual({ files: 1, added: 3, duplicates: 0, rejected: 1 });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('query shows every control character of a table cell as an escape, in columns measured on the escapes', async () => {
    const result = await runCli(['query', path, '--order', 'asc']);

    expectExit(result, 0);
    expectShownNotObeyed(result, [
      '\\x1b]8;;https://attacker.example/\\x07',
      '\\u202e',
      '\\x9b31m',
      '\\r=3+3',
      ' \\t=2+2',
    ]);
    const [header, ...rows] = result.stdout.split('\n').filter((l) => l !== '');
    expect(rows).toHaveLength(3);
    // The IP column starts at the same offset in every row only if the widths were measured on what is shown.
    const ipAt = header?.indexOf('IP') ?? -1;
    expect(rows.map((row) => row.slice(ipAt))).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
  });

  it('facets, stats and rejects show the escapes too', async () => {
    const [facets, stats, rejects] = await Promise.all([
      runCli(['facets', path]),
      runCli(['stats', path]),
      runCli(['rejects', path]),
    ]);

    for (const result of [facets, stats]) expectExit(result, 0);
    expectShownNotObeyed(facets, ['\\u202e', '\\x9b31m', '\\x1b]8;;https://attacker.example/\\x07']);
    expectShownNotObeyed(stats, ['user.login\\u202e\\x9b31m', '\\x1b]8;;https://attacker.example/\\x07']);
    expectExit(rejects, 0);
    // The reject names the file (its name is hostile) and quotes the record's tenant (hostile too).
    expectShownNotObeyed(rejects, [`logs\\x1b[2J\\u202e.ndjson:4: tenant mismatch`, 'tenant evil\\x1b[2J\\u202e']);
  });

  it('--json and ndjson carry the values exactly, with nothing raw a terminal would obey', async () => {
    const results = await Promise.all([
      runCli(['query', path, '--output', 'ndjson', '--order', 'asc']),
      runCli(['facets', path, '--json']),
      runCli(['stats', path, '--json']),
      runCli(['rejects', path, '--json']),
    ]);

    for (const result of results) {
      expectExit(result, 0);
      expect(result.stdout, describeRun(result)).not.toMatch(RAW);
    }
    const first = JSON.parse(results[0]?.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({
      action: ACTION,
      actor_email: ACTOR_EMAIL,
      actor_name: ACTOR_NAME,
      target_name: TARGET,
      user_agent: USER_AGENT,
    });
    expect(JSON.stringify(lastJson(results[1] as CliResult))).toContain(JSON.stringify(ACTION));
  });

  it('--output csv keeps one row per event, with no cell a spreadsheet would run', async () => {
    const result = await runCli(['query', path, '--output', 'csv', '--order', 'asc']);

    expectExit(result, 0);
    // Some spreadsheets end a row at a lone CR or LF: read it back the way they do.
    const rows = parse(result.stdout, { record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    expect(rows).toHaveLength(4);
    const header = rows[0] ?? [];
    for (const row of rows) {
      expect(row).toHaveLength(header.length);
      for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(FORMULA_START);
    }
    const second = Object.fromEntries(header.map((column, i) => [column, rows[2]?.[i]]));
    expect(second).toMatchObject({
      uid: 'evt_000002',
      actor_id: "'\n=1+1",
      actor_name: "'\r=3+3",
      target_name: "' \t=2+2",
      user_agent: "'\r\n@SUM(A1)",
    });
    // CSV is for spreadsheets: control characters stay in their (quoted) cells.
    expect(rows[1]?.[header.indexOf('user_agent')]).toBe(USER_AGENT);
  });

  it('source list shows a hostile source name as escapes', async () => {
    const added = await runCli(
      [
        'source',
        'add',
        path,
        'api',
        '--preset',
        'generic',
        '--base-url',
        'https://127.0.0.1:9/',
        '--token-env',
        'T',
      ].concat(['--name', SOURCE_NAME]),
    );
    expectExit(added, 0);
    expectShownNotObeyed(added, ['feed\\x1b]52;c;cm0gLXJmIH4K\\x07\\u202e']);

    const listed = await runCli(['source', 'list', path]);
    expectExit(listed, 0);
    expectShownNotObeyed(listed, ['feed\\x1b]52;c;cm0gLXJmIH4K\\x07\\u202e']);
  });
});

describe('query nesting', () => {
  it(`the CLI takes ${MAX_QUERY_DEPTH} levels and answers 2 000 with a usage error pointing at the column`, async () => {
    const dir = await tempDir();
    const path = join(dir, 'case.duckdb');
    expectExit(await runCli(['case', 'create', path, '--tenant', 'acme']), 0);

    const deepest = await runCli(['query', path, negatedGroups(MAX_QUERY_DEPTH)]);
    expectExit(deepest, 0);
    const tooDeep = await runCli(['query', path, negatedGroups(2_000)]);
    expectExit(tooDeep, 2);
    expect(tooDeep.stderr).toContain(`too deeply nested \`(\` at column ${2 * MAX_QUERY_DEPTH + 2}`);
    expect(tooDeep.stderr).toContain(`\n  ${' '.repeat(2 * MAX_QUERY_DEPTH + 1)}^`);
  });

  it('the engine runs a query nested to the limit and refuses 2 000 levels with USAGE, not INTERNAL', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    const file = join(dir, 'events.ndjson');
    await writeFile(file, ndjson([genericRecord(0), genericRecord(1), genericRecord(2)]));
    expectExit(await runCli(['case', 'create', casePath, '--tenant', 'acme']), 0);
    expectExit(await runCli(['import', casePath, file]), 0);
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore({}), readOnly: true });
    try {
      const page = (query: string) =>
        dispatch(engine.handlers, 'events.page', { query, timeZone: 'UTC', order: 'asc', limit: 10 });

      // 64 negations cancel out: the events of action user.signed_in (records 0 and 2).
      const deepest = await page(negatedGroups(MAX_QUERY_DEPTH).replace('action:x', 'action:user.signed_in'));
      expect(deepest, JSON.stringify(deepest)).toMatchObject({ ok: true });
      expect((deepest as { value: { events: { uid: string }[] } }).value.events.map((e) => e.uid).sort()).toEqual([
        'evt_000000',
        'evt_000002',
      ]);
      expect(await page(negatedGroups(2_000))).toEqual({
        ok: false,
        error: {
          code: 'USAGE',
          message: `too deeply nested \`(\` at column ${2 * MAX_QUERY_DEPTH + 2} — at most ${MAX_QUERY_DEPTH} levels`,
        },
      });
    } finally {
      await engine.close();
    }
  });
});
