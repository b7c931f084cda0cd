// Output conventions of the CLI: human text and progress on stderr, and with --json exactly one line of JSON as the
// last line on stdout. Progress redraws in place on a terminal and prints at most once a second otherwise.

export const EXIT = { ok: 0, error: 1, usage: 2, rejects: 3 } as const;

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function say(text: string): void {
  process.stderr.write(text + '\n');
}

export function createProgressLine(minIntervalMs = 1000): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text: string) {
      const now = Date.now();
      if (tty) {
        process.stderr.write(`\r\x1b[2K${text}`);
        shown = true;
      } else if (now - last >= minIntervalMs) {
        process.stderr.write(text + '\n');
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
