// `trailscope annotate`, `starred` and `trail` as a user runs them on a demo case, and the evidence board and trail
// in what goes to others: the PDF report (read back with pdftotext) and the evidence package's annotations.json and
// trail.json. A hostile comment (terminal escapes, CR/LF) is printed escaped, kept exactly in JSON and the package.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import type { AnnotatedEvent, TrailEntry } from '@shared/domain/evidence';
import { createEngine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { describeRun, lastJson, runCli, stdoutLines } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const DIR = mkdtempSync(join(tmpdir(), 'trailscope-evidence-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const demo = join(DIR, 'demo.duckdb');
const HOSTILE = 'phished admin\r\nsee ticket \x1b]52;c;ZXZpbA==\x07 \\n not a break';
let incident: NormalizedEvent[] = [];

beforeAll(async () => {
  const made = await runCli(['demo', demo, '--events', '2000']);
  expect(made.code, describeRun(made)).toBe(0);
  const run = await runCli(['query', demo, 'ip:192.0.2.66', '--order', 'asc', '--output', 'ndjson', '--limit', '3']);
  incident = stdoutLines(run).map((line) => JSON.parse(line) as NormalizedEvent);
  expect(incident).toHaveLength(3);
}, 120_000);

describe('trailscope annotate and starred', () => {
  it('stars, tags and comments through the engine, lists the board, and the board is a query', async () => {
    const [first, second] = incident as [NormalizedEvent, NormalizedEvent];
    const star = await runCli(['annotate', demo, first.uid, '--star', '--tag', 'Bad', '--tag', 'phish', '--json']);
    expect(star.code, describeRun(star)).toBe(0);
    expect(lastJson(star)).toMatchObject({ annotation: { uid: first.uid, starred: true, tags: ['bad', 'phish'] } });
    const comment = await runCli(['annotate', demo, second.uid, '--comment', HOSTILE]);
    expect(comment.code, describeRun(comment)).toBe(0);
    expect(comment.stderr).toContain(
      'comment "phished admin\\r\\nsee ticket \\x1b]52;c;ZXZpbA==\\x07 \\n not a break"',
    );
    const untag = await runCli(['annotate', demo, first.uid, '--untag', 'phish']);
    expect(untag.stderr).toContain(`Event ${first.uid}: starred; tags bad; no comment`);

    const bad = await runCli(['annotate', demo, first.uid, '--tag', 'two words']);
    expect(bad.code, describeRun(bad)).toBe(2);
    expect(bad.stderr).toContain('A tag is one word');
    const missing = await runCli(['annotate', demo, 'evt_nope', '--star']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No event "evt_nope" is in this case.');

    const human = await runCli(['starred', demo]);
    expect(human.code, describeRun(human)).toBe(0);
    expect(human.stdout).not.toContain('\x1b');
    expect(stdoutLines(human)).toEqual([
      expect.stringMatching(new RegExp(`^${first.uid}  .*  ★ #bad$`)),
      expect.stringMatching(new RegExp(`^${second.uid}  `)),
      '  phished admin\\r\\nsee ticket \\x1b]52;c;ZXZpbA==\\x07 \\n not a break',
    ]);
    const json = lastJson(await runCli(['starred', demo, '--json'])) as { annotations: AnnotatedEvent[] };
    expect(json.annotations.map((a) => [a.uid, a.comment])).toEqual([
      [first.uid, null],
      [second.uid, HOSTILE],
    ]);
    const only = lastJson(await runCli(['starred', demo, '--only-starred', '--json'])) as { total: number };
    expect(only.total).toBe(1);
    const query = await runCli(['query', demo, 'starred:true OR tag:bad', '--output', 'ndjson']);
    expect(stdoutLines(query).map((l) => (JSON.parse(l) as NormalizedEvent).uid)).toEqual([first.uid]);
    const journal = await runCli(['journal', demo]);
    expect(journal.stderr.match(/annotation\.set/g)).toHaveLength(3);
  });

  it('puts the board and the trail into the PDF report and the evidence package', async () => {
    const [first] = incident as [NormalizedEvent];
    // The trail is written by the app as queries run: here through the engine, as the app's bridge does.
    const engine = await createEngine({ casePath: demo, secrets: new EnvSecretStore() });
    try {
      await engine.handlers['trail.add']({ kind: 'query', query: 'outcome:failure', timeZone: 'UTC', count: 42 });
      await engine.handlers['trail.add']({ kind: 'pivot', query: 'ip:192.0.2.66', timeZone: 'UTC', count: 3 });
    } finally {
      await engine.close();
    }
    const trail = await runCli(['trail', demo]);
    expect(stdoutLines(trail)).toEqual([
      expect.stringMatching(/Z {2}query {4}42 event\(s\) {2}outcome:failure {2}\[UTC\]$/),
      expect.stringMatching(/Z {2}pivot {4}3 event\(s\) {2}ip:192\.0\.2\.66 {2}\[UTC\]$/),
    ]);

    const dir = await tempDir();
    const report = join(dir, 'report.pdf');
    const made = await runCli(['report', demo, 'ip:192.0.2.66', '--out', report, '--time-zone', 'UTC']);
    expect(made.code, describeRun(made)).toBe(0);
    const text = (await promisify(execFile)('pdftotext', [report, '-'])).stdout;
    expect(text).toContain('Evidence board');
    expect(text).toContain('STARRED #bad');
    expect(text).toContain(`uid ${first.uid}`);
    expect(text).toMatch(/Comment: phished admin\n\s*see ticket \?\]52;c;ZXZpbA==\? \\n not a break/);
    expect(text).toContain('Investigation trail');
    expect(text).toMatch(/query 42 event\(s\) by .* outcome:failure/);
    expect(text).toMatch(/pivot 3 event\(s\) by .* ip:192\.0\.2\.66/);

    const zip = join(dir, 'evidence.zip');
    const packaged = await runCli(['package', demo, 'ip:192.0.2.66', '--out', zip]);
    expect(packaged.code, describeRun(packaged)).toBe(0);
    const files = unzipSync(await readFile(zip));
    const read = (name: string): unknown => JSON.parse(Buffer.from(files[name] ?? []).toString('utf8'));
    expect(read('annotations.json')).toMatchObject({
      total: 2,
      annotations: [
        { uid: first.uid, starred: true, tags: ['bad'] },
        { comment: HOSTILE, event: { ip: '192.0.2.66' } },
      ],
    });
    expect((read('trail.json') as { entries: TrailEntry[] }).entries.map((e) => [e.kind, e.query, e.count])).toEqual([
      ['query', 'outcome:failure', 42],
      ['pivot', 'ip:192.0.2.66', 3],
    ]);
    expect((await runCli(['verify-package', zip])).code).toBe(0);
    await writeFile(join(dir, 'packaged.pdf'), files['report.pdf'] ?? new Uint8Array());
    const packagedText = (await promisify(execFile)('pdftotext', [join(dir, 'packaged.pdf'), '-'])).stdout;
    expect(packagedText).toContain('Evidence board');
    expect(packagedText).toContain('Investigation trail');
  });
});
