// Output conventions of the CLI: human text and progress on stderr, and with --json exactly one line of JSON as the
// last line on stdout. Progress redraws in place on a terminal and prints at most once a second otherwise. Text
// from a case or a log never reaches the terminal raw: see printable().
import type { JobProgress } from '@shared/domain/jobs';
import { formatBytes, formatDuration } from '@shared/format';

export const EXIT = { ok: 0, error: 1, usage: 2, rejects: 3, findings: 4 } as const;

// C0 controls, DEL, C1 controls (0x9b is a CSI of its own), the bidi marks, embeddings, overrides and isolates, and
// the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a case, a log or a server, made safe for a terminal: every control character and bidi control is
 * shown as a visible escape (`\x1b`, `\n`, `\u202e`), so an OSC 52 clipboard write, a cursor movement, an OSC 8
 * link or a right-to-left override in a record is read, not obeyed. Backslashes are left alone (paths stay legible).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) return named;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * One line of JSON. JSON.stringify escapes C0 controls but writes DEL, C1 controls and bidi controls raw; written as
 * `\uXXXX` escapes instead they mean the same to a JSON reader and nothing to a terminal.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonLine(value) + '\n');
}

/**
 * Text whose line breaks and tabs are the caller's layout, with any other control character (from a value no caller
 * escaped: a file name, a server's error) shown as printable() shows it. Values whose own line breaks and tabs must
 * show go through printable() first.
 */
export function printableLayout(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split('\t').map(printable).join('\t'))
    .join('\n');
}

/** Human text on stderr, never a raw control character but its line breaks and tabs (printableLayout). */
export function say(text: string): void {
  process.stderr.write(printableLayout(text) + '\n');
}

export function createProgressLine(minIntervalMs = 1000): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text: string) {
      const now = Date.now();
      if (tty) {
        process.stderr.write(`\r\x1b[2K${printable(text)}`);
        shown = true;
      } else if (now - last >= minIntervalMs) {
        process.stderr.write(printable(text) + '\n');
        last = now;
      }
    },
    done() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** An AbortSignal that fires on Ctrl-C or SIGTERM, so long work stops between batches and leaves the case consistent. */
export function cancelOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** A job's progress as one line: what it does, how far, how fast, how long to go (and a follow-mode sync's lag). */
export function progressText(p: JobProgress, label?: string): string {
  return [
    label ? `${printable(label)}: ${printable(p.phase)}` : printable(p.phase),
    p.total !== null ? `${formatCount(p.done)}/${formatCount(p.total)}` : null,
    p.fraction !== null ? `${Math.floor(p.fraction * 100)}%` : null,
    p.events > 0 ? `${formatCount(p.events)} events` : null,
    p.bytes > 0 ? formatBytes(p.bytes) : null,
    p.rate > 0 ? `${formatCount(Math.round(p.rate))}/s` : null,
    p.etaSeconds !== null ? `ETA ${formatDuration(p.etaSeconds)}` : null,
    p.lagSeconds != null ? `lag ${formatDuration(p.lagSeconds)}` : null,
    p.lastIssue ? `(${printable(p.lastIssue)})` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
