// The public keys a user gives for CloudTrail digests: what `aws cloudtrail list-public-keys` prints (ISO times), the
// API's JSON (epoch seconds), several regions' outputs in one array; anything else is refused, naming the entry.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../src/main/core/errors';
import { parsePublicKeys } from '../../../../../src/main/core/integrity/public-keys';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { privateKey, value: publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64') };
};

const usage = (pattern: RegExp) => (e: unknown) => isAppError(e, 'USAGE') && pattern.test(e.message);

describe('parsePublicKeys', () => {
  it('reads the CLI output: keys by lowercased fingerprint, usable to verify', () => {
    const a = pair();
    const keys = parsePublicKeys(
      JSON.stringify({
        PublicKeyList: [
          {
            Value: a.value,
            ValidityStartTime: '2025-01-01T00:00:00+00:00',
            ValidityEndTime: '2025-02-01T00:00:00+00:00',
            Fingerprint: 'ABCDEF0123456789abcdef0123456789',
          },
        ],
      }),
    );
    const key = keys.get('abcdef0123456789abcdef0123456789');
    expect(key).toMatchObject({ validityStart: '2025-01-01T00:00:00+00:00', validityEnd: '2025-02-01T00:00:00+00:00' });
    const data = Buffer.from('to sign');
    expect(key && verify('sha256', data, key.key, sign('sha256', data, a.privateKey))).toBe(true);
  });

  it('reads several outputs in an array, and epoch-second times', () => {
    const [a, b] = [pair(), pair()];
    const keys = parsePublicKeys(
      JSON.stringify([
        { PublicKeyList: [{ Value: a.value, Fingerprint: 'aa', ValidityStartTime: 1735689600 }] },
        { PublicKeyList: [{ Value: b.value, Fingerprint: 'bb' }] },
      ]),
    );
    expect([...keys.keys()]).toEqual(['aa', 'bb']);
    expect(keys.get('aa')?.validityStart).toBe('2025-01-01T00:00:00.000Z');
  });

  it('refuses what is not list-public-keys output', () => {
    expect(() => parsePublicKeys('not json')).toThrow(expect.toSatisfy(usage(/not JSON/)));
    expect(() => parsePublicKeys('{"Keys":[]}')).toThrow(expect.toSatisfy(usage(/no PublicKeyList/)));
    expect(() => parsePublicKeys('{"PublicKeyList":[{"Value":"AAAA"}]}')).toThrow(
      expect.toSatisfy(usage(/PublicKeyList\[0\] lacks its Value or Fingerprint/)),
    );
    expect(() => parsePublicKeys('{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"ab"}]}')).toThrow(
      expect.toSatisfy(usage(/PublicKeyList\[0\] \(ab\) is not a DER PKCS#1 RSA public key/)),
    );
  });
});
