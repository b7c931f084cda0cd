// `trailscope verify <case>`: runs the integrity checks as a job through the engine (jobs.verify), with progress on
// stderr and Ctrl-C to cancel, then prints each check's outcome from the stored verification. Exit 0 when intact
// (or nothing to verify), 4 when there is a finding; a broken chain is a verdict, not an error.
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import {
  CHECK_LABELS,
  type ChainHead,
  type ChainScheme,
  type CheckOutcome,
  type IntegrityCheck,
  type VerificationRecord,
} from '@shared/domain/integrity';
import { REQUEST_SCHEMAS } from '@shared/schemas';
import { AppError } from '../core/errors';
import { runJobToEnd, withEngine } from './engine-session';
import {
  cancelOnSignals,
  createProgressLine,
  progressText,
  EXIT,
  formatCount,
  printable,
  printJson,
  say,
} from './output';

interface VerifyOptions {
  chain?: boolean;
  cloudtrail?: boolean;
  case?: boolean;
  publicKeys?: string;
  chainScheme?: string;
  expectHead: ExpectHead[];
  json?: boolean;
}

/** An --expect-head as typed: the tenant is absent in the COUNT:HASH form (the case's own tenant). */
interface ExpectHead {
  tenantId: string | null;
  count: number;
  hash: string;
}

/** TENANT:COUNT:HASH, or COUNT:HASH for a single-tenant case. The tenant may itself hold colons. */
export function parseExpectHead(value: string, previous: ExpectHead[]): ExpectHead[] {
  const parts = value.split(':');
  const hash = (parts.pop() ?? '').toLowerCase();
  const countText = parts.pop() ?? '';
  const count = Number(countText);
  if (!/^[0-9a-f]{64}$/.test(hash) || !/^\d+$/.test(countText) || !Number.isSafeInteger(count))
    throw new InvalidArgumentError('must be TENANT:COUNT:HASH or COUNT:HASH (HASH: 64 hex digits)');
  const tenantId = parts.length > 0 ? parts.join(':') : null;
  if (tenantId === '') throw new InvalidArgumentError('the tenant before COUNT:HASH is empty');
  return [...previous, { tenantId, count, hash }];
}

export function registerVerifyCommand(program: Command, setExit: (code: number) => void): Command {
  return program
    .command('verify')
    .description(
      "verify the case's integrity offline: event hash chains, CloudTrail digests, the case's own ledger " +
        '(no flag: every check); exit 4 when something is found',
    )
    .argument('<case>', 'case file')
    .option('--chain', "check the providers' event hash chains")
    .option('--cloudtrail', 'check CloudTrail digest files and the log files they list')
    .option('--case', "check the case's own chain of custody (its ingest ledger against the stored events)")
    .option('--public-keys <file>', 'CloudTrail public keys: the JSON `aws cloudtrail list-public-keys` prints')
    .option(
      '--chain-scheme <file>',
      "another provider's hash chain: JSON, one scheme or a list of them, each " +
        '{"sourceId","seq","hash","prev"[,"omit"][,"algorithm"][,"genesis"]} (README)',
    )
    .option(
      '--expect-head <TENANT:COUNT:HASH>',
      'a chain end from an earlier verification (COUNT:HASH in a single-tenant case); a shorter chain is a ' +
        'truncated tail; repeatable',
      parseExpectHead,
      [],
    )
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: VerifyOptions) => {
      const checks = (['chain', 'cloudtrail', 'case'] as const).filter((name) => opts[name] === true);
      const publicKeys = opts.publicKeys === undefined ? undefined : await readText('--public-keys', opts.publicKeys);
      const chainSchemes = opts.chainScheme === undefined ? undefined : await readSchemes(opts.chainScheme);
      const progress = createProgressLine();
      const cancel = cancelOnSignals();
      let verification: VerificationRecord;
      try {
        verification = await withEngine(path, 'write', async (engine) => {
          const expectHeads = await headsFor(opts.expectHead, () => engine.handlers['case.info']({}));
          const summary = await runJobToEnd(
            engine,
            () =>
              engine.handlers['jobs.verify']({
                ...(checks.length > 0 ? { checks: checks as IntegrityCheck[] } : {}),
                ...(publicKeys !== undefined ? { publicKeys } : {}),
                ...(expectHeads.length > 0 ? { expectHeads } : {}),
                ...(chainSchemes !== undefined ? { chainSchemes } : {}),
              }),
            {
              signal: cancel.signal,
              onProgress: (p) => progress.update(progressText(p)),
            },
          );
          const seq = summary['verificationSeq'];
          const { verifications } = await engine.handlers['verifications.list']({ limit: 1 });
          const stored = verifications.find((v) => v.seq === seq);
          if (!stored)
            throw new AppError('INTERNAL', `Verification ${String(seq)} was stored but cannot be read back.`);
          return stored;
        });
      } finally {
        progress.done();
        cancel.dispose();
      }
      for (const outcome of verification.outcomes) printOutcome(outcome);
      say(
        `Verification ${verification.seq}: ` +
          (verification.verdict === 'findings'
            ? 'FINDINGS: the case is not as its sources delivered it (see above).'
            : verification.verdict === 'intact'
              ? 'intact.'
              : 'nothing in this case could be verified.'),
      );
      if (opts.json)
        printJson({ verification: verification.seq, verdict: verification.verdict, outcomes: verification.outcomes });
      if (verification.verdict === 'findings') setExit(EXIT.findings);
    });
}

