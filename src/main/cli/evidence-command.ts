// `trailscope annotate <case> <uid>`, `trailscope starred <case>` and `trailscope trail <case>`: the evidence board
// (stars, tags, comments on events) and the investigation trail, through the engine's annotations.* and trail.*
// channels. Tags, comments and queries come from the case (someone else's, perhaps): shown through printable().
import type { Command } from 'commander';
import type { AnnotatedEvent } from '@shared/domain/evidence';
import { AppError } from '../core/errors';
import { withEngine } from './engine-session';
import { printable, printJson, say } from './output';

interface AnnotateOptions {
  tenant?: string;
  star?: boolean;
  unstar?: boolean;
  tag: string[];
  untag: string[];
  comment?: string;
  clearComment?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** One board entry in words: when, what, who, its star and tags, then its comment on a line of its own. */
export function describeAnnotated(a: AnnotatedEvent): string {
  const event = a.event
    ? `${a.event.occurredAt}  ${printable(a.event.action)}  ${printable(a.event.actor ?? '-')}  ${printable(a.event.ip ?? '-')}  ${a.event.outcome}`
    : '(event no longer in the case)';
  const marks = [a.starred ? '★' : null, ...a.tags.map((tag) => `#${printable(tag)}`)].filter(Boolean).join(' ');
  const head = `${printable(a.uid)}  ${event}${marks ? `  ${marks}` : ''}`;
  return a.comment === null ? head : `${head}\n  ${printable(a.comment)}`;
}

export function registerEvidenceCommands(program: Command): void {
  program
    .command('annotate')
    .description('star, tag or comment an event (journalled); with no change, print its annotation')
    .argument('<case>', 'case file')
    .argument('<uid>', 'the event (its uid, as `query --output ndjson` prints it)')
    .option('--tenant <id>', 'the event’s tenant, when the uid is in several tenants of a multi-tenant case')
    .option('--star', 'star the event')
    .option('--unstar', 'remove its star')
    .option('--tag <tag>', 'add a tag (one word: letters, digits, _ . : / @ + -), repeatable', collect, [])
    .option('--untag <tag>', 'remove a tag, repeatable', collect, [])
    .option('--comment <text>', 'set its comment (replacing any; up to 4,000 characters)')
    .option('--clear-comment', 'remove its comment')
    .option('--json', 'print the annotation as one line of JSON')
    .action(async (path: string, uid: string, opts: AnnotateOptions) => {
      if (opts.star && opts.unstar) throw new AppError('USAGE', 'Give --star or --unstar, not both.');
      if (opts.comment !== undefined && opts.clearComment)
        throw new AppError('USAGE', 'Give --comment or --clear-comment, not both.');
      const starred = opts.star ? true : opts.unstar ? false : undefined;
      const comment = opts.clearComment ? null : opts.comment;
      const { annotation } = await withEngine(path, 'write', (engine) =>
        engine.handlers['annotations.set']({
          uid,
          ...(opts.tenant === undefined ? {} : { tenantId: opts.tenant }),
          ...(starred === undefined ? {} : { starred }),
          ...(opts.tag.length > 0 ? { addTags: opts.tag } : {}),
          ...(opts.untag.length > 0 ? { removeTags: opts.untag } : {}),
          ...(comment === undefined ? {} : { comment }),
        }),
      );
      if (annotation === null) say(`Event ${printable(uid)} has no star, tag or comment.`);
      else
        say(
          `Event ${printable(uid)}: ${[
            annotation.starred ? 'starred' : 'not starred',
            annotation.tags.length > 0 ? `tags ${annotation.tags.map(printable).join(', ')}` : 'no tags',
            annotation.comment === null ? 'no comment' : `comment "${printable(annotation.comment)}"`,
          ].join('; ')}`,
        );
      if (opts.json) printJson({ annotation });
    });

  program
    .command('starred')
    .description('list the evidence board: starred, tagged and commented events, in time order')
    .argument('<case>', 'case file')
    .option('--only-starred', 'only starred events')
    .option('--json', 'print them as one line of JSON')
    .action(async (path: string, opts: { onlyStarred?: boolean; json?: boolean }) => {
      const result = await withEngine(path, 'read', (engine) =>
        engine.handlers['annotations.list']({ starredOnly: opts.onlyStarred ?? false }),
      );
      if (opts.json) {
        printJson(result);
        return;
      }
      if (result.total === 0) say(`No starred, tagged or commented events in ${path}.`);
      for (const a of result.annotations) process.stdout.write(describeAnnotated(a) + '\n');
      if (result.total > result.annotations.length)
        say(`… and ${result.total - result.annotations.length} more (the first ${result.annotations.length} shown).`);
    });

  program
    .command('trail')
    .description('list the investigation trail: every query run, pivot and brush in the app, oldest first')
    .argument('<case>', 'case file')
    .option('--json', 'print it as one line of JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const result = await withEngine(path, 'read', (engine) => engine.handlers['trail.list']({}));
      if (opts.json) {
        printJson(result);
        return;
      }
      if (result.total === 0) say(`No investigation trail in ${path} yet: queries run in the app are kept there.`);
      for (const entry of result.entries)
        process.stdout.write(
          `${entry.recordedAt}  ${entry.kind.padEnd(7)}  ${entry.count === null ? '?' : entry.count} event(s)  ${printable(entry.query) || '(every event)'}  [${printable(entry.timeZone)}]\n`,
        );
    });
}
