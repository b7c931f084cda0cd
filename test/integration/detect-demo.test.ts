// Detections against a real demo case (answer key: src/main/core/demo/INCIDENT.md): the built-in pack flags every
// event of the attack (steps 1–7; step 8 is the response, as ordinary as the background's help-desk work), and no
// finding touches the background's look-alikes. Then the runner (hand-built rules, a broken rule, cancel, runs
// kept, `finding:<id>`) through the engine, and `trailscope detect`'s exit codes and --json.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listValue } from '@duckdb/node-api';
import { Command } from 'commander';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDetectCommand } from '../../src/main/cli/detect-command';
import { runJobToEnd } from '../../src/main/cli/engine-session';
import { INCIDENT_EVENT_IDS, INCIDENT_STEPS } from '../../src/main/core/demo/incident';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { detect } from '../../src/main/core/detections/detect-job';
import type { CompiledRule } from '../../src/main/core/store/detection-rule';
import { createEngine } from '../../src/main/core/engine';
import { isAppError } from '../../src/main/core/errors';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { listLatestFindings } from '../../src/main/core/store/findings-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { tempDir } from '../helpers/temp';

let demoDir: string;
let demoPath: string;

// One small demo case for the file (built in about 2 s), copied for each test.
beforeAll(async () => {
  demoDir = await mkdtemp(join(tmpdir(), 'trailscope-test-'));
  demoPath = join(demoDir, 'demo.duckdb');
  await createDemoCase(demoPath, { events: 5_000, seed: 7, tenant: 'acme' });
}, 60_000);

afterAll(async () => {
  await rm(demoDir, { recursive: true, force: true });
});

/** A fresh copy of the demo case (each test writes its own runs). */
async function demoCopy(): Promise<string> {
  const path = join(await tempDir(), 'demo.duckdb');
  await copyFile(demoPath, path);
  return path;
}

