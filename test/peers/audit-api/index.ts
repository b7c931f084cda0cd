// The audit-API peer: a real HTTP server speaking each sync preset's wire format (FORMATS.md) over deterministic
// datasets, with fault injection, for integration tests and benchmarks of the sync client. Test code only.
export { PEER_PRESETS, FAULT_KINDS } from './types';
export type { PeerPreset, PeerRecord, Fault, PeerOptions, PeerRequest, AuditApiPeer } from './types';
export { peerRecords, peerRecordStream, DEFAULT_PEER_START, type PeerRecordOptions } from './datasets';
export { parseFault } from './faults';
export { startAuditApiPeer } from './server';
