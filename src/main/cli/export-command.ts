// `trailscope export <case> [<query>]`: writes the events a query matches to a file as a job through the engine
// (jobs.export), with progress on stderr and Ctrl-C to cancel (no file is left behind then). Exit 0 written, 2 usage
// (an existing file without --force, an unknown column), 1 otherwise.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXPORT_FORMATS, REDACTIONS, type ExportFormat, type Redaction } from '@shared/domain/exports';
import { AppError } from '../core/errors';
import { runJobToEnd, withEngine } from './engine-session';
import { cancelOnSignals, createProgressLine, progressText, formatCount, printable, printJson, say } from './output';

interface ExportCliOptions {
  format: ExportFormat;
  out: string;
  columns?: string[];
  redact?: Redaction[];
  bom?: boolean;
  partitioned?: boolean;
  force?: boolean;
  json?: boolean;
}

function list(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('give a comma-separated list');
  return items;
}

function redactions(value: string): Redaction[] {
  const items = list(value);
  const unknown = items.filter((item) => !(REDACTIONS as readonly string[]).includes(item));
  if (unknown.length > 0) throw new InvalidArgumentError(`choose from ${REDACTIONS.join(', ')}`);
  return items as Redaction[];
}

export function registerExportCommand(program: Command): Command {
  return (
    program
      .command('export')
      .description('write the events a query matches to a file (CSV, normalized NDJSON, the raw records, Parquet)')
      // A query may start with `-` (a negation): it is the query, not an unknown option.
      .allowUnknownOption()
      .argument('<case>', 'case file')
      .argument('[query]', 'a query, as for `query` (none: every event)')
      .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).makeOptionMandatory())
      .requiredOption('--out <file>', 'the file to write (in a folder that exists); with --partitioned, a folder')
      .option('--columns <list>', 'the columns, comma-separated (default: every normalized column but raw)', list)
      .option(
        '--redact <list>',
        `replace ${REDACTIONS.join(', ')} by keyed hash tokens (the same value gives the same token within one export)`,
        redactions,
      )
      .option('--bom', 'CSV: start with a UTF-8 byte order mark (for Excel)')
      .option(
        '--partitioned',
        'Parquet: write a folder of Hive-partitioned files, tenant_id=…/date=YYYY-MM-DD/, for Athena, Trino, Spark',
      )
      .option('--force', 'overwrite the file if it exists; with --partitioned, replace the export in the folder')
      .option('--json', 'print the result as one line of JSON')
      .action(async (path: string, text: string | undefined, opts: ExportCliOptions) => {
        if (text !== undefined && /^--[A-Za-z][\w-]*$/.test(text))
          throw new AppError('USAGE', `unknown option '${text}'`);
        const progress = createProgressLine();
        const cancel = cancelOnSignals();
        let summary: Record<string, unknown>;
        try {
          summary = await withEngine(path, 'write', (engine) =>
            runJobToEnd(
              engine,
              () =>
                engine.handlers['jobs.export']({
                  query: text ?? '',
                  timeZone: 'UTC',
                  format: opts.format,
                  out: opts.out,
                  ...(opts.columns ? { columns: opts.columns } : {}),
                  ...(opts.redact ? { redact: opts.redact } : {}),
                  ...(opts.bom ? { bom: true } : {}),
                  ...(opts.partitioned ? { partitioned: true } : {}),
                  ...(opts.force ? { force: true } : {}),
                }),
              {
                signal: cancel.signal,
                onProgress: (p) => progress.update(progressText(p)),
              },
            ),
          );
        } finally {
          progress.done();
          cancel.dispose();
        }
        const files =
          summary['files'] === undefined ? '' : `partitioned, ${formatCount(Number(summary['files']))} files, `;
        say(
          `Exported ${formatCount(Number(summary['events']))} events to ${printable(String(summary['path']))} ` +
            `(${opts.format}, ${files}${formatCount(Number(summary['bytes']))} bytes, sha256 ${String(summary['sha256'])}).`,
        );
        if (opts.json) printJson(summary);
      })
  );
}
