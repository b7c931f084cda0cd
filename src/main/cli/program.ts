// The trailscope CLI: argument parsing and output conventions on top of the engine (./engine-session.ts), which it
// reaches as the app and the web bridge do. Conventions: --json prints exactly one line of JSON, the last line on stdout; human text and progress go to
// stderr; exit codes 0 ok, 1 error, 2 usage, 3 completed with rejects, 4 verified with findings.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AppError, isAppError } from '../core/errors';
import { FORMAT_CHOICES, type FormatChoice } from '../core/formats/formats';
import { parseQuery, QueryParseError } from '@shared/domain/query-parser';
import { MAX_SESSION_GAP_MINUTES } from '@shared/domain/audit-event';
import { createCase, runJobToEnd, summaryCount, withEngine } from './engine-session';
import { EVENT_OUTPUTS, writeEvents, type EventOutput } from './event-output';
import { registerDemoCommand } from './demo-command';
import { registerServeCommand } from './serve-command';
import { registerSyncCommands } from './sync-commands';
import { registerVerifyCommand } from './verify-command';
import { registerReportCommand } from './report-command';
import { registerPackageCommands } from './package-command';
import { registerExportCommand } from './export-command';
import { registerJournalCommand } from './journal-command';
import { registerEvidenceCommands } from './evidence-command';
import { columnList, findSaved, registerSavedCommands } from './saved-command';
import type { ColumnId } from '@shared/domain/columns';
import { setTimeRange } from '@shared/domain/query-edit';
import { savedScope } from '@shared/domain/saved-queries';
import { registerDetectCommand } from './detect-command';
import { registerAttachCommands } from './attach-command';
import { registerRareCommands } from './rare-command';
import { formatDuration } from '@shared/format';
import {
  cancelOnSignals,
  createProgressLine,
  EXIT,
  formatCount,
  printable,
  printableLayout,
  printJson,
  say,
} from './output';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/**
 * A query from the command line, checked before the case is opened: a syntax error is a usage error (exit 2) that
 * points at the column, under the query as typed (the engine's own message names only the column).
 */
function cliQuery(text: string | undefined): string {
  // Commands that take a query accept `-term` as their query, so a lone `--word` is most likely a mistyped option.
  if (text !== undefined && /^--[A-Za-z][\w-]*$/.test(text)) throw new AppError('USAGE', `unknown option '${text}'`);
  try {
    parseQuery(text ?? '');
  } catch (error) {
    if (error instanceof QueryParseError) {
      // The query as printable() shows it, so the caret stays under the column when the query holds a tab.
      const before = printable((text ?? '').slice(0, error.info.column - 1));
      throw new AppError('USAGE', `${error.message}\n  ${printable(text ?? '')}\n  ${' '.repeat(before.length)}^`);
    }
    throw error;
  }
  return text ?? '';
}

