// `trailscope demo <case>`: builds the demo case (the tenant "Acme Analytics" and its scripted incident, DEMO.md).
// Follows program.ts's conventions: progress and human text on stderr, --json one line last on stdout, exit 3 when
// something was rejected. No electron, no DuckDB here.
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DEMO_EVENTS, DEFAULT_DEMO_SEED, DEFAULT_DEMO_TENANT } from '../core/demo/generate';
import { INCIDENT_EVENT_COUNT } from '../core/demo/incident';
import { cancelOnSignals, createProgressLine, EXIT, formatCount, printJson, say } from './output';

function eventCount(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number');
  if (n < INCIDENT_EVENT_COUNT) {
    throw new InvalidArgumentError(
      `must be at least ${INCIDENT_EVENT_COUNT}: the scripted incident alone has ${INCIDENT_EVENT_COUNT} events`,
    );
  }
  return n;
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffff_ffff)
    throw new InvalidArgumentError(`must be a whole number from 0 to ${0xffff_ffff}`);
  return n;
}

interface DemoCommandOptions {
  events: number;
  seed: number;
  tenant: string;
  writeFiles?: string;
  json?: boolean;
}

export function registerDemoCommand(program: Command, setExit: (code: number) => void): Command {
  return program
    .command('demo')
    .description('create a demo case: 90 days of the tenant "Acme Analytics", with one scripted incident to find')
    .argument('<case>', 'path of the new case file (.duckdb)')
    .option(
      '--events <n>',
      `how many events, the incident's ${INCIDENT_EVENT_COUNT} included`,
      eventCount,
      DEFAULT_DEMO_EVENTS,
    )
    .option('--seed <s>', 'seed of the background activity (the incident never changes)', seedValue, DEFAULT_DEMO_SEED)
    .option('--tenant <id>', 'tenant id written into every record and bound to the case', DEFAULT_DEMO_TENANT)
    .option('--write-files <dir>', 'keep the generated NDJSON files in this folder')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: DemoCommandOptions) => {
      const progress = createProgressLine();
      const cancel = cancelOnSignals();
      const done = { generate: 0, import: 0 };
      try {
        // Loaded when asked for: the generator and the importer are large, and only this command needs them.
        const { createDemoCase } = await import('../core/demo/create-demo-case');
        const summary = await createDemoCase(path, {
          events: opts.events,
          seed: opts.seed,
          tenant: opts.tenant,
          writeFilesDir: opts.writeFiles,
          signal: cancel.signal,
          onProgress: (p) => {
            // Files are imported while the next ones are generated: show both phases on one line.
            done[p.phase] = p.done;
            progress.update(
              `generated ${formatCount(done.generate)} · imported ${formatCount(done.import)} of ${formatCount(p.total)} events`,
            );
          },
        });
        progress.done();
        say(
          `Created demo case ${path} for tenant ${summary.tenant}: ${formatCount(summary.events)} events from ` +
            `${formatCount(summary.files)} file(s), chain head ${summary.chainHead}.`,
        );
        if (opts.writeFiles) say(`The generated files are in ${opts.writeFiles}.`);
        if (summary.rejected > 0) {
          say(`${formatCount(summary.rejected)} record(s) were rejected; see: trailscope rejects ${path}`);
          setExit(EXIT.rejects);
        } else {
          say('Something happened at Acme Analytics one night in October 2025. Can you find it?');
        }
        if (opts.json) {
          printJson({
            case: path,
            tenant: summary.tenant,
            events: summary.events,
            files: summary.files,
            chainHead: summary.chainHead,
          });
        }
      } finally {
        progress.done();
        cancel.dispose();
      }
    });
}
