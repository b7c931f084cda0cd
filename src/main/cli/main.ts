// Entry of the `trailscope` command. Commands are added in ./program.ts; this file only runs it.
import { keepNewFilesPrivate } from '../core/private-files';
import { runCli } from './program';

// Before any case is opened: the files DuckDB makes for it (its WAL, spill files) are owner-only, as the case is.
keepNewFilesPrivate();

// The AWS SDK warns on every S3 sync that its releases after January 2027 will want Node 22; that is a note for
// Trailscope's maintainers (the desktop app's Electron already runs Node 22), not for a user running a sync.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

process.exitCode = await runCli(process.argv.slice(2));
