// The CLI as a user meets it: the real binary in a child process, its exit codes (0 ok, 1 error, 2 usage,
// 3 completed with rejects), --json as exactly one line on stdout, and what query/stats/rejects print.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/main/core/store/case-store';
import { EXPORT_COLUMNS } from '@shared/domain/exports';
import { BIN, describeRun, lastJson, REPO_ROOT, runCli, stdoutLines, type CliResult } from '../helpers/cli';
import { genericRecord, ndjson } from '../helpers/records';
import { FIXTURES, tempDir } from '../helpers/temp';

const GENERIC = join(FIXTURES, 'formats', 'generic');
/** 8 lines, 8 distinct valid records (FORMATS.md README): all land, none duplicate, none rejected. */
const CLEAN = join(GENERIC, 'records.ndjson');
/** Line 2 lacks a timestamp, line 3 is broken JSON, line 5 repeats line 1's id: 3 added, 1 duplicate, 2 rejected. */
const REJECTS = join(GENERIC, 'rejects.ndjson');

/** The normalized columns DESIGN §3 names. */
const DESIGN_COLUMNS = [
  'uid',
  'tenant_id',
  'occurred_at',
  'received_at',
  'action',
  'category',
  'outcome',
  'actor_id',
  'actor_type',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'targets',
  'ip',
  'user_agent',
  'changes',
  'metadata',
  'raw',
  'source_id',
  'source_ref',
  'ingest_seq',
  'chain_seq',
  'chain_hash',
  'chain_prev',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function expectExit(result: CliResult, code: number): void {
  expect(result.code, describeRun(result)).toBe(code);
}

function eventsOf(result: CliResult): Record<string, unknown>[] {
  return stdoutLines(result).map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function createCase(dir: string, tenant: string, ...flags: string[]): Promise<string> {
  const path = join(dir, 'case.duckdb');
  expectExit(await runCli(['case', 'create', path, '--tenant', tenant, ...flags]), 0);
  return path;
}

describe('help', () => {
  const HELP: [string[], string[]][] = [
    [[], ['case', 'import', 'query', 'facets', 'histogram', 'stats', 'rejects', 'demo', 'detect']],
    [['case'], ['create']],
    [
      ['case', 'create'],
      ['--tenant', '--multi-tenant', '--json'],
    ],
    [['import'], ['--format', '--json']],
    [['query'], ['--limit', '--order', '--output']],
    [['stats'], ['--json']],
    [['rejects'], ['--json']],
    [['detect'], ['--rules', '--json']],
  ];

  it('exits 0 and names the options, for the top level and every command', async () => {
    const results = await Promise.all(HELP.map(([command]) => runCli([...command, '--help'])));

    results.forEach((result, i) => {
      const [command, names] = HELP[i] ?? [[], []];
      expectExit(result, 0);
      const text = result.stdout + result.stderr;
      expect(text, `help of "${command.join(' ')}"`).toContain(`Usage: trailscope ${command.join(' ')}`.trimEnd());
      for (const name of names) expect(text, `help of "${command.join(' ')}"`).toContain(name);
    });
  });
});

describe('case create', () => {
  it('prints exactly one line of JSON describing the new case', async () => {
    const path = join(await tempDir(), 'case.duckdb');

    const result = await runCli(['case', 'create', path, '--tenant', 'acme', '--json']);

    expectExit(result, 0);
    expect(stdoutLines(result)).toHaveLength(1);
    expect(lastJson(result)).toEqual({ case: path, tenant: 'acme', multiTenant: false });
    expect(existsSync(path)).toBe(true);
  });

  it('refuses to create a case where a file already exists, naming the path', async () => {
    const path = await createCase(await tempDir(), 'acme');

    const result = await runCli(['case', 'create', path, '--tenant', 'acme', '--json']);

    expectExit(result, 1);
    expect(result.stderr).toContain(path);
  });

  it('keeps the session gap given with --session-gap, and refuses one out of range as a usage error', async () => {
    const dir = await tempDir();
    const path = await createCase(dir, 'acme', '--session-gap', '45');
    const store = await CaseStore.open(path, { readOnly: true });
    expect(store.meta.sessionGapMinutes).toBe(45);
    store.close();

    for (const gap of ['0', '10081', '1.5', 'x']) {
      const result = await runCli([
        'case',
        'create',
        join(dir, `bad-${gap}.duckdb`),
        '--tenant',
        'a',
        '--session-gap',
        gap,
      ]);
      expectExit(result, 2);
      expect(result.stderr).toContain('--session-gap takes whole minutes from 1 to 10080');
    }
  });
});

describe('import', () => {
  it('reports files/added/duplicates/rejected as one JSON line, and a re-import adds nothing', async () => {
    expect(readFileSync(CLEAN, 'utf8').trimEnd().split('\n')).toHaveLength(8);
    const path = await createCase(await tempDir(), 'ws_acme');

    const first = await runCli(['import', path, CLEAN, '--json']);
    const again = await runCli(['import', path, CLEAN, '--json']);

    expectExit(first, 0);
    expect(stdoutLines(first)).toHaveLength(1);
    const summary = lastJson(first) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(['added', 'duplicates', 'files', 'rejected']);
    expect(summary).toEqual({ files: 1, added: 8, duplicates: 0, rejected: 0 });

    expectExit(again, 0);
    expect(stdoutLines(again)).toHaveLength(1);
    expect(lastJson(again)).toEqual({ files: 1, added: 0, duplicates: 8, rejected: 0 });
  });

  it('exits 3 when records were rejected, and `rejects` says where and why', async () => {
    const path = await createCase(await tempDir(), 'ws_acme');

    const imported = await runCli(['import', path, REJECTS, '--json']);
    const [asJson, asText] = await Promise.all([runCli(['rejects', path, '--json']), runCli(['rejects', path])]);

    expectExit(imported, 3);
    expect(lastJson(imported)).toEqual({ files: 1, added: 3, duplicates: 1, rejected: 2 });

    expectExit(asJson, 0);
    expect(stdoutLines(asJson)).toHaveLength(1);
    const { rejects } = lastJson(asJson) as { rejects: { object_key: string; line: number | null; reason: string }[] };
    expect(rejects.map((r) => [r.object_key, r.line])).toEqual([
      [REJECTS, 2],
      [REJECTS, 3],
    ]);
    expect(rejects[0]?.reason.toLowerCase()).toContain('timestamp');
    expect(rejects[1]?.reason.toLowerCase()).toContain('json');

    expectExit(asText, 0);
    const lines = stdoutLines(asText);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${escapeRegExp(REJECTS)}:2: .*timestamp`, 'i'));
    expect(lines[1]).toMatch(new RegExp(`^${escapeRegExp(REJECTS)}:3: .*json`, 'i'));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('usage errors exit 2', () => {
  it('an unknown option, a bad --format, --limit 0, a missing --tenant', async () => {
    const dir = await tempDir();
    const path = await createCase(dir, 'acme');
    const uncreated = join(dir, 'no-tenant.duckdb');

    const [unknown, format, limit, tenant] = await Promise.all([
      runCli(['query', path, '--bogus']),
      runCli(['import', path, CLEAN, '--format', 'bogus']),
      runCli(['query', path, '--limit', '0']),
      runCli(['case', 'create', uncreated]),
    ]);

    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('--bogus');
    expectExit(format, 2);
    expect(format.stderr).toContain('bogus');
    expectExit(limit, 2);
    expect(limit.stderr).toContain('--limit');
    expectExit(tenant, 2);
    expect(tenant.stderr).toContain('--tenant');
    expect(existsSync(uncreated)).toBe(false);
    for (const result of [unknown, format, limit, tenant]) expect(result.stdout).toBe('');
  });
});

describe('errors exit 1', () => {
  it('a case path that does not exist, and a file that is not a case, each named', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'missing.duckdb');
    const notACase = join(dir, 'notes.duckdb');
    const bytes = 'these are meeting notes, not a database\n';
    await writeFile(notACase, bytes);

    const [query, importInto, stats, importMissing] = await Promise.all([
      runCli(['query', missing]),
      runCli(['import', notACase, CLEAN]),
      runCli(['stats', notACase, '--json']),
      createCase(dir, 'acme').then((path) => runCli(['import', path, join(dir, 'no-such-folder')])),
    ]);

    expectExit(query, 1);
    expect(query.stderr).toContain(missing);
    expect(existsSync(missing)).toBe(false);
    expectExit(importInto, 1);
    expect(importInto.stderr).toContain(notACase);
    expectExit(stats, 1);
    expect(stats.stderr).toContain(notACase);
    expectExit(importMissing, 1);
    expect(importMissing.stderr).toContain(`error: No file or folder at ${join(dir, 'no-such-folder')}.`);
    // A user's file that happened to be passed as a case must come out untouched.
    expect(readFileSync(notACase, 'utf8')).toBe(bytes);
  });
});

describe('query and stats on 250 generic events', () => {
  const COUNT = 250;
  const FORMULA = '=SUM(A1:A9)';
  const START = Date.UTC(2025, 0, 1);
  // genericRecord(n): minute n of 2025-01-01, even n user.signed_in / odd n document.accessed, actor user{n % 7}.
  // Record 0's actor is replaced by one with no email whose name a spreadsheet would run as a formula.
  const records = Array.from({ length: COUNT }, (_, n) =>
    genericRecord(n, n === 0 ? { actor: { id: 'usr_formula', type: 'user', name: FORMULA } } : {}),
  );
  let dir: string;
  let path: string;

  beforeAll(async () => {
    // Shared by every test here (they only read), so not a per-test tempDir().
    dir = await mkdtemp(join(tmpdir(), 'trailscope-cli-'));
    const file = join(dir, 'events.ndjson');
    await writeFile(file, ndjson(records));
    path = await createCase(dir, 'acme');
    const imported = await runCli(['import', path, file, '--json']);
    expectExit(imported, 0);
    expect(lastJson(imported)).toEqual({ files: 1, added: COUNT, duplicates: 0, rejected: 0 });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('--output ndjson --limit 3 --order asc gives the 3 earliest events with the DESIGN columns', async () => {
    const result = await runCli(['query', path, '--output', 'ndjson', '--limit', '3', '--order', 'asc']);

    expectExit(result, 0);
    const events = eventsOf(result);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(Object.keys(event)).toEqual(expect.arrayContaining(DESIGN_COLUMNS));
      for (const key of Object.keys(event)) expect(EXPORT_COLUMNS as readonly string[]).toContain(key);
      expect(event['occurred_at']).toMatch(ISO_UTC);
      expect(event['received_at']).toMatch(ISO_UTC);
      expect(event['tenant_id']).toBe('acme');
    }
    expect(events.map((e) => e['uid'])).toEqual(['evt_000000', 'evt_000001', 'evt_000002']);
    expect(events.map((e) => Date.parse(String(e['occurred_at'])))).toEqual([START, START + 60_000, START + 120_000]);
    expect(events[1]).toMatchObject({
      action: 'document.accessed',
      actor_id: 'usr_1',
      actor_name: 'User 1',
      actor_email: 'user1@acme.io',
      ip: '203.0.113.1',
      outcome: 'success',
    });
  });

  it('--order desc lists exactly the reverse of --order asc', async () => {
    const [asc, desc, descTop] = await Promise.all([
      runCli(['query', path, '--output', 'ndjson', '--limit', '1000', '--order', 'asc']),
      runCli(['query', path, '--output', 'ndjson', '--limit', '1000', '--order', 'desc']),
      runCli(['query', path, '--output', 'ndjson', '--limit', '3', '--order', 'desc']),
    ]);

    const ascUids = eventsOf(asc).map((e) => e['uid']);
    const descUids = eventsOf(desc).map((e) => e['uid']);
    expect(ascUids).toHaveLength(COUNT);
    expect(descUids).toEqual([...ascUids].reverse());
    expect(eventsOf(descTop).map((e) => e['uid'])).toEqual(['evt_000249', 'evt_000248', 'evt_000247']);
    const times = eventsOf(asc).map((e) => Date.parse(String(e['occurred_at'])));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('honours a --limit above 100, and lists 100 without one', async () => {
    const [all, byDefault, table] = await Promise.all([
      runCli(['query', path, '--output', 'ndjson', '--limit', '1000']),
      runCli(['query', path, '--output', 'ndjson']),
      runCli(['query', path]),
    ]);

    expectExit(all, 0);
    expect(stdoutLines(all)).toHaveLength(COUNT);
    expect(new Set(eventsOf(all).map((e) => e['uid'])).size).toBe(COUNT);
    expectExit(byDefault, 0);
    expect(stdoutLines(byDefault)).toHaveLength(100);
    // The table: a header, then one row per event, newest first.
    expectExit(table, 0);
    const rows = stdoutLines(table);
    expect(rows).toHaveLength(101);
    expect(rows[1]).toContain('2025-01-01 04:09:00Z');
  });

  it('--output csv writes a header and rows, with a formula-like cell neutralized', async () => {
    const result = await runCli(['query', path, '--output', 'csv', '--order', 'asc', '--limit', '2']);

    expectExit(result, 0);
    const [header, ...rows] = result.stdout.split(/\r?\n/).filter((l) => l !== '');
    const columns = header?.split(',') ?? [];
    expect(columns).toEqual(expect.arrayContaining(['occurred_at', 'uid', 'tenant_id', 'action', 'actor_name']));
    expect(rows).toHaveLength(2);
    const cells = rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell])));
    expect(cells[0]).toMatchObject({ uid: 'evt_000000', actor_name: `'${FORMULA}`, actor_email: '' });
    expect(cells[1]).toMatchObject({ uid: 'evt_000001', actor_name: 'User 1', action: 'document.accessed' });
  });

  it('stats --json gives counts, the time span and the top actions and actors', async () => {
    const result = await runCli(['stats', path, '--json']);

    expectExit(result, 0);
    expect(stdoutLines(result)).toHaveLength(1);
    const stats = lastJson(result) as Record<string, unknown>;
    expect(stats).toMatchObject({ tenant: 'acme', multiTenant: false, events: COUNT, rejects: 0 });
    expect(stats['first']).toMatch(ISO_UTC);
    expect(stats['last']).toMatch(ISO_UTC);
    expect(Date.parse(String(stats['first']))).toBe(START);
    expect(Date.parse(String(stats['last']))).toBe(START + 249 * 60_000);
    // 125 even and 125 odd minutes; a tie lists by name.
    expect(stats['topActions']).toEqual([
      { action: 'document.accessed', count: 125 },
      { action: 'user.signed_in', count: 125 },
    ]);
    // 250 = 35 * 7 + 5: residues 0-4 of n % 7 have 36 records, 5-6 have 35; record 0 went to the formula actor.
    expect(stats['topActors']).toEqual([
      { actor: 'user1@acme.io', count: 36 },
      { actor: 'user2@acme.io', count: 36 },
      { actor: 'user3@acme.io', count: 36 },
      { actor: 'user4@acme.io', count: 36 },
      { actor: 'user0@acme.io', count: 35 },
      { actor: 'user5@acme.io', count: 35 },
      { actor: 'user6@acme.io', count: 35 },
      { actor: FORMULA, count: 1 },
    ]);
  });

  it('filters with a query, pages on with --after-cursor, and exits 2 with a pointer at a bad query', async () => {
    // 250 records alternate user.signed_in (even n) and document.accessed (odd n); actor is user{n % 7}.
    const first = await runCli([
      'query',
      path,
      'action:user.signed_in actor:user3',
      '--output',
      'ndjson',
      '--order',
      'asc',
      '--limit',
      '10',
    ]);
    expectExit(first, 0);
    const expected = records.flatMap((r, n) => (n % 2 === 0 && n % 7 === 3 ? [r['id']] : []));
    expect(expected.length).toBeGreaterThan(10);
    expect(eventsOf(first).map((e) => e['uid'])).toEqual(expected.slice(0, 10));
    const cursor = /--after-cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const rest = await runCli([
      'query',
      path,
      'action:user.signed_in actor:user3',
      '--output',
      'ndjson',
      '--order',
      'asc',
      '--limit',
      '100',
      '--after-cursor',
      String(cursor),
    ]);
    expectExit(rest, 0);
    expect(eventsOf(rest).map((e) => e['uid'])).toEqual(expected.slice(10));
    expect(rest.stderr).not.toContain('--after-cursor');

    const bad = await runCli(['query', path, 'action:x actr:bob']);
    expectExit(bad, 2);
    expect(bad.stderr).toContain('unknown field `actr` at column 10 — did you mean `actor`?');
    expect(bad.stderr).toContain('\n  action:x actr:bob\n           ^');
  });

  it('facets --json and histogram --json answer for a query', async () => {
    const facets = await runCli(['facets', path, '-action:document.accessed', '--json', '--top', '3']);
    expectExit(facets, 0);
    const f = lastJson(facets) as {
      total: number;
      facets: Record<string, { values: { value: string; count: number }[]; distinct: number }>;
    };
    expect(f.total).toBe(125);
    expect(f.facets['action']).toMatchObject({ values: [{ value: 'user.signed_in', count: 125 }], distinct: 1 });
    expect(f.facets['actor']?.values).toHaveLength(3);

    const hist = await runCli(['histogram', path, '--by', 'outcome', '--json']);
    expectExit(hist, 0);
    const h = lastJson(hist) as { interval: string; buckets: { total: number; split: Record<string, number> }[] };
    // 250 events a minute apart span 249 minutes: 1-minute buckets, 250 of them, one event each.
    expect(h.interval).toBe('1 minute');
    expect(h.buckets).toHaveLength(250);
    expect(h.buckets.every((b) => b.total === 1 && b.split['success'] === 1)).toBe(true);

    const badBy = await runCli(['histogram', path, '--by', 'actor']);
    expectExit(badBy, 2);
  });
});

describe('tenants', () => {
  const mixed = [
    genericRecord(1, { tenant_id: 'acme' }),
    genericRecord(2, { tenant_id: 'globex' }),
    genericRecord(3, { tenant_id: 'initech' }),
  ];

  it('a multi-tenant case accepts every tenant and lists them all', async () => {
    const dir = await tempDir();
    const file = join(dir, 'mixed.ndjson');
    await writeFile(file, ndjson(mixed));
    const path = join(dir, 'case.duckdb');

    const created = await runCli(['case', 'create', path, '--tenant', 'acme', '--multi-tenant', '--json']);
    const imported = await runCli(['import', path, file, '--json']);
    const listed = await runCli(['query', path, '--output', 'ndjson', '--order', 'asc']);

    expectExit(created, 0);
    expect(lastJson(created)).toEqual({ case: path, tenant: 'acme', multiTenant: true });
    expectExit(imported, 0);
    expect(lastJson(imported)).toEqual({ files: 1, added: 3, duplicates: 0, rejected: 0 });
    expect(eventsOf(listed).map((e) => e['tenant_id'])).toEqual(['acme', 'globex', 'initech']);
  });

  it('a single-tenant case rejects the other tenants as a tenant mismatch', async () => {
    const dir = await tempDir();
    const file = join(dir, 'mixed.ndjson');
    await writeFile(file, ndjson(mixed));
    const path = await createCase(dir, 'acme');

    const imported = await runCli(['import', path, file, '--json']);
    const [listed, rejects] = await Promise.all([
      runCli(['query', path, '--output', 'ndjson']),
      runCli(['rejects', path, '--json']),
    ]);

    expectExit(imported, 3);
    expect(lastJson(imported)).toEqual({ files: 1, added: 1, duplicates: 0, rejected: 2 });
    expect(eventsOf(listed).map((e) => e['tenant_id'])).toEqual(['acme']);
    const reasons = (lastJson(rejects) as { rejects: { line: number; reason: string }[] }).rejects;
    expect(reasons.map((r) => r.line)).toEqual([2, 3]);
    for (const r of reasons) expect(r.reason.toLowerCase()).toContain('tenant mismatch');
  });
});

describe('serve', () => {
  it('stops cleanly on a SIGTERM sent the moment its URL is printed (it was killed while opening the browser)', async () => {
    const path = await createCase(await tempDir(), 'acme');
    const child = spawn(process.execPath, [BIN, 'serve', path, '--open'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TRAILSCOPE_NO_BROWSER: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('\n')) child.kill('SIGTERM');
    });

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}\n/);
  });
});
