// The SQL helpers of the mappings, checked against independent references (Node's own IP parser, hand-computed times).
import { isIP } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cidrRange } from '../../src/main/core/store/sigma/cidr';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, newCase } from '../helpers/case';

afterEach(closeAll);

const IP_CANDIDATES = [
  '1.2.3.4',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '1.2.3.04',
  ' 1.2.3.4',
  '::',
  '::1',
  '2001:db8::1',
  '2001:DB8:0:0:0:0:0:1',
  '2001:db8:0:0:0:0:0:0:1',
  'fe80::1%eth0',
  '::ffff:192.0.2.1',
  '64:ff9b::192.0.2.33',
  '2001:db8::g',
  ':::',
  '1::2::3',
  'iam.amazonaws.com',
  'null',
  '',
  'AWS Internal',
  '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
  '::ffff:1.2.3',
  '1:2:3:4:5:6:7::',
  '::2:3:4:5:6:7:8',
  '1:2:3:4:5:6:1.2.3.4',
];

describe('ip_or_null', () => {
  it('accepts exactly what Node accepts as an IPv4 or IPv6 address', async () => {
    const store = await newCase();
    for (const candidate of IP_CANDIDATES) {
      const [row] = await queryRows(store.connection, 'SELECT ip_or_null($1) AS ip', [candidate]);
      expect([candidate, row?.['ip']]).toEqual([candidate, isIP(candidate) ? candidate : null]);
    }
  });
});

describe('ip4_num and ip6_hex (Sigma cidr)', () => {
  it('give what the rule side computes for every address Node accepts, and NULL for the rest', async () => {
    const store = await newCase();
    for (const candidate of IP_CANDIDATES) {
      const [row] = await queryRows(store.connection, 'SELECT ip4_num($1)::DOUBLE AS v4, ip6_hex($1) AS v6', [
        candidate,
      ]);
      const family = isIP(candidate);
      const v4 = family === 4 ? cidrRange(candidate).lo : null;
      // IPv6 with an IPv4 tail is left out on purpose (NULL); a zone is dropped.
      const v6 =
        isIP(candidate.replace(/%.*$/, '')) === 6 && !candidate.includes('.')
          ? cidrRange(candidate.replace(/%.*$/, '')).lo
          : null;
      expect([candidate, row?.['v4'], row?.['v6']]).toEqual([candidate, v4, v6]);
    }
  });
});

describe('timestamps', () => {
  it.each([
    ['2025-03-14T09:26:53Z', '2025-03-14T09:26:53.000000Z'],
    ['2025-03-14T09:26:53.123456789Z', '2025-03-14T09:26:53.123456Z'],
    ['2025-03-14 09:26:53', '2025-03-14T09:26:53.000000Z'],
    ['2025-03-14T11:26:53+02:00', '2025-03-14T09:26:53.000000Z'],
    ['1741944413', '2025-03-14T09:26:53.000000Z'],
    ['1741944413123', '2025-03-14T09:26:53.123000Z'],
    ['1741944413.5', '2025-03-14T09:26:53.500000Z'],
    ['yesterday', null],
    ['infinity', null],
    ['99999999999999999999999999', null],
  ])('ts_auto(%s) = %s', async (input, expected) => {
    const store = await newCase();
    const [row] = await queryRows(store.connection, `SELECT strftime(ts_auto($1), '%Y-%m-%dT%H:%M:%S.%fZ') AS t`, [
      input,
    ]);
    expect(row?.['t']).toBe(expected);
  });
});
