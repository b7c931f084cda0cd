// Sigma rules over the demo case (issue 17): 100 rules, compiled by compileSigma and run as the runner runs a
// CompiledRule, over the 1M-event demo case (built once and kept in bench/.data; the first build takes minutes).
// Per-rule and total times, by kind of rule, next to bare DuckDB scans measured in the same run: a column
// comparison, one json_extract_string over raw, and `raw LIKE '%…%'`. The rules are the demo's own format
// (logsource product generic) written as SigmaHQ writes its cloud rules: mostly an action list, some fields only
// raw holds, cidr blocks and keywords.
//
//   npm run bench:sigma                       1M events
//   npm run bench:sigma -- --events 100000
import { parseArgs } from 'node:util';
import type { CompiledRule } from '../src/main/core/store/detection-rule';
import { compileSigma } from '../src/main/core/detections/sigma/compile';
import { CaseStore } from '../src/main/core/store/case-store';
import { queryRows } from '../src/main/core/store/sql';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const EVENTS = Number(values.events);

const ACTIONS = [
  'user.signed_in',
  'user.signed_out',
  'user.login_failed',
  'user.password_reset',
  'user.mfa_enabled',
  'user.mfa_disabled',
  'user.invited',
  'user.removed',
  'user.role_changed',
  'session.revoked',
  'account.locked',
  'api_key.created',
  'api_key.revoked',
  'export.created',
  'document.deleted',
  'data.bulk_deleted',
  'workspace.settings_changed',
  'audit_log.streaming_changed',
  'webhook.destination_changed',
  'integration.installed',
  'integration.removed',
  'sso.config_updated',
  'domain.verification_changed',
  'ip_allowlist.changed',
  'billing.plan_changed',
  'security.suspicious_activity',
];

type Kind = 'columns' | 'raw fields' | 'cidr' | 'keywords';
const rules: { kind: Kind; yaml: string }[] = [];
const rule = (kind: Kind, n: number, detection: string) =>
  rules.push({
    kind,
    yaml: `title: bench ${kind} ${n}\nid: bench-${rules.length}\nlevel: medium\nlogsource:\n  product: generic\ndetection:\n${detection
      .trim()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n`,
  });

// 60 rules on fields the case keeps as columns (action, actor, target, user agent): no raw read at all.
for (let i = 0; i < 60; i++) {
  const a = ACTIONS[i % ACTIONS.length] as string;
  const b = ACTIONS[(i + 7) % ACTIONS.length] as string;
  const c = ACTIONS[(i + 13) % ACTIONS.length] as string;
  const variants = [
    `selection:\n  action: ${a}\ncondition: selection`,
    `selection:\n  action:\n    - ${a}\n    - ${b}\n    - ${c}\ncondition: selection`,
    `selection:\n  action|startswith: ${a.split('.')[0]}.\n  actor.email|endswith: '@acme.io'\nfilter:\n  user_agent|contains: curl\ncondition: selection and not filter`,
    `selection_a:\n  action: ${a}\nselection_b:\n  action: ${b}\n  target.type: user\ncondition: 1 of selection_*`,
  ];
  rule('columns', i, variants[i % variants.length] as string);
}
// 25 rules that name fields only raw holds (metadata, changes, outcome): one raw scan each.
const RAW = [
  ['export.created', 'metadata.records|gte: 1000'],
  ['account.locked', 'metadata.reason: offboarding'],
  ['user.role_changed', 'changes.after.role: [Admin, Owner]'],
  ['user.login_failed', 'metadata.reason|contains: mfa'],
  ['user.signed_in', 'metadata.method: sso'],
  ['user.mfa_disabled', 'changes.after.mfa_enabled: false'],
  ['api_key.created', 'metadata.expires_in_days|gt: 90'],
  ['audit_log.streaming_changed', 'changes.after.enabled: false'],
  ['webhook.destination_changed', "changes.after.url|startswith: 'https://'"],
  ['data.bulk_deleted', 'metadata.records|gte: 100'],
  ['security.suspicious_activity', 'metadata.severity: [high, critical]'],
  ['user.invited', 'metadata.role: Admin'],
  ['billing.plan_changed', 'changes.after.plan: Enterprise'],
] as const;
for (let i = 0; i < 25; i++) {
  const [action, test] = RAW[i % RAW.length] as readonly [string, string];
  rule(
    'raw fields',
    i,
    i % 2 === 0
      ? `selection:\n  action: ${action}\n  ${test}\ncondition: selection`
      : `selection:\n  outcome: failure\n  ${test}\ncondition: selection`,
  );
}
// 10 cidr rules on the IP (served by the ip column).
const BLOCKS = ['203.0.113.0/25', '198.51.100.0/24', '192.0.2.0/24', '10.0.0.0/8', '203.0.113.128/25', '2001:db8::/32'];
for (let i = 0; i < 10; i++) {
  rule(
    'cidr',
    i,
    `selection:\n  ip_address|cidr: ${BLOCKS[i % BLOCKS.length]}\n  action: ${ACTIONS[i] as string}\ncondition: selection`,
  );
}
// 5 keyword rules (anywhere in the record's text).
for (const [i, words] of [
  ['splunk-hec'],
  ['lost_device', 'IT-12*'],
  ['Enterprise'],
  ['crm-sync'],
  ['offboarding'],
].entries()) {
  rule('keywords', i, `keywords:\n${words.map((w) => `  - '${w}'`).join('\n')}\ncondition: keywords`);
}

