// The CloudTrail public keys a user gives for offline digest validation: the JSON `aws cloudtrail list-public-keys`
// prints ({"PublicKeyList":[{Value, ValidityStartTime, ValidityEndTime, Fingerprint}]}), or several such outputs (one
// per region) in a JSON array. Value is the base64 of a DER PKCS#1 RSAPublicKey. Parsing only; no store, no I/O.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AppError } from '../errors';

export interface CloudTrailPublicKey {
  /** As CloudTrail gives it, lowercased: digests name their key by it (`digestPublicKeyFingerprint`). */
  fingerprint: string;
  key: KeyObject;
  validityStart: string | null;
  validityEnd: string | null;
}

const HELP = 'Give the output of `aws cloudtrail list-public-keys` (JSON) for the region of each trail.';

/** Keys by fingerprint. Throws USAGE, naming the entry at fault, when the text is not what the CLI prints. */
export function parsePublicKeys(text: string): Map<string, CloudTrailPublicKey> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new AppError('USAGE', `The public keys are not JSON. ${HELP}`);
  }
  const outputs = Array.isArray(document) ? document : [document];
  const keys = new Map<string, CloudTrailPublicKey>();
  for (const [o, output] of outputs.entries()) {
    const list = isObject(output) ? output['PublicKeyList'] : undefined;
    if (!Array.isArray(list)) throw new AppError('USAGE', `The public keys hold no PublicKeyList. ${HELP}`);
    for (const [i, entry] of list.entries()) {
      const where = outputs.length > 1 ? `PublicKeyList[${i}] of output ${o + 1}` : `PublicKeyList[${i}]`;
      const value = isObject(entry) ? entry['Value'] : undefined;
      const fingerprint = isObject(entry) ? entry['Fingerprint'] : undefined;
      if (typeof value !== 'string' || typeof fingerprint !== 'string' || !fingerprint)
        throw new AppError('USAGE', `The public key ${where} lacks its Value or Fingerprint. ${HELP}`);
      let key: KeyObject;
      try {
        key = createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs1' });
      } catch {
        throw new AppError('USAGE', `The public key ${where} (${fingerprint}) is not a DER PKCS#1 RSA public key.`);
      }
      keys.set(fingerprint.toLowerCase(), {
        fingerprint: fingerprint.toLowerCase(),
        key,
        validityStart: timeText(isObject(entry) ? entry['ValidityStartTime'] : undefined),
        validityEnd: timeText(isObject(entry) ? entry['ValidityEndTime'] : undefined),
      });
    }
  }
  return keys;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// The CLI prints ISO text; the API's JSON gives epoch seconds.
function timeText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  return null;
}