async function readText(option: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('USAGE', `${option} ${file}: ${(error as Error).message}`);
  }
}

/** The schemes of a --chain-scheme file (one object or a list), checked as the contract's schema checks a request. */
async function readSchemes(file: string): Promise<ChainScheme[]> {
  const text = await readText('--chain-scheme', file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('USAGE', `--chain-scheme ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = REQUEST_SCHEMAS['jobs.verify'].safeParse({ chainSchemes: Array.isArray(value) ? value : [value] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'USAGE',
      `--chain-scheme ${file}: ${issue?.path.slice(1).join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data.chainSchemes ?? [];
}

/** The expected heads with their tenants: COUNT:HASH means the case's own tenant, when it has only one. */
async function headsFor(
  heads: ExpectHead[],
  info: () => Promise<{ tenantId: string; multiTenant: boolean }>,
): Promise<ChainHead[]> {
  if (heads.length === 0) return [];
  const { tenantId, multiTenant } = await info();
  return heads.map((head) => {
    if (head.tenantId !== null) return { tenantId: head.tenantId, count: head.count, hash: head.hash };
    if (multiTenant)
      throw new AppError(
        'USAGE',
        '--expect-head COUNT:HASH names no tenant; in a multi-tenant case use TENANT:COUNT:HASH',
      );
    return { tenantId, count: head.count, hash: head.hash };
  });
}

function printOutcome(outcome: CheckOutcome): void {
  say(`${CHECK_LABELS[outcome.check]}: ${printable(outcome.summary)}`);
  for (const item of outcome.items ?? []) {
    const status =
      item.status === 'valid'
        ? 'valid'
        : `${item.status === 'invalid' ? 'INVALID' : 'not checked'}${item.reason ? `: ${printable(item.reason)}` : ''}`;
    say(`  ${item.kind === 'digest' ? 'Digest file' : 'Log file'} ${printable(item.name)} ${status}`);
  }
  if ((outcome.itemsTotal ?? 0) > (outcome.items?.length ?? 0))
    say(`  … and ${formatCount((outcome.itemsTotal ?? 0) - (outcome.items?.length ?? 0))} more item(s) not listed`);
  for (const note of outcome.notes) say(`  note: ${printable(note)}`);
  for (const finding of outcome.findings) {
    const where = [
      finding.uids?.length ? `uid ${finding.uids.map(printable).join(', ')}` : null,
      finding.objectKeys?.length ? finding.objectKeys.map(printable).join(', ') : null,
    ].filter(Boolean);
    say(
      `  ${finding.severity === 'info' ? 'info' : 'FINDING'} ${finding.class}: ${printable(finding.message)}` +
        (where.length > 0 ? ` (${where.join('; ')})` : ''),
    );
  }
  if (outcome.findingsTotal > outcome.findings.length)
    say(`  … and ${formatCount(outcome.findingsTotal - outcome.findings.length)} more finding(s) (not kept)`);
  for (const head of outcome.heads ?? [])
    if (head.count > 0)
      say(
        `  head of ${printable(head.tenantId)}: seq ${head.count}, hash ${printable(head.hash)} ` +
          `(next time: --expect-head ${printable(head.tenantId)}:${head.count}:${printable(head.hash)})`,
      );
}
