// The offline IP-to-country database: the CSV range files of the npm package @ip-location-db/geo-whois-asn-country
// (CC0; countries from the regional registries' whois and ASN data), read by DuckDB where they lie. Never a network
// lookup. This file finds the files, names the database's version and date, and turns an address into the number
// the range files are keyed by; the lookup itself is SQL (derived.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../errors';

export const GEO_PACKAGE = '@ip-location-db/geo-whois-asn-country';

export interface GeoDatabase {
  /** The package and its version, e.g. `@ip-location-db/geo-whois-asn-country 2.3.2026061719`: what a case records. */
  version: string;
  /** The date of the data (YYYY-MM-DD), from the version's last part (YYYYMMDDHH), or null if it has none. */
  date: string | null;
  ipv4File: string;
  ipv6File: string;
}

let cached: GeoDatabase | undefined;

/** The installed database. In a packaged app the CSV files are unpacked beside the asar (electron-builder.yml). */
export function geoDatabase(): GeoDatabase {
  if (cached) return cached;
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${GEO_PACKAGE}/package.json`);
  } catch {
    throw new AppError('INTERNAL', `The IP-to-country database (${GEO_PACKAGE}) is not installed; run npm ci.`);
  }
  const unpacked = manifest.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  const folder = dirname(existsSync(unpacked) ? unpacked : manifest);
  const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
  const stamp = /\.(\d{4})(\d{2})(\d{2})\d{0,2}$/.exec(version);
  cached = {
    version: `${GEO_PACKAGE} ${version}`,
    date: stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}` : null,
    ipv4File: join(folder, 'geo-whois-asn-country-ipv4-num.csv'),
    ipv6File: join(folder, 'geo-whois-asn-country-ipv6-num.csv'),
  };
  return cached;
}

// Addresses that belong to no country whatever a database says: private, loopback, link-local, CGNAT, multicast,
// documentation and other special-purpose blocks (RFC 6890 and the IANA registries).
const RESERVED = new BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  RESERVED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 127],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  RESERVED.addSubnet(address, prefix, 'ipv6');

export interface IpNumber {
  family: 4 | 6;
  /** The address as an unsigned integer, in decimal (what the range files hold). */
  value: string;
}

/**
 * The number an address is looked up by, or null for one no country can hold (reserved, or not an address). A
 * scoped IPv6 address loses its zone; an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is looked up as IPv4.
 */
export function ipNumber(ip: string): IpNumber | null {
  const address = ip.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return RESERVED.check(address, 'ipv4') ? null : { family: 4, value: String(ipv4Value(address)) };
  if (family !== 6) return null;
  const value = ipv6Value(address);
  if (value >> 32n === 0xffffn) {
    const v4 = value & 0xffffffffn;
    const dotted = [24n, 16n, 8n, 0n].map((shift) => String((v4 >> shift) & 0xffn)).join('.');
    return RESERVED.check(dotted, 'ipv4') ? null : { family: 4, value: String(v4) };
  }
  return RESERVED.check(address, 'ipv6') ? null : { family: 6, value: String(value) };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** A valid IPv6 address (isIP said so) as a 128-bit number. */
function ipv6Value(address: string): bigint {
  let text = address;
  // A trailing dotted IPv4 part fills the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Value(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}
