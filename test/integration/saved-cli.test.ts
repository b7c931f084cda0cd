// `trailscope saved list|add|remove` and `trailscope query --saved` as a user runs them on a demo case: a saved
// query runs with its range (read in its zone), its columns and zone, each overridable on the command line; names
// are matched in any case; hostile names are refused (exit 2) or, from the case, shown escaped; the journal lists
// every change.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import type { JournalEntry } from '@shared/domain/exports';
import type { SavedQuery } from '@shared/domain/saved-queries';
import { describeRun, lastJson, runCli, stdoutLines } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const DEMO_DIR = mkdtempSync(join(tmpdir(), 'trailscope-saved-cli-'));
afterAll(() => rmSync(DEMO_DIR, { recursive: true, force: true }));
let demo: string;
const INCIDENT = 'ip:192.0.2.66';

beforeAll(async () => {
  demo = join(DEMO_DIR, 'demo.duckdb');
  const made = await runCli(['demo', demo, '--events', '2000', '--json']);
  expect(made.code, describeRun(made)).toBe(0);
}, 120_000);

async function demoCopy(): Promise<string> {
  const path = join(await tempDir(), 'copy.duckdb');
  await copyFile(demo, path);
  return path;
}

async function events(args: string[]): Promise<NormalizedEvent[]> {
  const run = await runCli(['query', ...args, '--output', 'ndjson', '--limit', '10000']);
  expect(run.code, describeRun(run)).toBe(0);
  return stdoutLines(run).map((line) => JSON.parse(line) as NormalizedEvent);
}

/** `2025-10-16T02:13:05` as clocks in New York showed it at this instant. */
function newYorkWallTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

