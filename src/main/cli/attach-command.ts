// `trailscope case attach|detach <case> <folder>` and `trailscope case info <case>`: folders of Hive-partitioned
// Parquet (a partitioned export) read beside a case's events, and what the case is, attachments included.
import type { Command } from 'commander';
import type { AttachmentInfo } from '@shared/domain/attachments';
import { withEngine } from './engine-session';
import { formatCount, printable, printJson, say } from './output';

function describeAttachment(attachment: AttachmentInfo): string {
  const what =
    attachment.status === 'ok'
      ? `${formatCount(attachment.files)} files, ${formatCount(attachment.events)} events`
      : `${attachment.status}: ${attachment.problem ?? ''}`;
  return `${printable(attachment.path)}  (${printable(what)})`;
}

export function registerAttachCommands(caseCommand: Command): void {
  caseCommand
    .command('attach')
    .description(
      'read a folder of Hive-partitioned Parquet (`export --format parquet --partitioned`) beside the case’s events',
    )
    .argument('<case>', 'case file')
    .argument('<folder>', 'the folder the partitioned export wrote (only ever read)')
    .option('--json', 'print the attachment as one line of JSON')
    .action(async (path: string, folder: string, opts: { json?: boolean }) => {
      const { attachment } = await withEngine(path, 'write', (engine) =>
        engine.handlers['case.attach']({ path: folder }),
      );
      say(`Attached ${describeAttachment(attachment)}.`);
      if (opts.json) printJson({ attachment });
    });

  caseCommand
    .command('detach')
    .description('stop reading an attached folder (nothing in it is touched)')
    .argument('<case>', 'case file')
    .argument('<folder>', 'the attached folder')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, folder: string, opts: { json?: boolean }) => {
      await withEngine(path, 'write', (engine) => engine.handlers['case.detach']({ path: folder }));
      say(`Detached ${printable(folder)}.`);
      if (opts.json) printJson({ detached: true });
    });

  caseCommand
    .command('info')
    .description('the case: tenant, events, time span and attached folders with their status')
    .argument('<case>', 'case file')
    .option('--json', 'print the result as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const info = await withEngine(path, 'read', (engine) => engine.handlers['case.info']({}));
      say(
        `Case ${printable(info.path)}, tenant ${printable(info.tenantId)}${info.multiTenant ? ' (multi-tenant)' : ''}`,
      );
      say(
        `${formatCount(info.stats.events)} events${info.stats.first ? ` from ${info.stats.first} to ${info.stats.last}` : ''}`,
      );
      if (info.attachments.length === 0) say('No folders attached.');
      for (const attachment of info.attachments) say(`attached: ${describeAttachment(attachment)}`);
      if (opts.json) printJson(info);
    });
}
