// Syncs one saved S3 source into a case in its own process, so a test can SIGKILL it anywhere. Prints `ready` once
// the case is open, `progress {json}` on every progress report, and `done {summary json}` at the end.
// Usage: node --import tsx test/helpers/s3-sync-child.ts <case> <source-id> [batch-bytes]
// Secret references in the source's settings are read from this process's environment.
import { EnvSecretStore } from '../../src/main/core/secrets';
import { syncS3 } from '../../src/main/core/sources/s3/s3-sync';
import { CaseStore } from '../../src/main/core/store/case-store';
import { getSource } from '../../src/main/core/store/sources-repo';

const [path, sourceId, batchBytes] = process.argv.slice(2);
if (!path || !sourceId) {
  process.stderr.write('usage: s3-sync-child.ts <case> <source-id> [batch-bytes]\n');
  process.exit(2);
}
const store = await CaseStore.open(path);
process.stdout.write('ready\n');
const summary = await syncS3(store, await getSource(store, sourceId), {
  secrets: new EnvSecretStore(),
  batchBytes: batchBytes ? Number(batchBytes) : undefined,
  onProgress: ({ phase, done, total, events }) =>
    process.stdout.write(`progress ${JSON.stringify({ phase, done, total, events })}\n`),
});
store.close();
process.stdout.write(`done ${JSON.stringify(summary)}\n`);
