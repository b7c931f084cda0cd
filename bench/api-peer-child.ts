// Serves N generic events from the audit-API peer in its own process for bench/sync-api.bench.ts, so that the
// server's CPU is not the measured process's. Prints `ready <url>` once listening; exits when stdin closes.
import { peerRecordStream, startAuditApiPeer } from '../test/peers/audit-api';

const events = Number(process.argv[2] ?? 1_000_000);
const token = process.argv[3] ?? 'bench-token';
const peer = await startAuditApiPeer({
  token,
  records: { generic: peerRecordStream('generic', { events, seed: 1, tenant: 'acme' }) },
});
process.stdout.write(`ready ${peer.url}\n`);
process.stdin.on('end', () => void peer.close().then(() => process.exit(0)));
process.stdin.resume();