function sessionGapOption(text: string): number {
  const minutes = Number(text);
  if (!/^\d+$/.test(text) || minutes < 1 || minutes > MAX_SESSION_GAP_MINUTES)
    throw new AppError(
      'USAGE',
      `--session-gap takes whole minutes from 1 to ${MAX_SESSION_GAP_MINUTES} (got ${printable(text)}).`,
    );
  return minutes;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('trailscope')
    .description('Trailscope: investigate SaaS audit logs offline.')
    .showHelpAfterError()
    .exitOverride()
    // Commander's messages echo arguments as typed; they are shown, like every other line, without raw controls.
    .configureOutput({
      writeErr: (s) => process.stderr.write(printableLayout(s)),
      writeOut: (s) => process.stderr.write(printableLayout(s)),
    });

  const caseCommand = program.command('case').description('create and inspect case files');
  caseCommand
    .command('create')
    .description('create a new, empty case bound to one tenant')
    .argument('<case>', 'path of the new case file (.duckdb)')
    .requiredOption('--tenant <id>', 'the tenant whose events this case holds')
    .option('--multi-tenant', 'accept events of any tenant instead of rejecting them')
    .option(
      '--session-gap <minutes>',
      'an actor session without a provider session id ends at a gap longer than this (1–10080, default 30)',
    )
    .option('--json', 'print the result as one line of JSON')
    .action(
      async (path: string, opts: { tenant: string; multiTenant?: boolean; sessionGap?: string; json?: boolean }) => {
        await createCase(path, {
          tenantId: opts.tenant,
          multiTenant: opts.multiTenant ?? false,
          ...(opts.sessionGap === undefined ? {} : { sessionGapMinutes: sessionGapOption(opts.sessionGap) }),
        });
        say(`Created case ${path} for tenant ${opts.tenant}${opts.multiTenant ? ' (multi-tenant)' : ''}.`);
        if (opts.json) printJson({ case: path, tenant: opts.tenant, multiTenant: opts.multiTenant ?? false });
      },
    );

  registerAttachCommands(caseCommand);

  program
    .command('import')
    .description('import audit-log files and folders (JSON, NDJSON, gzip) into a case')
    .argument('<case>', 'case file')
    .argument('<paths...>', 'files or folders; folders are read recursively in path order')
    .addOption(new Option('--format <format>', 'record format').choices(FORMAT_CHOICES).default('auto'))
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, paths: string[], opts: { format: FormatChoice; json?: boolean }) => {
      const progress = createProgressLine();
      const cancel = cancelOnSignals();
      try {
        const summary = await withEngine(path, 'write', (engine) =>
          runJobToEnd(engine, () => engine.handlers['jobs.import']({ paths, format: opts.format }), {
            signal: cancel.signal,
            onProgress: (p) =>
              progress.update(
                `files ${p.done}/${p.total ?? '?'}` +
                  (p.fraction !== null ? ` · ${Math.floor(p.fraction * 100)}%` : '') +
                  ` · ${formatCount(p.events)} events · ` +
                  `${formatCount(Math.round(p.rate))} events/s` +
                  (p.etaSeconds !== null ? ` · ETA ${formatDuration(p.etaSeconds)}` : ''),
              ),
          }),
        );
        progress.done();
        const [files, added, duplicates, rejected] = ['files', 'added', 'duplicates', 'rejected'].map((key) =>
          summaryCount(summary, key),
        ) as [number, number, number, number];
        const warnings = Array.isArray(summary['warnings']) ? summary['warnings'] : [];
        for (const warning of warnings) say(`warning: ${printable(String(warning))}`);
        say(
          `Imported ${formatCount(files)} file(s): ${formatCount(added)} added, ${formatCount(duplicates)} duplicate(s), ${formatCount(rejected)} rejected.`,
        );
        if (rejected > 0) say(`See what was rejected and why: trailscope rejects ${path}`);
        if (opts.json) printJson({ files, added, duplicates, rejected });
        if (rejected > 0) setExit(EXIT.rejects);
      } finally {
        progress.done();
        cancel.dispose();
      }
    });

  program
    .command('query')
    .description('list the events a query matches, newest first unless --order asc')
    // A query may start with `-` (a negation): it is the query, not an unknown option.
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('[query]', "e.g. 'action:user.login actor:alice -outcome:success ip:203.0.113.0/24 after:2025-01-01'")
    .option('--saved <name>', 'run a saved query (`trailscope saved list`), with its columns, range and zone')
    .option('--limit <n>', 'how many events', positiveInt, 100)
    .addOption(new Option('--order <order>', 'time order').choices(['asc', 'desc']).default('desc'))
    .option(
      '--after-cursor <cursor>',
      'continue after the last event of a previous page (its cursor is printed on stderr)',
    )
    .addOption(new Option('--output <output>', 'output format').choices(EVENT_OUTPUTS).default('table'))
    .option('--columns <list>', 'table (and CSV) columns, e.g. time,actor,action,ip,description', columnList)
    .option('--from <time>', 'only events at or after this time (replaces the query’s own after:)')
    .option('--to <time>', 'only events before this time (replaces the query’s own before:)')
    .option('--zone <zone>', 'IANA zone for zone-less dates and the table’s times (default UTC)')
    .action(
      async (
        path: string,
        text: string | undefined,
        opts: {
          saved?: string;
          limit: number;
          order: 'asc' | 'desc';
          afterCursor?: string;
          output: EventOutput;
          columns?: ColumnId[];
          from?: string;
          to?: string;
          zone?: string;
        },
      ) => {
        if (opts.saved !== undefined && text !== undefined)
          throw new AppError('USAGE', 'Give a query or --saved NAME, not both.');
        if (opts.columns && opts.output === 'ndjson')
          throw new AppError('USAGE', '--columns picks the table’s and the CSV’s columns; NDJSON has every field.');
        const typed = cliQuery(text);
        const { page, columns, timeZone } = await withEngine(path, 'read', async (engine) => {
          // A saved query runs with its own range, zone and columns unless the command line gives others.
          const saved = opts.saved === undefined ? null : await findSaved(engine, path, opts.saved);
          const scope = saved
            ? savedScope(saved, 'UTC', { from: opts.from, to: opts.to, zone: opts.zone })
            : { query: setTimeRange(typed, opts.from ?? null, opts.to ?? null), timeZone: opts.zone ?? 'UTC' };
          return {
            page: await engine.handlers['events.page']({
              ...scope,
              order: opts.order,
              limit: opts.limit,
              after: opts.afterCursor,
            }),
            columns: opts.columns ?? saved?.columns ?? null,
            timeZone: scope.timeZone,
          };
        });
        writeEvents(page.events, opts.output, (s) => process.stdout.write(s), { columns, timeZone });
        if (page.next) say(`more: --after-cursor ${page.next}`);
      },
    );

  program
    .command('facets')
    .description(
      'top values of action, actor, ip, country, outcome and target, and the counts of first uses (first_seen), among the events a query matches',
    )
    // A query may start with `-` (a negation): it is the query, not an unknown option.
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('[query]', 'a query, as for `query`')
    .option('--top <n>', 'values per facet', positiveInt, 10)
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, text: string | undefined, opts: { top: number; json?: boolean }) => {
      const query = cliQuery(text);
      const result = await withEngine(path, 'read', (engine) =>
        engine.handlers['events.facets']({ query, top: opts.top, timeZone: 'UTC' }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      say(`${formatCount(result.total)} matching events`);
      for (const [name, facet] of Object.entries(result.facets)) {
        say(
          `${name} (${formatCount(facet.distinct)} distinct, ${formatCount(facet.missing)} missing): ` +
            facet.values.map((v) => `${printable(v.value)} (${formatCount(v.count)})`).join(', '),
        );
      }
    });

  program
    .command('histogram')
    .description('events over time for a query, in 100–300 buckets of a readable size')
    // A query may start with `-` (a negation): it is the query, not an unknown option.
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('[query]', 'a query, as for `query`')
    .addOption(new Option('--by <field>', 'split each bucket').choices(['outcome', 'category']))
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, text: string | undefined, opts: { by?: 'outcome' | 'category'; json?: boolean }) => {
      const query = cliQuery(text);
      const result = await withEngine(path, 'read', (engine) =>
        engine.handlers['events.histogram']({ query, by: opts.by, timeZone: 'UTC' }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      say(`per ${result.interval}, ${result.buckets.length} buckets`);
      for (const b of result.buckets) if (b.total > 0) process.stdout.write(`${b.start}  ${b.total}\n`);
    });

  program
    .command('stats')
    .description('how many events and rejects, the time span, top actions and actors')
    .argument('<case>', 'case file')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const stats = await withEngine(path, 'read', (engine) => engine.handlers['case.stats']({}));
      if (opts.json) {
        printJson(stats);
        return;
      }
      say(`Tenant ${printable(stats.tenant)}${stats.multiTenant ? ' (multi-tenant)' : ''}`);
      say(`${formatCount(stats.events)} events, ${formatCount(stats.rejects)} rejected`);
      if (stats.first) say(`from ${stats.first} to ${stats.last}`);
      if (stats.topActions.length)
        say('top actions: ' + stats.topActions.map((a) => `${printable(a.action)} (${a.count})`).join(', '));
      if (stats.topActors.length)
        say('top actors: ' + stats.topActors.map((a) => `${printable(a.actor)} (${a.count})`).join(', '));
    });

  program
    .command('rejects')
    .description('what was rejected, where, and why')
    .argument('<case>', 'case file')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const { rejects } = await withEngine(path, 'read', (engine) => engine.handlers['rejects.list']({}));
      if (opts.json) {
        printJson({ rejects });
        return;
      }
      if (rejects.length === 0) say('Nothing was rejected.');
      for (const r of rejects) {
        const where = r.line !== null ? `:${r.line}` : r.record !== null ? ` record ${r.record}` : '';
        process.stdout.write(`${printable(r.object_key)}${where}: ${printable(r.reason)}\n`);
      }
    });

  registerDemoCommand(program, setExit);
  registerSyncCommands(program, setExit);
  registerVerifyCommand(program, setExit);
  registerServeCommand(program);
  registerReportCommand(program);
  registerPackageCommands(program, setExit, cliQuery);
  registerExportCommand(program);
  registerJournalCommand(program);
  registerSavedCommands(program, cliQuery);
  registerEvidenceCommands(program);
  registerDetectCommand(program, setExit);
  registerRareCommands(program, cliQuery);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isAppError(error)) {
      say(`error: ${error.message}`);
      return error.code === 'USAGE' ? EXIT.usage : EXIT.error;
    }
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
}