async function withStore<T>(path: string, work: (store: CaseStore) => Promise<T>): Promise<T> {
  const store = await CaseStore.open(path);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

const never = () => new AbortController().signal;

/** A rule built by hand: every event of `action`, one finding per actor. */
function actionRule(id: string, action: string): CompiledRule {
  return {
    id,
    title: `Every ${action}`,
    level: 'low',
    description: 'test rule',
    tags: [],
    version: 'v1',
    origin: 'sigma',
    file: 'hand.yml',
    sql: `SELECT tenant_id, actor_id AS subject, list(uid ORDER BY occurred_at, uid) AS uids,
            min(occurred_at) AS first_at, max(occurred_at) AS last_at FROM events
          WHERE action = $1 GROUP BY tenant_id, actor_id`,
    params: [action],
  };
}

describe('the built-in pack on the demo case', () => {
  it('flags every event of steps 1–7 and nothing the background does but new devices (low)', async () => {
    const path = await demoCopy();
    await withStore(path, async (store) => {
      const summary = await detect(store, { signal: never() });
      const { findings } = await listLatestFindings(store);

      const flagged = new Set(findings.flatMap((f) => f.uids));
      for (const step of INCIDENT_STEPS.filter((s) => s.step <= 7))
        expect(
          step.eventIds.filter((id) => !flagged.has(id)),
          `step ${step.step}`,
        ).toEqual([]);
      // Each attack rule finds exactly the incident.
      const byRule = (id: string) => findings.filter((f) => f.ruleId === id);
      for (const id of [
        'builtin.failed-login-burst-actor',
        'builtin.failed-login-burst-ip',
        'builtin.new-network-sign-in',
        'builtin.mfa-disabled',
        'builtin.privilege-escalation',
        'builtin.api-key-new-ip',
        'builtin.bulk-export',
        'builtin.mass-download',
        'builtin.off-hours-admin',
        'builtin.audit-log-tampering',
      ]) {
        expect(byRule(id), id).toHaveLength(1);
        expect(
          byRule(id)[0]?.uids.every((uid) => INCIDENT_EVENT_IDS.has(uid)),
          id,
        ).toBe(true);
      }
      expect(byRule('builtin.mfa-disabled')[0]).toMatchObject({ subject: 'maria.garcia@acme.io', count: 1 });
      // Each finding's first and last time (the rule's own) are its events' as the case holds them.
      const spans = await queryRows(
        store.connection,
        `SELECT f.id, strftime(min(e.occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
           strftime(max(e.occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS last
         FROM (SELECT id, unnest(uids) AS uid FROM findings) f JOIN events e USING (uid) GROUP BY f.id`,
      );
      expect(spans).toHaveLength(findings.length);
      for (const span of spans) {
        const finding = findings.find((f) => f.id === Number(span['id']));
        expect([finding?.first, finding?.last], finding?.ruleId).toEqual([span['first'], span['last']]);
      }
      expect(byRule('builtin.bulk-export')[0]?.count).toBe(3);
      expect(byRule('builtin.api-key-new-ip')[0]).toMatchObject({ subject: 'ci-deploy-2', count: 316 });

      // The look-alikes: nothing flagged outside the incident but first sign-ins on a new phone (low).
      const outside = findings.filter((f) => f.uids.some((uid) => !INCIDENT_EVENT_IDS.has(uid)));
      expect(new Set(outside.map((f) => f.ruleId))).toEqual(new Set(['builtin.new-user-agent-sign-in']));
      const outsideUids = outside.flatMap((f) => f.uids.filter((uid) => !INCIDENT_EVENT_IDS.has(uid)));
      const lookalikes = await queryRows(
        store.connection,
        `SELECT count(*)::INTEGER AS n FROM events WHERE uid IN (SELECT unnest($1::VARCHAR[]))
           AND (actor_type <> 'user' OR action IN ('export.created', 'api_key.created', 'api_key.revoked',
             'user.mfa_disabled', 'user.login_failed', 'user.password_reset', 'user.invited', 'user.role_changed',
             'audit_log.streaming_changed', 'webhook.destination_changed', 'workspace.settings_changed'))`,
        [listValue(outsideUids)],
      );
      expect(lookalikes[0]?.['n']).toBe(0);
      expect(summary.unsupported).toEqual([]);
      expect(summary.rules.every((r) => r.ms >= 0 && r.version.length === 64)).toBe(true);
    });
  }, 60_000);
});

describe('the detection runner', () => {
  it('runs hand-built rules beside the pack, reports a broken one and a Sigma file it cannot read, and keeps runs', async () => {
    const path = await demoCopy();
    await withStore(path, async (store) => {
      const broken: CompiledRule = { ...actionRule('broken', 'x'), sql: 'SELECT nope FROM nowhere' };
      const first = await detect(store, {
        pack: [],
        // A rule whose SQL ends in a comment still runs (the runner wraps it on a line of its own).
        rules: [{ ...actionRule('exports', 'export.created'), sql: `${actionRule('e', 'x').sql} -- the end` }, broken],
        ruleFiles: [{ file: 'rules/okta.yml', text: 'title: x' }],
        signal: never(),
      });
      expect(first.rules.map((r) => [r.id, r.findings > 0])).toEqual([['exports', true]]);
      expect(first.unsupported).toEqual([
        { file: 'rules/okta.yml', id: null, title: 'x', reason: 'rules/okta.yml:1: the rule has no `logsource`' },
        expect.objectContaining({ id: 'broken', reason: expect.stringMatching(/^the rule's query failed: /) }),
      ]);
      const second = await detect(store, {
        pack: [],
        rules: [actionRule('mfa', 'user.mfa_disabled')],
        signal: never(),
      });
      expect(second.run).toBe(first.run + 1);
      const latest = await listLatestFindings(store);
      expect(latest.run?.seq).toBe(second.run);
      expect(latest.findings.every((f) => f.ruleId === 'mfa' && f.query === `finding:${f.id}`)).toBe(true);
      expect(latest.counts.low).toBe(latest.findings.length);
      const [runs] = await queryRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM detection_runs');
      expect(runs?.['n']).toBe(2);
      const journal = await queryRows(
        store.connection,
        `SELECT detail::VARCHAR AS d FROM journal WHERE action = 'detect'`,
      );
      expect(journal).toHaveLength(2);
    });
  }, 60_000);

  it('refuses two rules with one id, and when cancelled stores nothing', async () => {
    const path = await demoCopy();
    await withStore(path, async (store) => {
      await expect(
        detect(store, { pack: [], rules: [actionRule('a', 'x'), actionRule('a', 'y')], signal: never() }),
      ).rejects.toMatchObject({ code: 'USAGE' });
      const controller = new AbortController();
      let caught: unknown;
      try {
        await detect(store, { signal: controller.signal, onProgress: () => controller.abort() });
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught, 'CANCELLED')).toBe(true);
      const [runs] = await queryRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM detection_runs');
      expect(runs?.['n']).toBe(0);
    });
  }, 60_000);

  it("through the engine: jobs.detect, findings.list, and finding:<id> as a query shows the finding's events", async () => {
    const path = await demoCopy();
    const engine = await createEngine({ casePath: path, secrets: new EnvSecretStore() });
    try {
      const done = new Promise<Record<string, unknown>>((resolve, reject) =>
        engine.onPush((event) => {
          if (event.type === 'completed') resolve(event.summary);
          if (event.type === 'failed' || event.type === 'cancelled') reject(new Error(event.type));
        }),
      );
      await engine.handlers['jobs.detect']({});
      expect((await done)['findings']).toBeGreaterThan(0);
      const list = await engine.handlers['findings.list']({});
      const burst = list.findings.find((f) => f.ruleId === 'builtin.failed-login-burst-actor');
      expect(burst).toMatchObject({ level: 'high', count: 14, first: '2025-10-16T02:07:12.412000Z' });
      const page = await engine.handlers['events.page']({
        query: burst?.query ?? '',
        timeZone: 'UTC',
        order: 'asc',
        limit: 100,
      });
      expect(page.events.map((e) => e.uid)).toEqual(burst?.uids);
      // The app asks for the first uids only: the count stays whole.
      const capped = await engine.handlers['findings.list']({ uidLimit: 3 });
      const cappedBurst = capped.findings.find((f) => f.id === burst?.id);
      expect(cappedBurst).toMatchObject({ count: 14, uids: burst?.uids.slice(0, 3) });
      expect(capped.findings.every((f) => f.uids.length <= 3 && f.count >= f.uids.length)).toBe(true);
      expect(
        await engine.handlers['events.count']({ query: `${burst?.query} -outcome:failure`, timeZone: 'UTC' }),
      ).toEqual({
        count: 0,
      });
      await expect(engine.handlers['events.count']({ query: 'finding:999999', timeZone: 'UTC' })).rejects.toMatchObject(
        {
          code: 'USAGE',
        },
      );
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('an older case (schema 2, no findings tables) opened read-only', () => {
  it('lists no run, and finding:<id> is a usage error naming the finding', async () => {
    const path = join(await tempDir(), 'old.duckdb');
    const store = await CaseStore.create(path, { tenantId: 'acme' });
    await store.connection.run('DROP TABLE findings; DROP TABLE detection_runs');
    await store.connection.run(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
    store.close();
    const engine = await createEngine({ casePath: path, secrets: new EnvSecretStore(), readOnly: true });
    try {
      expect(await engine.handlers['findings.list']({})).toMatchObject({ run: null, findings: [] });
      await expect(engine.handlers['events.count']({ query: 'finding:1', timeZone: 'UTC' })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('no finding 1'),
      });
    } finally {
      await engine.close();
    }
  });
});

describe('findings in the outputs', () => {
  it('the PDF report has a Findings section, and the evidence package a findings.json, of the latest run', async () => {
    const dir = await tempDir();
    const path = await demoCopy();
    const engine = await createEngine({ casePath: path, secrets: new EnvSecretStore(), keyDir: join(dir, 'keys') });
    try {
      const signal = new AbortController().signal;
      await runJobToEnd(engine, () => engine.handlers['jobs.detect']({}), { signal });
      const report = join(dir, 'report.pdf');
      await runJobToEnd(
        engine,
        () =>
          engine.handlers['jobs.report']({ query: 'after:2025-10-16 before:2025-10-17', timeZone: 'UTC', out: report }),
        { signal },
      );
      const text = (await promisify(execFile)('pdftotext', ['-layout', report, '-'])).stdout;
      expect(text).toContain('Findings');
      expect(text).toMatch(/HIGH MFA removed from an account by the account itself: maria\.garcia@acme\.io, 1 event/);
      const zip = join(dir, 'evidence.zip');
      await runJobToEnd(engine, () => engine.handlers['jobs.package']({ query: 'actor:maria.garcia', out: zip }), {
        signal,
      });
      const files = unzipSync(await readFile(zip));
      const findings = JSON.parse(Buffer.from(files['findings.json'] ?? []).toString('utf8')) as {
        run: { seq: number };
        findings: { ruleId: string; uids: string[] }[];
      };
      expect(findings.run.seq).toBe(1);
      expect(findings.findings.map((f) => f.ruleId)).toContain('builtin.audit-log-tampering');
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('trailscope detect (registerDetectCommand)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const exit = { code: 0 };
    const root = new Command('trailscope')
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerDetectCommand(root, (code) => {
      exit.code = code;
    });
    try {
      await root.parseAsync(['detect', ...args], { from: 'user' });
    } finally {
      vi.restoreAllMocks();
    }
    return { code: exit.code, stdout: stdout.join(''), stderr: stderr.join('') };
  }

  it('exits 4 with findings and lists each with rule id, title, level and uids in --json', async () => {
    const path = await demoCopy();
    const rules = join(await tempDir(), 'rules');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(rules, 'okta'), { recursive: true });
    await writeFile(join(rules, 'okta', 'a.yml'), 'title: a\n');
    // A Sigma rule as SigmaHQ writes them, over the demo's own records: it runs beside the pack.
    await writeFile(
      join(rules, 'mfa-off.yaml'),
      [
        'title: MFA turned off (demo records)',
        'id: 5d0c0a57-1f0e-4d7b-9a0a-6f3e2b9c1d11',
        'logsource:',
        '  product: generic',
        'detection:',
        '  selection:',
        '    action|endswith: .mfa_disabled',
        '  condition: selection',
        'level: high',
        '',
      ].join('\n'),
    );
    await writeFile(join(rules, 'notes.txt'), 'not a rule');

    const result = await run([path, '--rules', rules, '--json']);

    expect(result.code).toBe(4);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as {
      findings: { ruleId: string; title: string; level: string; uids: string[] }[];
      unsupported: { file: string; reason: string }[];
    };
    const mfa = json.findings.find((f) => f.ruleId === 'builtin.mfa-disabled');
    expect(mfa).toMatchObject({ title: 'MFA removed from an account by the account itself', level: 'high' });
    expect(mfa?.uids).toEqual(['evt_2f1d00a1c9503af530d182c9']);
    expect(json.unsupported).toContainEqual({
      file: join(rules, 'okta', 'a.yml'),
      id: null,
      title: 'a',
      reason: `${join(rules, 'okta', 'a.yml')}:1: the rule has no \`logsource\``,
    });
    // Grouped per actor: the incident's own event among them (the help desk's look-alikes are other actors').
    const sigma = json.findings.filter((f) => f.ruleId === '5d0c0a57-1f0e-4d7b-9a0a-6f3e2b9c1d11');
    expect(sigma.map((f) => [f.title, f.level])).toContainEqual(['MFA turned off (demo records)', 'high']);
    expect(sigma.flatMap((f) => f.uids)).toContain('evt_2f1d00a1c9503af530d182c9');
    expect(result.stderr).toContain('HIGH     MFA removed from an account by the account itself: maria.garcia@acme.io');
    expect(result.stderr).toContain(`not run: (a): ${join(rules, 'okta', 'a.yml')}:1: the rule has no \`logsource\``);
  }, 60_000);

  it('exits 0 on a case with nothing to find', async () => {
    const path = join(await tempDir(), 'empty.duckdb');
    (await CaseStore.create(path, { tenantId: 'acme' })).close();

    const result = await run([path]);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Detection run 1: 0 finding\(s\) from \d+ rule\(s\)\./);
    expect(result.stderr).not.toContain('could not run');
  }, 60_000);
});