const { path } = await ensureDemoCase(EVENTS);
const store = await CaseStore.open(path, { readOnly: true });
const time = async (sql: string, params: (string | number | boolean)[] = []) => {
  const started = performance.now();
  const rows = await queryRows(store.connection, sql, params);
  return { ms: performance.now() - started, rows };
};

let started = performance.now();
const compiled: { kind: Kind; rule: CompiledRule }[] = [];
for (const { kind, yaml } of rules) {
  const { rules: out, unsupported } = compileSigma(yaml, 'bench.yml');
  if (unsupported.length > 0 || out.length !== 1) throw new Error(`bench rule refused: ${JSON.stringify(unsupported)}`);
  compiled.push({ kind, rule: out[0] as CompiledRule });
}
const compileMs = performance.now() - started;

// Baselines, once to warm DuckDB's cache and once measured.
const BASELINES = {
  columns: `SELECT count(*) FROM events WHERE lower(action) = 'user.signed_in'`,
  'raw fields': `SELECT count(*) FROM events WHERE json_extract_string(raw, '$.metadata.method') = 'sso'`,
  cidr: `SELECT count(*) FROM events WHERE ip LIKE '203.0.113.%'`,
  keywords: `SELECT count(*) FROM events WHERE raw LIKE '%lost_device%'`,
} satisfies Record<Kind, string>;
const baseline: Partial<Record<Kind, number>> = {};
for (const [kind, sql] of Object.entries(BASELINES) as [Kind, string][]) {
  await time(sql);
  baseline[kind] = (await time(sql)).ms;
}

const results: { kind: Kind; title: string; ms: number; findings: number; uids: number }[] = [];
started = performance.now();
for (const { kind, rule: r } of compiled) {
  const { ms, rows } = await time(r.sql, r.params);
  const uids = rows.reduce((n, row) => n + (row['uids'] as unknown[]).length, 0);
  results.push({ kind, title: r.title, ms, findings: rows.length, uids });
}
const totalMs = performance.now() - started;
store.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
const f = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
console.log(
  `Sigma rules over ${EVENTS.toLocaleString('en-US')} demo events (each rule run once, as the runner runs it)\n`,
);
console.log(`${'rule'.padEnd(28)} ${'time'.padStart(10)} ${'findings'.padStart(9)} ${'uids'.padStart(8)}`);
for (const r of results)
  console.log(`${r.title.padEnd(28)} ${f(r.ms)} ${String(r.findings).padStart(9)} ${String(r.uids).padStart(8)}`);
console.log(
  `\n${'kind'.padEnd(12)} ${'rules'.padStart(5)} ${'total'.padStart(10)} ${'median'.padStart(10)} ${'max'.padStart(10)}   baseline (same run)`,
);
for (const kind of Object.keys(BASELINES) as Kind[]) {
  const ms = results.filter((r) => r.kind === kind).map((r) => r.ms);
  const base = baseline[kind] ?? 0;
  console.log(
    `${kind.padEnd(12)} ${String(ms.length).padStart(5)} ${f(ms.reduce((a, b) => a + b, 0))} ${f(median(ms))} ${f(Math.max(...ms))}   ${f(base)}  ${BASELINES[kind]}  → median ${(median(ms) / base).toFixed(2)}×`,
  );
}
console.log(`\ncompile ${rules.length} rules: ${compileMs.toFixed(0)} ms; run all: ${(totalMs / 1000).toFixed(1)} s`);
