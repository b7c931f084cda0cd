// `trailscope journal <case>`: what was done to the case, by whom and when (imports, syncs, verifications, exports),
// oldest first; read-only.
import type { Command } from 'commander';
import { withEngine } from './engine-session';
import { printable, printJson, say } from './output';

export function registerJournalCommand(program: Command): Command {
  return program
    .command('journal')
    .description("list the case's journal: what was done to it, by which OS user, when")
    .argument('<case>', 'case file')
    .option('--json', 'print the entries as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const { entries } = await withEngine(path, 'read', (engine) => engine.handlers['journal.list']({}));
      // Details come from the case (a query, a file name): shown as printable text, never raw.
      for (const entry of entries)
        say(
          `${entry.recordedAt}  ${printable(entry.osUser)}  ${printable(entry.action)}  ${printable(JSON.stringify(entry.detail))}`,
        );
      if (opts.json) printJson({ entries });
    });
}
