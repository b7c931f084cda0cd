// The trailscope CLI: argument parsing and output conventions on top of the core.
// Conventions: --json prints exactly one line of JSON, the last line on stdout; human text and progress go to
// stderr; exit codes 0 ok, 1 error, 2 usage, 3 completed with rejects.
import { Command, CommanderError } from 'commander';

export const EXIT = { ok: 0, error: 1, usage: 2, rejects: 3 } as const;

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('trailscope')
    .description('Trailscope: investigate SaaS audit logs offline.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
}
