// A `cidr` value as the inclusive range the SQL compares against: IPv4 as a number (the store's ip4_num macro),
// IPv6 as 32 lowercase hex digits (ip6_hex), whose text order is numeric order.
import { isIP } from 'node:net';
import { SigmaUnsupported } from './ast';

export type CidrRange = { family: 4; lo: number; hi: number } | { family: 6; lo: string; hi: string };

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** 128 bits of an IPv6 address (Node has validated it), an embedded IPv4 tail included. */
function ipv6Bits(address: string): bigint {
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4Number(v4[1] as string);
    text = `${text.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((bits, g) => (bits << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function cidrRange(value: string): CidrRange {
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const family = isIP(address);
  const prefixText = slash === -1 ? (family === 6 ? '128' : '32') : value.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (family === 0 || !(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) {
    throw new SigmaUnsupported(`\`${value}\` is not a CIDR block`);
  }
  if (family === 4) {
    const size = 2 ** (32 - prefix);
    const lo = Math.floor(ipv4Number(address) / size) * size;
    return { family: 4, lo, hi: lo + size - 1 };
  }
  const hostBits = BigInt(128 - prefix);
  const mask = (1n << hostBits) - 1n;
  const lo = ipv6Bits(address) & ~mask;
  const hex = (bits: bigint) => bits.toString(16).padStart(32, '0');
  return { family: 6, lo: hex(lo), hi: hex(lo | mask) };
}
