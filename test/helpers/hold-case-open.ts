// Holds a case open for writing (or, with --read-only, for reading, as a `trailscope query` does) in its own process
// until stdin closes or it is killed, so tests can meet DuckDB's cross-process file lock (a lock held by the test's
// own process would not conflict). Prints `ready` once the case is open.
// Usage: node --import tsx test/helpers/hold-case-open.ts <case> [--read-only]
import { CaseStore } from '../../src/main/core/store/case-store';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: hold-case-open.ts <case>\n');
  process.exit(2);
}
const store = await CaseStore.open(path, { readOnly: process.argv[3] === '--read-only' });
process.stdout.write('ready\n');
const release = () => {
  store.close();
  process.exit(0);
};
process.stdin.on('end', release);
process.stdin.resume();
process.on('SIGTERM', release);
