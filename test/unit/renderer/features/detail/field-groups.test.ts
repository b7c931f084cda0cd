import { describe, expect, it } from 'vitest';
import {
  groupFields,
  groupOf,
  parsePinned,
  sourceRefText,
} from '../../../../../src/renderer/src/features/detail/field-groups';

const ROWS = [
  { label: 'action', value: 'user.login_failed' },
  { label: 'ip', value: '192.0.2.66' },
  { label: 'metadata.session_id', value: 'ses_41c' },
  { label: 'metadata.api_key_owner', value: 'ci@acme.io' },
  { label: 'source_ref', value: 'okta.json.gz:12' },
  { label: 'uid', value: 'evt_1' },
  { label: 'chain_hash', value: '7f35' },
];
const names = (groups: ReturnType<typeof groupFields>) => groups.map((g) => [g.name, g.rows.map((r) => r.label)]);

describe("the drawer's field groups", () => {
  it('puts normalized fields first, then source-specific ones, then integrity', () => {
    expect(names(groupFields(ROWS, { filter: '', pinned: new Set(), pinnedOnly: false }))).toEqual([
      ['normalized', ['action', 'ip']],
      ['source', ['metadata.session_id', 'metadata.api_key_owner', 'source_ref']],
      ['integrity', ['uid', 'chain_hash']],
    ]);
    expect(groupOf('received_at (UTC)')).toBe('source');
    expect(groupOf('country')).toBe('normalized');
  });

  it('shows pinned fields above every group, and only them when asked', () => {
    const pinned = new Set(['metadata.session_id', 'uid']);
    expect(names(groupFields(ROWS, { filter: '', pinned, pinnedOnly: false }))[0]).toEqual([
      'pinned',
      ['metadata.session_id', 'uid'],
    ]);
    expect(names(groupFields(ROWS, { filter: '', pinned, pinnedOnly: true }))).toEqual([
      ['pinned', ['metadata.session_id', 'uid']],
    ]);
  });

  it('filters on labels and values, case-insensitively, dropping groups left empty', () => {
    expect(names(groupFields(ROWS, { filter: 'SES', pinned: new Set(), pinnedOnly: false }))).toEqual([
      ['source', ['metadata.session_id']],
    ]);
    expect(names(groupFields(ROWS, { filter: '192.0.2', pinned: new Set(), pinnedOnly: false }))).toEqual([
      ['normalized', ['ip']],
    ]);
    expect(groupFields(ROWS, { filter: 'nothing like it', pinned: new Set(), pinnedOnly: false })).toEqual([]);
  });
});

describe('source_ref as the drawer shows it', () => {
  it('shows the file name of a local path (bug: a temporary upload folder was shown), an object key as it is', () => {
    expect(sourceRefText('/tmp/trailscope-upload-x1/okta-2025-10-16.json.gz:12')).toBe('okta-2025-10-16.json.gz:12');
    expect(sourceRefText('C:\\Users\\ana\\AppData\\Local\\Temp\\gh.json#4')).toBe('gh.json#4');
    expect(sourceRefText('AWSLogs/1234/CloudTrail/us-east-1/2025/10/16/x.json.gz#3')).toBe(
      'AWSLogs/1234/CloudTrail/us-east-1/2025/10/16/x.json.gz#3',
    );
    expect(sourceRefText('GET /api/v1/logs?after=abc')).toBe('GET /api/v1/logs?after=abc');
  });

  it('reads stored pins as a list of strings only', () => {
    expect(parsePinned('["ip", 3, "uid"]')).toEqual(['ip', 'uid']);
    expect(parsePinned('{"ip": true}')).toBeNull();
    expect(parsePinned('not json')).toBeNull();
  });
});
