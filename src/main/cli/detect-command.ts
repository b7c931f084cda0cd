// `trailscope detect <case> [--rules DIR|FILE]… [--json]`: runs the built-in detection pack and the given Sigma rule
// files (read here, compiled by the engine: only their text travels) as a job, with progress on stderr and Ctrl-C to
// cancel; prints the findings and every rule that could not run with its reason. Exit 0 with no finding, 4 with.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RuleFile, RuleRun, UnsupportedRuleInfo } from '@shared/domain/detections';
import { AppError } from '../core/errors';
import { runJobToEnd, withEngine } from './engine-session';
import {
  cancelOnSignals,
  createProgressLine,
  EXIT,
  formatCount,
  printable,
  printJson,
  progressText,
  say,
} from './output';

const RULE_FILE = /\.ya?ml$/i;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The rule files of each --rules: a file as given, a folder's *.yml/*.yaml recursively, in path order. */
export async function readRuleFiles(paths: string[]): Promise<RuleFile[]> {
  const files: RuleFile[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new AppError('USAGE', `--rules ${path}: ${(error as Error).message}`);
    }
    const names = info.isDirectory() ? await ruleFilesUnder(path) : [path];
    for (const file of names) files.push({ file, text: await readFile(file, 'utf8') });
  }
  return files;
}

async function ruleFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && RULE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function registerDetectCommand(program: Command, setExit: (code: number) => void): Command {
  return program
    .command('detect')
    .description(
      'run the built-in detection pack and any Sigma rules over the case, store and print the findings; ' +
        'exit 4 when there is a finding',
    )
    .argument('<case>', 'case file')
    .option(
      '--rules <DIR|FILE>',
      'a Sigma rule file, or a folder of them (*.yml, *.yaml, recursively); repeatable',
      collect,
      [],
    )
    .option('--json', 'print the findings as one line of JSON')
    .action(async (path: string, opts: { rules: string[]; json?: boolean }) => {
      const ruleFiles = await readRuleFiles(opts.rules);
      const progress = createProgressLine();
      const cancel = cancelOnSignals();
      const { summary, list } = await withEngine(path, 'write', async (engine) => {
        try {
          const summary = await runJobToEnd(
            engine,
            () => engine.handlers['jobs.detect'](ruleFiles.length > 0 ? { ruleFiles } : {}),
            { signal: cancel.signal, onProgress: (p) => progress.update(progressText(p, 'detect')) },
          );
          return { summary, list: await engine.handlers['findings.list']({}) };
        } finally {
          progress.done();
          cancel.dispose();
        }
      });
      const rules = (summary['rules'] as RuleRun[] | undefined) ?? [];
      const unsupported = (summary['unsupported'] as UnsupportedRuleInfo[] | undefined) ?? [];
      for (const finding of list.findings)
        say(
          `${finding.level.toUpperCase().padEnd(8)} ${printable(finding.title)}: ${printable(finding.subject ?? '-')}, ` +
            `${formatCount(finding.count)} event(s), ${finding.first} → ${finding.last}  (query: ${finding.query})`,
        );
      for (const rule of unsupported) {
        const named = `${rule.id ? ` ${printable(rule.id)}` : ''}${rule.title ? ` (${printable(rule.title)})` : ''}`;
        // A Sigma file's reason starts with its `file:line` already.
        const where =
          rule.file !== null && rule.reason.startsWith(`${rule.file}:`) ? '' : `${rule.file ?? 'built-in pack'}: `;
        say(`not run:${named}: ${printable(where)}${printable(rule.reason)}`);
      }
      say(
        `Detection run ${list.run?.seq ?? '?'}: ${formatCount(list.findings.length)} finding(s) from ` +
          `${formatCount(rules.length)} rule(s)` +
          (unsupported.length > 0 ? `; ${formatCount(unsupported.length)} rule(s) could not run.` : '.'),
      );
      if (opts.json)
        printJson({
          run: list.run?.seq ?? null,
          findings: list.findings.map((f) => ({
            id: f.id,
            ruleId: f.ruleId,
            title: f.title,
            level: f.level,
            subject: f.subject,
            first: f.first,
            last: f.last,
            uids: f.uids,
          })),
          rules,
          unsupported,
        });
      if (list.findings.length > 0) setExit(EXIT.findings);
    });
}
