// `trailscope saved list|add|remove <case>`: a case's saved queries (name, query, columns, time range, zone) through
// the engine's saved.* channels, and what `trailscope query --saved NAME` reads them with. Names and queries come
// from the case (someone else's, perhaps): shown through printable(), never raw.
import { InvalidArgumentError, type Command } from 'commander';
import { COLUMN_IDS, isColumnId, type ColumnId } from '@shared/domain/columns';
import { savedNameKey, type SavedQuery } from '@shared/domain/saved-queries';
import type { Engine } from '../core/engine';
import { AppError } from '../core/errors';
import { withEngine } from './engine-session';
import { printable, printJson, say } from './output';

/** `--columns time,actor,ip`: the app's column ids, each once, in their order. */
export function columnList(value: string): ColumnId[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !isColumnId(item));
  if (items.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(`give a comma-separated list of ${COLUMN_IDS.join(', ')}`);
  if (new Set(items).size !== items.length) throw new InvalidArgumentError('name each column once');
  return items as ColumnId[];
}

/** The saved query of this name (any case), read through the engine; a usage error when there is none. */
export async function findSaved(engine: Engine, casePath: string, name: string): Promise<SavedQuery> {
  const { saved } = await engine.handlers['saved.list']({});
  const found = saved.find((s) => savedNameKey(s.name) === savedNameKey(name.trim()));
  if (!found)
    throw new AppError(
      'USAGE',
      `No saved query is named "${name}" in this case; list them with: trailscope saved list ${casePath}`,
    );
  return found;
}

/** One saved query in words: name, query, and what runs with it. */
function describeSaved(s: SavedQuery): string {
  const range =
    s.from === null && s.to === null ? null : `from ${printable(s.from ?? 'the start')} to ${printable(s.to ?? 'now')}`;
  const details = [
    range,
    s.zone === null ? null : `zone ${printable(s.zone)}`,
    s.columns === null ? null : `columns ${s.columns.join(',')}`,
    `saved ${s.updatedAt} by ${printable(s.updatedBy)}`,
  ].filter(Boolean);
  return `${printable(s.name)}\n  ${printable(s.query) || '(every event)'}\n  ${details.join(' · ')}`;
}

interface AddOptions {
  columns?: ColumnId[];
  from?: string;
  to?: string;
  zone?: string;
  json?: boolean;
}

export function registerSavedCommands(program: Command, cliQuery: (text: string | undefined) => string): void {
  const saved = program.command('saved').description("a case's saved queries: list, add or replace, remove");

  saved
    .command('list')
    .description('list the saved queries of a case, by name')
    .argument('<case>', 'case file')
    .option('--json', 'print them as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const { saved: list } = await withEngine(path, 'read', (engine) => engine.handlers['saved.list']({}));
      if (opts.json) {
        printJson({ saved: list });
        return;
      }
      if (list.length === 0) say(`No saved queries in ${path}; add one with: trailscope saved add ${path} NAME QUERY`);
      for (const s of list) process.stdout.write(describeSaved(s) + '\n');
    });

  saved
    .command('add')
    .description('save a query under a name (replacing the saved query of that name, in any case)')
    // A query may start with `-` (a negation): it is the query, not an unknown option.
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('<name>', `any text of up to 100 characters, without control characters`)
    .argument('<query>', "a query, as for `query` ('' for every event)")
    .option('--columns <list>', `the table's columns, in order (${COLUMN_IDS.join(', ')})`, columnList)
    .option('--from <time>', 'start of the time range, as after: takes it (2025-10-16, 2025-10-16T02:00:00Z)')
    .option('--to <time>', 'end of the time range (exclusive), as before: takes it')
    .option('--zone <zone>', 'IANA zone the range and zone-less dates are read in (default: the reader’s, UTC here)')
    .option('--json', 'print the saved query as one line of JSON')
    .action(async (path: string, name: string, text: string, opts: AddOptions) => {
      const query = cliQuery(text);
      const result = await withEngine(path, 'write', (engine) =>
        engine.handlers['saved.save']({
          name,
          query,
          columns: opts.columns ?? null,
          from: opts.from ?? null,
          to: opts.to ?? null,
          zone: opts.zone ?? null,
        }),
      );
      say(`${result.replaced ? 'Replaced' : 'Saved'} "${printable(result.saved.name)}".`);
      if (opts.json) printJson(result);
    });

  saved
    .command('remove')
    .description('remove a saved query (its name in any case)')
    .argument('<case>', 'case file')
    .argument('<name>', 'the saved query')
    .option('--json', 'print the removed query as one line of JSON')
    .action(async (path: string, name: string, opts: { json?: boolean }) => {
      const { removed } = await withEngine(path, 'write', (engine) => engine.handlers['saved.remove']({ name }));
      say(`Removed "${printable(removed.name)}" (${printable(removed.query) || 'every event'}).`);
      if (opts.json) printJson({ removed });
    });
}
