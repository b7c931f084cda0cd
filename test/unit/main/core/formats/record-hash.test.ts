import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recordHashUid } from '../../../../../src/main/core/formats/record-hash';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops insignificant whitespace', () => {
    expect(canonicalJson(JSON.parse('{ "b": 1, "a": [ true, null ], "\\u20ac": "x", "aa": {"z":0,"y":1} }'))).toBe(
      '{"a":[true,null],"aa":{"y":1,"z":0},"b":1,"€":"x"}',
    );
  });

  it('serializes numbers the ECMAScript way', () => {
    expect(canonicalJson(JSON.parse('[1.0, 1e21, 0.000001, 1E-7, -0]'))).toBe('[1,1e+21,0.000001,1e-7,0]');
  });
});

describe('recordHashUid', () => {
  it('is the same for records that differ only in key order and whitespace', () => {
    const a = recordHashUid('{"action":"repo.create","actor":"octo","created_at":1700000000000}');
    const b = recordHashUid('{ "created_at": 1700000000000, "actor": "octo", "action": "repo.create" }');
    expect(a).toBe(b);
    expect(a).toBe('sha256:' + sha256('{"action":"repo.create","actor":"octo","created_at":1700000000000}'));
  });

  it('changes when any value changes', () => {
    expect(recordHashUid('{"a":1}')).not.toBe(recordHashUid('{"a":2}'));
  });
});
