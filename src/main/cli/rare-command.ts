// `trailscope values <case> <field> [query]` and `trailscope notable <case> [query]`: every value of a facet among a
// query's events, most or least frequent first, filtered and paged (the app's "show all" and Rare), and the notable
// marks of the histogram (findings, successes after failures, first IPs, security and config events). Values come
// from the case (someone else's records): shown through printable(), never raw.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { FACET_NAMES, type FacetName } from '@shared/domain/audit-event';
import { withEngine } from './engine-session';
import { formatCount, printable, printJson, say } from './output';

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };
}

export function registerRareCommands(program: Command, cliQuery: (text: string | undefined) => string): void {
  program
    .command('values')
    .description('every value of a field among the events a query matches, with its count (most frequent first)')
    .allowUnknownOption()
    .addArgument(program.createArgument('<case>', 'case file'))
    .addArgument(program.createArgument('<field>', 'the field').choices(FACET_NAMES))
    .argument('[query]', 'a query, as for `query`')
    .option('--rare', 'least frequent first')
    .option('--search <text>', 'only values containing this text (any case)', '')
    .addOption(new Option('--offset <n>', 'skip this many values').argParser(wholeNumber(0)).default(0))
    .addOption(new Option('--limit <n>', 'at most this many values').argParser(wholeNumber(1)).default(100))
    .option('--json', 'print the result as one line of JSON')
    .action(
      async (
        path: string,
        field: FacetName,
        text: string | undefined,
        opts: { rare?: boolean; search: string; offset: number; limit: number; json?: boolean },
      ) => {
        const query = cliQuery(text);
        const result = await withEngine(path, 'read', (engine) =>
          engine.handlers['events.facetValues']({
            query,
            timeZone: 'UTC',
            field,
            search: opts.search,
            order: opts.rare ? 'rare' : 'top',
            offset: opts.offset,
            limit: Math.min(opts.limit, 1_000),
          }),
        );
        if (opts.json) {
          printJson(result);
          return;
        }
        say(
          `${formatCount(result.distinct)} distinct ${field} values${opts.search ? ` containing "${printable(opts.search)}"` : ''}`,
        );
        for (const v of result.values) say(`${formatCount(v.count).padStart(10)}  ${printable(v.value)}`);
      },
    );

  program
    .command('notable')
    .description('notable events of a query: findings, a success after failures, first IPs, security and config events')
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('[query]', 'a query, as for `query`')
    .addOption(new Option('--failures <n>', 'failures in a row before a success is notable').argParser(wholeNumber(1)))
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, text: string | undefined, opts: { failures?: number; json?: boolean }) => {
      const query = cliQuery(text);
      const result = await withEngine(path, 'read', (engine) =>
        engine.handlers['events.notable']({
          query,
          timeZone: 'UTC',
          ...(opts.failures === undefined ? {} : { failuresBefore: opts.failures }),
        }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      for (const mark of result.marks)
        say(`${mark.kind.padEnd(15)} ${mark.from} – ${mark.to}  ${printable(mark.label)}  → ${printable(mark.clause)}`);
      if (result.marks.length === 0) say('Nothing notable among these events.');
    });
}
