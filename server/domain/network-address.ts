// Which network addresses a server-side call (a cadence's webhook) may reach:
// public ones only. An organization's admin writes the URL, so a URL that
// names, or a host name that resolves to, this machine, the local network or
// a cloud's metadata service (169.254.169.254) would let them make the server
// call what only it can reach.
import { BlockList, isIP } from 'node:net';

const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible ::a.b.c.d
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv6 address that carries an IPv4 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::, 6to4 2002::): that address. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const tail = () => `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return tail();
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return tail();
  if (groups[0] === 0x2002) return `${groups[1] >> 8}.${groups[1] & 255}.${groups[2] >> 8}.${groups[2] & 255}`;
  return null;
}

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail included), or null when it is not one. */
function expandIpv6(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split('%')[0];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const front = part(head);
  const back = tail === null ? [] : part(tail);
  const middle = tail === null ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  const groups = [...front, ...middle, ...back];
  return groups.length === 8 ? groups : null;
}

/** Whether an IP address is in a list; an IPv6 address that carries an IPv4 one is looked up as that. */
function listed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 4) return list.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  return v4 !== null ? list.check(v4, 'ipv4') : list.check(address.split('%')[0], 'ipv6');
}

/** Whether an IP address (v4 or v6, as text) is on the public internet; anything else, or not an address, is not. */
export function isPublicAddress(address: string): boolean {
  return isIP(address) !== 0 && !listed(notPublic, address);
}

/** Whether an IP address is this machine's loopback (127.0.0.0/8, ::1, or ::ffff:127.x.x.x). */
export function isLoopbackAddress(address: string): boolean {
  return listed(loopback, address);
}

/**
 * Why a server-side call may not connect to an address, or null when it may: public addresses, and this machine's
 * loopback outside production (a receiver run beside a development server or a test).
 */
export function addressRefusal(address: string, production: boolean): string | null {
  if (isPublicAddress(address)) return null;
  if (!production && isLoopbackAddress(address)) return null;
  return `${address} is not a public internet address.`;
}
