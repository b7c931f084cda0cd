// `trailscope source add|list` and `trailscope sync`: saved S3 and API sources, synced as jobs with a live progress
// line. Secrets are never arguments: a source names the environment variable that holds its token, read at sync time.
// Sources are saved and synced through the engine (sources.add, jobs.sync), as the app's Sources panel does.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { API_PRESET_INFO, ENV_NAME, type SourceDraft } from '@shared/domain/source-drafts';
import { API_PRESETS, type ApiPreset } from '@shared/domain/sources';
import { AppError } from '../core/errors';
import { FORMAT_CHOICES, type FormatChoice } from '../core/formats/formats';
import { runJobToEnd, summaryCount, withEngine } from './engine-session';
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

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

function envName(value: string): string {
  if (!ENV_NAME.test(value)) {
    throw new InvalidArgumentError(
      'must be the NAME of an environment variable: letters, digits and _, at most 128 (the secret itself never goes on the command line)',
    );
  }
  return value;
}

interface AddOptions {
  name?: string;
  json?: boolean;
  bucket?: string;
  prefix: string;
  region?: string;
  endpoint?: string;
  pathStyle?: boolean;
  profile?: string;
  accessKeyEnv?: string;
  secretKeyEnv?: string;
  format: FormatChoice;
  concurrency: number;
  lookbackDays: number;
  preset?: ApiPreset;
  baseUrl?: string;
  tokenEnv?: string;
  org?: string;
  enterprise?: string;
  app: string[];
  stream: string[];
  tenant?: string;
  serviceAccountEnv?: string;
  subject?: string;
  pageSize?: number;
  pollSeconds: number;
  overlapSeconds: number;
}

function usage(message: string): never {
  throw new AppError('USAGE', message);
}

// The checks and defaults are the app's own (the engine's sources.add runs core/sources/source-settings.ts): the
// CLI and the Sources panel save the same source from the same answers. Only what the flags add (which flag is
// missing) is said here.
function s3Draft(opts: AddOptions): SourceDraft {
  if (!opts.bucket) usage('an s3 source needs --bucket');
  if (Boolean(opts.accessKeyEnv) !== Boolean(opts.secretKeyEnv))
    usage('--access-key-env and --secret-key-env go together');
  return {
    kind: 's3',
    name: opts.name,
    settings: {
      bucket: opts.bucket,
      prefix: opts.prefix,
      region: opts.region,
      endpoint: opts.endpoint ?? null,
      pathStyle: opts.pathStyle ?? false,
      format: opts.format,
      profile: opts.profile ?? null,
      accessKeyIdRef: opts.accessKeyEnv ?? null,
      secretAccessKeyRef: opts.secretKeyEnv ?? null,
      concurrency: opts.concurrency,
      lookbackDays: opts.lookbackDays,
    },
  };
}

function apiDraft(opts: AddOptions): SourceDraft {
  if (!opts.preset) usage(`an api source needs --preset (${API_PRESETS.join(', ')})`);
  if (!opts.tokenEnv && !opts.serviceAccountEnv)
    usage('--token-env NAME is required (or --service-account-env for Google)');
  if (!opts.baseUrl && !API_PRESET_INFO[opts.preset].defaultBaseUrl)
    usage(`--base-url is required for the ${opts.preset} preset`);
  return {
    kind: 'api',
    name: opts.name,
    settings: {
      preset: opts.preset,
      baseUrl: opts.baseUrl ?? null,
      region: opts.region ?? null,
      tokenRef: opts.tokenEnv ?? null,
      org: opts.org ?? null,
      enterprise: opts.enterprise ?? null,
      streams: opts.preset === 'google-workspace' ? opts.app : opts.stream,
      tenant: opts.tenant ?? null,
      serviceAccountKeyRef: opts.serviceAccountEnv ?? null,
      subject: opts.subject ?? null,
      pageSize: opts.pageSize,
      pollSeconds: opts.pollSeconds,
      overlapSeconds: opts.overlapSeconds,
    },
  };
}

