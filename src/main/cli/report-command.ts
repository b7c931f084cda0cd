// `trailscope report <case> [<query>] --out report.pdf`: the PDF report of a query (core/reports/report-pdf.ts),
// written as a job through the engine (jobs.report) with progress on stderr and Ctrl-C to cancel. An existing file
// is replaced only with --force; times are shown in --time-zone, by default the case's display zone.
import type { Command } from 'commander';
import { formatBytes } from '@shared/format';
import { runJobToEnd, summaryCount, withEngine } from './engine-session';
import { cancelOnSignals, createProgressLine, progressText, formatCount, printable, printJson, say } from './output';

interface ReportOptions {
  out: string;
  force?: boolean;
  timeZone?: string;
  json?: boolean;
}

export function registerReportCommand(program: Command): Command {
  return (
    program
      .command('report')
      .description('write the PDF report of the events a query matches: summary, timeline, integrity, events')
      // A query may start with `-` (a negation): it is the query, not an unknown option.
      .allowUnknownOption()
      .argument('<case>', 'case file')
      .argument('[query]', 'a query, as for `query` (none: every event)')
      .requiredOption('--out <file>', 'the PDF to write')
      .option('--force', 'replace the file if it exists')
      .option('--time-zone <zone>', "IANA zone for the report's times (default: the case's display zone)")
      .option('--json', 'print the result as one line of JSON')
      .action(async (path: string, query: string | undefined, opts: ReportOptions) => {
        const progress = createProgressLine();
        const cancel = cancelOnSignals();
        let summary: Record<string, unknown>;
        try {
          summary = await withEngine(path, 'write', async (engine) => {
            const timeZone = opts.timeZone ?? (await engine.handlers['case.info']({})).displayTimeZone;
            return runJobToEnd(
              engine,
              () => engine.handlers['jobs.report']({ query: query ?? '', timeZone, out: opts.out, force: opts.force }),
              {
                signal: cancel.signal,
                onProgress: (p) => progress.update(progressText(p)),
              },
            );
          });
        } finally {
          progress.done();
          cancel.dispose();
        }
        const file = String(summary['path']);
        say(
          `Wrote ${printable(file)}: ${formatCount(summaryCount(summary, 'events'))} event(s) on ` +
            `${formatCount(summaryCount(summary, 'pages'))} page(s), ${formatBytes(summaryCount(summary, 'bytes'))}, ` +
            `SHA-256 ${printable(String(summary['sha256']))}.`,
        );
        if (opts.json)
          printJson({
            path: file,
            pages: summary['pages'],
            events: summary['events'],
            bytes: summary['bytes'],
            sha256: summary['sha256'],
          });
      })
  );
}
