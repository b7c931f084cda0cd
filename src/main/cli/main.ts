// Entry of the `trailscope` command. Commands are added in ./program.ts; this file only runs it.
import { runCli } from './program';

process.exitCode = await runCli(process.argv.slice(2));