describe('trailscope saved', () => {
  it('adds a query with columns, a range read in its zone, and runs it with `query --saved` in any case', async () => {
    const path = await demoCopy();
    const incident = await events([path, INCIDENT, '--order', 'asc']);
    expect(incident.length).toBeGreaterThan(20);
    const [start, end] = [incident[5]!.occurred_at, incident[15]!.occurred_at];
    // The range is given to the second, as New York's clocks showed it.
    const within = (lo: number, hi: number) =>
      incident.filter((e) => Date.parse(e.occurred_at) >= lo && Date.parse(e.occurred_at) < hi).map((e) => e.uid);
    const second = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
    const expected = within(second(start), second(end));
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const added = await runCli([
      'saved',
      'add',
      path,
      'Incident IP',
      INCIDENT,
      '--columns',
      'time,action,ip',
      '--from',
      newYorkWallTime(start),
      '--to',
      newYorkWallTime(end),
      '--zone',
      'America/New_York',
      '--json',
    ]);
    expect(added.code, describeRun(added)).toBe(0);
    expect(added.stderr).toContain('Saved "Incident IP".');
    expect(lastJson(added)).toMatchObject({
      replaced: false,
      saved: { name: 'Incident IP', zone: 'America/New_York' },
    });

    const ran = await events([path, '--saved', 'INCIDENT ip', '--order', 'asc']);
    expect(ran.map((e) => e.uid)).toEqual(expected);

    const table = await runCli(['query', path, '--saved', 'incident ip']);
    expect(table.code, describeRun(table)).toBe(0);
    const [header, first] = stdoutLines(table);
    expect(header?.split(/\s{2,}/)).toEqual(['TIME (America/New_York)', 'ACTION', 'IP']);
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}-0[45]:00 {2}\S+ +192\.0\.2\.66$/);

    // Each part overridden on the command line: columns, the range's start, the zone.
    const csv = await runCli([
      'query',
      path,
      '--saved',
      'Incident IP',
      '--output',
      'csv',
      '--columns',
      'actor,outcome',
    ]);
    expect(csv.code, describeRun(csv)).toBe(0);
    const rows = parse(csv.stdout, { record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]).toEqual(['actor', 'outcome']);
    expect(rows).toHaveLength(expected.length + 1);
    const wider = await events([path, '--saved', 'Incident IP', '--from', '2000-01-01']);
    expect(wider.length).toBe(within(0, second(end)).length);
    // Read in UTC instead, the same wall times are four or five hours earlier.
    const utc = await events([path, '--saved', 'Incident IP', '--zone', 'UTC', '--order', 'asc']);
    const asUtc = (iso: string) => Date.parse(`${newYorkWallTime(iso)}Z`);
    expect(utc.map((e) => e.uid)).toEqual(within(asUtc(start), asUtc(end)));
  });

  it('lists, replaces by name in any case, removes, and journals each change', async () => {
    const path = await demoCopy();
    expect((await runCli(['saved', 'list', path])).stderr).toContain('No saved queries in');
    for (const [name, query] of [
      ['Failures', 'outcome:failure'],
      ['Exports', '-category:auth action:*export*'],
      ['FAILURES', 'outcome:failure category:auth'],
    ] as const) {
      const run = await runCli(['saved', 'add', path, name, query]);
      expect(run.code, describeRun(run)).toBe(0);
    }

    const listed = await runCli(['saved', 'list', path, '--json']);
    expect(listed.code, describeRun(listed)).toBe(0);
    const { saved } = lastJson(listed) as { saved: SavedQuery[] };
    expect(saved.map((s) => [s.name, s.query])).toEqual([
      ['Exports', '-category:auth action:*export*'],
      ['FAILURES', 'outcome:failure category:auth'],
    ]);
    const human = await runCli(['saved', 'list', path]);
    expect(human.stdout).toContain('FAILURES\n  outcome:failure category:auth\n  saved ');

    const removed = await runCli(['saved', 'remove', path, 'failures']);
    expect(removed.code, describeRun(removed)).toBe(0);
    expect(removed.stderr).toContain('Removed "FAILURES" (outcome:failure category:auth).');
    const again = await runCli(['saved', 'remove', path, 'failures']);
    expect(again.code, describeRun(again)).toBe(2);
    expect(again.stderr).toContain('error: No saved query is named "failures" in this case.');

    const journal = await runCli(['journal', path, '--json']);
    const { entries } = lastJson(journal) as { entries: JournalEntry[] };
    expect(entries.filter((e) => e.action.startsWith('saved.')).map((e) => [e.action, e.detail['name']])).toEqual([
      ['saved.save', 'Failures'],
      ['saved.save', 'Exports'],
      ['saved.save', 'FAILURES'],
      ['saved.remove', 'FAILURES'],
    ]);
  });

  it('refuses what would not run, with usage errors (exit 2) that say why', async () => {
    const path = await demoCopy();
    const cases: [string[], string][] = [
      [['saved', 'add', path, 'bell\x07', 'outcome:failure'], 'control characters (U+0007 at character 5)'],
      [['saved', 'add', path, 'x'.repeat(101), ''], 'at most 100 characters; this one has 101'],
      [['saved', 'add', path, 'broken', 'actor:(alice'], 'error:'],
      [['saved', 'add', path, 'cols', '', '--columns', 'time,bogus'], 'give a comma-separated list of time, actor'],
      [['saved', 'add', path, 'range', '', '--from', 'yesterday'], 'The range\'s start "yesterday" is not a date'],
      [['saved', 'add', path, 'zone', '', '--zone', 'Mars/Olympus'], 'Unknown time zone "Mars/Olympus"'],
      [['query', path, '--saved', 'nothing'], 'No saved query is named "nothing" in this case; list them with:'],
      [['query', path, 'outcome:failure', '--saved', 'x'], 'Give a query or --saved NAME, not both.'],
      [['query', path, '--columns', 'ip', '--output', 'ndjson'], 'NDJSON has every field'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stderr).toContain(message);
    }
    const { saved } = lastJson(await runCli(['saved', 'list', path, '--json'])) as { saved: SavedQuery[] };
    expect(saved).toEqual([]);
  });

  it('keeps names of any script exactly, and shows bidi controls from a name escaped, never raw', async () => {
    const path = await demoCopy();
    for (const name of ['登录失败', 'admin \u202egnp.exe']) {
      const run = await runCli(['saved', 'add', path, name, 'outcome:failure']);
      expect(run.code, describeRun(run)).toBe(0);
    }
    const human = await runCli(['saved', 'list', path]);
    expect(human.stdout).toContain('登录失败\n');
    expect(human.stdout).toContain('admin \\u202egnp.exe\n');
    expect(human.stdout).not.toContain('\u202e');
    const { saved } = lastJson(await runCli(['saved', 'list', path, '--json'])) as { saved: SavedQuery[] };
    expect(saved.map((s) => s.name).sort()).toEqual(['admin \u202egnp.exe', '登录失败'].sort());
  });
});
