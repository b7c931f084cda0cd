// `npm run peer [-- --port 8787 --events 10000 --seed 1 --token T --tenant acme --fault 429@3 --preset generic]`:
// the audit-API peer by hand, for trying a sync against it or for a benchmark's separate server process. Prints each
// preset's URL and the token, then `ready in …` (a readiness marker for scripts), and serves until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseFault, PEER_PRESETS, peerRecordStream, startAuditApiPeer, type PeerPreset } from './audit-api';

const ROUTES: Record<PeerPreset, (tenant: string) => string> = {
  generic: (t) => `GET  /api/audit-log?workspace_id=${encodeURIComponent(t)}`,
  github: (t) => `GET  /orgs/${encodeURIComponent(t)}/audit-log  (or /enterprises/${encodeURIComponent(t)}/audit-log)`,
  okta: () => 'GET  /api/v1/logs   (Authorization: SSWS <token>)',
  slack: () => 'GET  /audit/v1/logs',
  'onepassword-audit': () => 'POST /api/v2/auditevents',
  'onepassword-signin': () => 'POST /api/v2/signinattempts',
  'google-workspace': () => 'GET  /admin/reports/v1/activity/users/all/applications/login',
};

function wholeNumber(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      events: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      token: { type: 'string' },
      tenant: { type: 'string', default: 'acme' },
      fault: { type: 'string', multiple: true, default: [] },
      preset: { type: 'string', multiple: true, default: [] },
    },
  });
  const started = performance.now();
  const events = wholeNumber(values.events, 'events');
  const seed = wholeNumber(values.seed, 'seed');
  const unknown = values.preset.filter((p) => !PEER_PRESETS.includes(p as PeerPreset));
  if (unknown.length) throw new RangeError(`unknown --preset ${unknown.join(', ')}; one of ${PEER_PRESETS.join(', ')}`);
  const presets = values.preset.length ? (values.preset as PeerPreset[]) : PEER_PRESETS;
  const token = values.token ?? randomBytes(18).toString('base64url');
  const tenant = values.tenant;
  // Streams, not arrays: each record is serialized into the peer and dropped, so a million fit in memory.
  const records = Object.fromEntries(presets.map((p) => [p, peerRecordStream(p, { events, seed, tenant })]));
  const peer = await startAuditApiPeer({
    token,
    records,
    faults: values.fault.map(parseFault),
    port: wholeNumber(values.port, 'port'),
  });

  console.log(`Trailscope audit-API peer: ${events} events per preset, seed ${seed}, tenant ${tenant}`);
  for (const preset of presets) console.log(`  ${preset.padEnd(19)} ${peer.url}  ${ROUTES[preset](tenant)}`);
  console.log(`token: ${token}`);
  if (values.fault.length) console.log(`faults: ${values.fault.join(' ')}`);
  console.log(
    `ready in ${((performance.now() - started) / 1000).toFixed(1)} s (rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB); Ctrl-C to stop`,
  );

  const stop = () => {
    void peer.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
