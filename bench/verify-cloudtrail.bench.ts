// CloudTrail digest verification speed: a synthetic trail of 10 000 log files (12 per hourly digest, signed chain)
// synced from a local s3rver into a fresh case (digests with their x-amz-meta-signature), then runCloudTrailCheck
// over it — signatures, chain, locations, every listed log file against the ledger, unlisted files — beside the
// crypto it cannot avoid (SHA-256 of each digest document and one RSA verify per digest) in the same run.
//
//   npx tsx bench/verify-cloudtrail.bench.ts [--logs 10000] [--per-digest 12] [--runs 5]
//
// 2026-12-07, 2 shared cores, node 20: 834 digests and 10 000 log files checked in 690 ms (median of 5; 14 500 log
// files/s); the SHA-256 + RSA verify of the 834 digests alone took 67 ms. Setup (upload 48 s, sync 84 s) not counted.
import { createHash, verify } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCloudTrailCheck } from '../src/main/core/integrity/cloudtrail';
import { parsePublicKeys } from '../src/main/core/integrity/public-keys';
import { EnvSecretStore } from '../src/main/core/secrets';
import { syncS3 } from '../src/main/core/sources/s3/s3-sync';
import { CaseStore } from '../src/main/core/store/case-store';
import { addSource, getSource } from '../src/main/core/store/sources-repo';
import { makeTrail, newSigningKey, publicKeysJson, s3Objects } from '../test/helpers/cloudtrail-digests';
import { createBucket, peerClient, putObject, S3RVER_KEY, startS3rver } from '../test/peers/s3rver';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const { values } = parseArgs({
  options: {
    logs: { type: 'string', default: '10000' },
    'per-digest': { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
  },
});
const LOGS = Number(values.logs);
const PER_DIGEST = Number(values['per-digest']);
const RUNS = Number(values.runs);
const BUCKET = 'bench-trail';
const ACCOUNT = '111122223333';

const signer = newSigningKey();
const digestCount = Math.ceil(LOGS / PER_DIGEST);
const logsPerDigest = Array.from({ length: digestCount }, (_, i) => Math.min(PER_DIGEST, LOGS - i * PER_DIGEST));
const fixture = makeTrail({ signer, bucket: BUCKET, account: ACCOUNT, logsPerDigest, recordsPerLog: 1 });
const keysJson = publicKeysJson([{ key: signer }]);

const peer = await startS3rver();
const admin = peerClient(peer.endpoint);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-bench-ct-'));
try {
  await createBucket(admin, BUCKET);
  const objects = s3Objects(fixture);
  let next = 0;
  const upload = async () => {
    while (next < objects.length) {
      const object = objects[next++];
      if (object) await putObject(admin, BUCKET, object.key, object.body, object);
    }
  };
  let started = performance.now();
  await Promise.all(Array.from({ length: 16 }, upload));
  console.log(`uploaded ${objects.length} objects in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const store = await CaseStore.create(join(dir, 'case.duckdb'), { tenantId: 'bench' });
  const secrets = new EnvSecretStore({ BENCH_KEY: S3RVER_KEY, BENCH_SECRET: S3RVER_KEY });
  // Two sources, one per folder: s3rver lists a folder tree in tree order (`CloudTrail/` before `CloudTrail-Digest/`)
  // but pages by plain key order, so one listing of both loses the digests past the first page of 1 000 keys.
  started = performance.now();
  let synced = 0;
  let digests = 0;
  for (const folder of ['CloudTrail-Digest', 'CloudTrail']) {
    const source = await addSource(store, folder, {
      kind: 's3',
      settings: {
        bucket: BUCKET,
        prefix: `AWSLogs/${ACCOUNT}/${folder}/`,
        region: 'us-east-1',
        endpoint: peer.endpoint,
        pathStyle: true,
        format: 'auto',
        profile: null,
        accessKeyIdRef: 'BENCH_KEY',
        secretAccessKeyRef: 'BENCH_SECRET',
        concurrency: 8,
      },
    });
    const summary = await syncS3(store, await getSource(store, source.id), { secrets });
    synced += summary.imported;
    digests += summary.digests;
  }
  console.log(
    `synced ${synced} objects (${digests} digests) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const reader = await store.reader();
  const times: number[] = [];
  let outcome;
  for (let run = 0; run <= RUNS; run++) {
    started = performance.now();
    outcome = await runCloudTrailCheck({
      store: reader,
      signal: new AbortController().signal,
      progress: () => undefined,
      publicKeys: keysJson,
    });
    if (run > 0) times.push(performance.now() - started); // run 0 warms up
  }
  if (outcome?.verdict !== 'intact') throw new Error(`expected an intact trail: ${outcome?.summary}`);

  // The floor: hash each digest document and verify each signature, nothing else.
  const key = parsePublicKeys(keysJson).get(signer.fingerprint)?.key;
  if (!key) throw new Error('key');
  const floor: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    started = performance.now();
    for (const digest of fixture.digests) {
      const hash = createHash('sha256').update(digest.text).digest('hex');
      const d = digest.document;
      const toSign = `${String(d['digestEndTime'])}\n${BUCKET}/${digest.key}\n${hash}\n${String(d['previousDigestSignature'] ?? 'null')}`;
      if (!verify('sha256', Buffer.from(toSign), key, Buffer.from(digest.signature, 'hex'))) throw new Error('verify');
    }
    if (run > 0) floor.push(performance.now() - started);
  }
  reader.close();
  store.close();

  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
  const check = median(times);
  const bare = median(floor);
  console.log(
    `\ncloudtrail check: ${digestCount} digests, ${LOGS} log files, ${RUNS} runs, ${cpus().length} cores, node ${process.version}`,
  );
  console.log(
    `  runCloudTrailCheck   median ${check.toFixed(0)} ms  (${Math.round((LOGS / check) * 1000)} log files/s)`,
  );
  console.log(`  sha256 + RSA verify  median ${bare.toFixed(0)} ms  (the crypto alone, per digest)`);
  console.log(`  counts ${JSON.stringify(outcome.counts)}, items ${outcome.itemsTotal}`);
} finally {
  admin.destroy();
  await peer.close();
  await rm(dir, { recursive: true, force: true });
}
