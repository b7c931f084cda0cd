// `trailscope package <case> [<query>] --out evidence.zip`: a signed evidence package of the query's events, made as a
// job through the engine (jobs.package). `trailscope verify-package <zip>` and `trailscope deliver <zip>` need no
// case: they read a zip, so they call core/reports directly. verify-package exits 4 when the package is not intact.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../core/errors';
import { runJobToEnd, withEngine } from './engine-session';
import {
  cancelOnSignals,
  createProgressLine,
  progressText,
  EXIT,
  formatCount,
  printable,
  printJson,
  say,
} from './output';

export function registerPackageCommands(
  program: Command,
  setExit: (code: number) => void,
  cliQuery: (text: string | undefined) => string,
): void {
  program
    .command('package')
    .description('write a signed evidence package (zip) of the events a query matches, verifiable offline')
    // A query may start with `-` (a negation): it is the query, not an unknown option.
    .allowUnknownOption()
    .argument('<case>', 'case file')
    .argument('[query]', 'a query, as for `query` (none: every event)')
    .requiredOption('--out <file>', 'the zip to write')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, text: string | undefined, opts: { out: string; force?: boolean; json?: boolean }) => {
      const query = cliQuery(text);
      const progress = createProgressLine();
      const cancel = cancelOnSignals();
      let summary: Record<string, unknown>;
      try {
        summary = await withEngine(path, 'write', (engine) =>
          runJobToEnd(
            engine,
            () => engine.handlers['jobs.package']({ query, timeZone: 'UTC', out: opts.out, force: opts.force }),
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
      say(
        `Wrote ${printable(String(summary['path']))}: ${formatCount(Number(summary['events']))} events, ` +
          `${formatCount(Number(summary['files']))} files, ${formatCount(Number(summary['bytes']))} bytes, ` +
          `sha256 ${String(summary['sha256'])}.`,
      );
      say(
        `Signed with the key of fingerprint ${String(summary['fingerprint'])} (tell the recipient this fingerprint).`,
      );
      if (opts.json) printJson(summary);
    });

  program
    .command('verify-package')
    .description(
      'check an evidence package offline: every file against its hash and the manifest signature; exit 4 if not intact',
    )
    .argument('<zip>', 'the package')
    .option(
      '--public-key <file>',
      "the sender's public key (PEM): proves who made the package, not only that it is whole",
    )
    .option('--json', 'print the result as one line of JSON')
    .action(async (zip: string, opts: { publicKey?: string; json?: boolean }) => {
      const publicKeyPem =
        opts.publicKey === undefined
          ? undefined
          : await readFile(opts.publicKey, 'utf8').catch((error: Error) => {
              throw new AppError('USAGE', `--public-key ${opts.publicKey}: ${error.message}`);
            });
      const { verifyPackage } = await import('../core/reports/verify-package');
      const check = await verifyPackage(zip, publicKeyPem === undefined ? {} : { publicKeyPem });
      if (check.caseId !== null)
        say(
          `Package of case ${printable(check.caseId)}, query ${JSON.stringify(printable(check.query ?? ''))}, ` +
            `${formatCount(check.events ?? 0)} events.`,
        );
      for (const problem of check.problems) say(`PROBLEM: ${printable(problem)}`);
      for (const file of check.files)
        say(
          file.status === 'intact'
            ? `  ${printable(file.name)}: intact`
            : `  ${printable(file.name)}: ${file.status.toUpperCase()}${file.reason ? ` (${printable(file.reason)})` : ''}`,
        );
      say(`Signature: ${check.signature}; key fingerprint ${check.fingerprint ?? 'none'}.`);
      if (check.keySource === 'package')
        say(
          'Checked against the public key inside the package: this proves the package is whole, not who made it. ' +
            'Compare the fingerprint with the one the sender gave you, or pass --public-key.',
        );
      say(check.intact ? 'The package is intact.' : 'The package is NOT intact (see above).');
      if (opts.json) printJson(check);
      if (!check.intact) setExit(EXIT.findings);
    });

  program
    .command('deliver')
    .description("upload a package to an auditor's bucket with the presigned PUT URL or POST policy they gave you")
    .argument('<zip>', 'the package')
    .option('--presigned-url <url>', 'an S3 presigned PUT URL')
    .option('--post-policy <file>', 'an S3 POST policy: JSON {"url": "...", "fields": {...}}')
    .option('--json', 'print the result as one line of JSON')
    .action(async (zip: string, opts: { presignedUrl?: string; postPolicy?: string; json?: boolean }) => {
      if ((opts.presignedUrl === undefined) === (opts.postPolicy === undefined))
        throw new AppError('USAGE', 'Give one of --presigned-url URL or --post-policy FILE.');
      const { deliverPackage, parsePostPolicy } = await import('../core/reports/deliver');
      const target =
        opts.postPolicy !== undefined
          ? {
              postPolicy: parsePostPolicy(
                await readFile(opts.postPolicy, 'utf8').catch((error: Error) => {
                  throw new AppError('USAGE', `--post-policy ${opts.postPolicy}: ${error.message}`);
                }),
                opts.postPolicy,
              ),
            }
          : { presignedUrl: opts.presignedUrl ?? '' };
      const cancel = cancelOnSignals();
      try {
        const result = await deliverPackage(zip, target, { signal: cancel.signal });
        say(
          `Delivered ${printable(zip)} (${formatCount(result.bytes)} bytes) by ${result.method} to ` +
            `${printable(result.destination)}: HTTP ${result.status}${result.etag ? `, ETag ${printable(result.etag)}` : ''}.`,
        );
        if (opts.json) printJson(result);
      } finally {
        cancel.dispose();
      }
    });
}