export function registerSyncCommands(program: Command, setExit: (code: number) => void): void {
  const source = program.command('source').description('saved sources of a case: S3 deliveries and audit-log APIs');
  source
    .command('add')
    .description('save an S3 or API source in a case (its secret is read at sync time, never stored)')
    .argument('<case>', 'case file')
    .argument('<kind>', "s3: a bucket where audit files are delivered; api: a tenant's audit-log API")
    .option('--name <name>', 'a name to show for the source')
    .option('--json', 'print the result as one line of JSON')
    // s3
    .option('--bucket <bucket>', 's3: bucket name')
    .option('--prefix <prefix>', 's3: the plain S3 list prefix (e.g. AWSLogs/123456789012/CloudTrail/)', '')
    .option('--region <region>', 's3: bucket region (default us-east-1); api: fills {region} in the base URL')
    .option('--endpoint <url>', 's3: an S3-compatible endpoint instead of AWS')
    .option('--path-style', 's3: path-style addressing (most S3-compatible servers want it)')
    .option('--profile <name>', 's3: AWS profile from the shared config/credentials files')
    .option('--access-key-env <NAME>', 's3: environment variable holding the access key id', envName)
    .option('--secret-key-env <NAME>', 's3: environment variable holding the secret access key', envName)
    .addOption(
      new Option('--format <format>', 's3: record format of the objects').choices(FORMAT_CHOICES).default('auto'),
    )
    .option('--concurrency <n>', 's3: parallel downloads', wholeNumber(1, 64), 4)
    .option(
      '--lookback-days <n>',
      's3: days each incremental sync re-lists in date-partitioned folders, for late deliveries',
      wholeNumber(0, 3650),
      7,
    )
    // api
    .addOption(new Option('--preset <preset>', 'api: which API').choices(API_PRESETS))
    .option('--base-url <url>', 'api: base URL; may hold {region} (e.g. https://events.{region}.example.com)')
    .option('--token-env <NAME>', 'api: environment variable holding the API token', envName)
    .option('--org <org>', 'api: GitHub organization')
    .option('--enterprise <enterprise>', 'api: GitHub enterprise')
    .option(
      '--app <app>',
      'api: Google Workspace application to sync (repeatable; default admin and login)',
      collect,
      [],
    )
    .option('--stream <stream>', 'api: 1Password auditevents or signinattempts (repeatable; default both)', collect, [])
    .option('--tenant <id>', 'api: generic API, the workspace_id to ask for')
    .option(
      '--service-account-env <NAME>',
      'api: Google, environment variable holding a service-account JSON key',
      envName,
    )
    .option('--subject <email>', 'api: Google, the admin the service account acts as')
    .option('--page-size <n>', 'api: records per page (capped at the API maximum)', wholeNumber(1, 10_000))
    .option('--poll-seconds <n>', 'api: follow mode, seconds between polls', wholeNumber(1, 86_400), 60)
    .option(
      '--overlap-seconds <n>',
      'api: re-read this much before the newest event on each run, for late events',
      wholeNumber(0, 86_400),
      300,
    )
    .action(async (path: string, kind: string, opts: AddOptions) => {
      const draft =
        kind === 's3'
          ? s3Draft(opts)
          : kind === 'api'
            ? apiDraft(opts)
            : usage(`unknown source kind "${kind}": use s3 or api`);
      const { source: saved } = await withEngine(path, 'write', (engine) => engine.handlers['sources.add'](draft));
      const id = printable(saved.id);
      say(`Added source ${id} (${printable(saved.name)}). Sync it: trailscope sync ${path} --source ${id}`);
      if (opts.json) printJson({ id: saved.id, kind: saved.kind, name: saved.name });
    });

  source
    .command('list')
    .description("the case's saved sources and where each stands")
    .argument('<case>', 'case file')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const { sources } = await withEngine(path, 'read', (engine) => engine.handlers['sources.list']({}));
      if (sources.length === 0) say(`No sources yet. Add one: trailscope source add ${path} s3|api …`);
      for (const s of sources)
        say(
          s.kind === 'files'
            ? `${s.id}\t${s.kind}\t${s.name}\t${s.summary}: ${s.coverage.events} events` +
                (s.coverage.first ? `, ${s.coverage.first} – ${s.coverage.last ?? ''}` : '') +
                (s.gaps.length > 0
                  ? `; ${s.gaps.length} ${s.gaps.length === 1 ? 'gap' : 'gaps'} no imported file covers`
                  : '')
            : s.problem !== null
              ? `${printable(s.id)}\t${s.kind}\t${printable(s.name)}\tcannot sync: ${printable(s.problem)}`
              : `${printable(s.id)}\t${s.kind}\t${printable(s.name)}\tcheckpoint: ${s.checkpoint === null ? 'none (never synced)' : printable(JSON.stringify(s.checkpoint))}` +
                (s.doubt === null ? '' : `\tnot confirmed by you: sync asks first (--trust-source ${printable(s.id)})`),
        );
      if (opts.json)
        printJson({
          sources: sources.map((s) => ({
            id: s.id,
            kind: s.kind,
            name: s.name,
            settings: s.settings,
            checkpoint: s.checkpoint,
            problem: s.problem,
            doubt: s.doubt,
            coverage: s.coverage,
            covered: s.covered,
            gaps: s.gaps,
            retainedFrom: s.retainedFrom,
          })),
        });
    });

  program
    .command('sync')
    .description('bring new events from saved sources into a case; resumes where the last run stopped')
    .argument('<case>', 'case file')
    .option('--source <id>', 'sync only this source (default: all, in order)')
    .option('--since <time>', 'API window start, passed to the server as given (ISO-8601)')
    .option('--until <time>', 'API window end, passed to the server as given (ISO-8601)')
    .option('--follow', 'keep polling until Ctrl-C, showing the lag')
    .option('--full-listing', 'S3: list the whole prefix, not only the recent days of date-partitioned folders')
    .option(
      '--trust-source <id>',
      'confirm that this source may send the secret it names to its host (asked before the first sync of a ' +
        'source you did not add, or after its settings changed); repeatable',
      collect,
      [],
    )
    .option('--json', 'print the result as one line of JSON')
    .action(
      async (
        path: string,
        opts: {
          source?: string;
          since?: string;
          until?: string;
          follow?: boolean;
          fullListing?: boolean;
          trustSource: string[];
          json?: boolean;
        },
      ) => {
        const cancel = cancelOnSignals();
        const progress = createProgressLine();
        const results: SyncResult[] = [];
        try {
          await withEngine(path, 'write', async (engine) => {
            const { sources } = await engine.handlers['sources.list']({});
            // File imports are listed too, but there is nothing to sync in them.
            const ids = opts.source ? [opts.source] : sources.filter((s) => s.kind !== 'files').map((s) => s.id);
            if (ids.length === 0) say(`No sources to sync. Add one: trailscope source add ${path} s3|api …`);
            if (opts.follow && ids.length > 1)
              throw new AppError('USAGE', '--follow needs --source: one source is followed at a time');
            const notSynced = opts.trustSource.filter((id) => !ids.includes(id));
            if (notSynced.length > 0)
              throw new AppError('USAGE', `--trust-source ${notSynced.join(', ')}: not a source this run syncs`);
            // Syncing them all: every source that would need a confirmation is named before any of them syncs.
            const unconfirmed = opts.source
              ? []
              : sources.filter((s) => s.doubt !== null && !opts.trustSource.includes(s.id));
            if (unconfirmed.length > 0)
              throw new AppError(
                'UNTRUSTED_SOURCE',
                `${unconfirmed.map((s) => s.doubt).join(' ')} Nothing was sent, by any source. If that is right, ` +
                  `trust ${unconfirmed.length > 1 ? 'them' : 'it'}: sync again with ` +
                  `${unconfirmed.map((s) => `--trust-source ${s.id}`).join(' ')}.`,
              );
            for (const id of ids) {
              const request = {
                sourceId: id,
                since: opts.since,
                until: opts.until,
                follow: opts.follow,
                fullListing: opts.fullListing,
                ...(opts.trustSource.includes(id) ? { trust: true } : {}),
              };
              const summary = await runJobToEnd(engine, () => engine.handlers['jobs.sync'](request), {
                signal: cancel.signal,
                onProgress: (event) => progress.update(progressText(event, id)),
              });
              results.push({
                source: id,
                added: summaryCount(summary, 'added'),
                duplicates: summaryCount(summary, 'duplicates'),
                rejected: summaryCount(summary, 'rejected'),
                changed: summaryCount(summary, 'changed'),
              });
            }
          });
        } catch (error) {
          progress.done();
          // Follow mode ends with Ctrl-C; what was synced until then is in the case and consistent.
          if (opts.follow && cancel.signal.aborted) say('Stopped following.');
          else throw error;
        } finally {
          progress.done();
          cancel.dispose();
        }
        const total = { added: 0, duplicates: 0, rejected: 0, changed: 0 };
        for (const r of results) {
          total.added += r.added;
          total.duplicates += r.duplicates;
          total.rejected += r.rejected;
          total.changed += r.changed;
          say(
            `${printable(r.source)}: ${formatCount(r.added)} added, ${formatCount(r.duplicates)} duplicate(s), ${formatCount(r.rejected)} rejected` +
              (r.changed > 0
                ? `, ${formatCount(r.changed)} object(s) changed since import (reported, not merged)`
                : '') +
              '.',
          );
        }
        if (total.rejected > 0 || total.changed > 0) {
          say(`See what was rejected and why: trailscope rejects ${path}`);
          setExit(EXIT.rejects);
        }
        if (opts.json)
          printJson({
            sources: results.map((r) => ({
              id: r.source,
              added: r.added,
              duplicates: r.duplicates,
              rejected: r.rejected,
              changed: r.changed,
            })),
            ...total,
          });
      },
    );
}

interface SyncResult {
  source: string;
  added: number;
  duplicates: number;
  rejected: number;
  changed: number;
}
