// Which addresses a webhook call may reach (server/domain/network-address.ts): the public internet only, and this
// machine's loopback outside production; every other range, in every spelling of it, is refused.
import { describe, expect, it } from 'vitest';
import { addressRefusal, isLoopbackAddress, isPublicAddress } from '../../server/domain/network-address.ts';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['172.32.0.1', true],
    ['100.128.0.1', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['10.0.0.5', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['198.18.0.1', false],
    ['::', false],
    ['::1', false],
    ['::a00:1', false],
    ['fd00::1', false],
    ['fc12:3456::1', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    // IPv4 inside IPv6: mapped, in both spellings, NAT64 and 6to4.
    ['::ffff:10.0.0.1', false],
    ['::ffff:a9fe:a9fe', false],
    ['::ffff:127.0.0.1', false],
    ['64:ff9b::a00:1', false],
    ['64:ff9b::808:808', true],
    ['2002:c0a8:101::1', false],
    ['2002:808:808::1', true],
    ['not an address', false],
    ['', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('addressRefusal', () => {
  it('lets a call reach public addresses anywhere, and loopback outside production only', () => {
    expect(addressRefusal('8.8.8.8', true)).toBeNull();
    expect(addressRefusal('127.0.0.1', false)).toBeNull();
    expect(addressRefusal('::1', false)).toBeNull();
    expect(addressRefusal('::ffff:127.0.0.1', false)).toBeNull();
    expect(addressRefusal('127.0.0.1', true)).toMatch(/127\.0\.0\.1 is not a public/);
    expect(addressRefusal('::1', true)).not.toBeNull();
    // The local network and the metadata service are refused outside production too.
    expect(addressRefusal('169.254.169.254', false)).not.toBeNull();
    expect(addressRefusal('192.168.0.10', false)).not.toBeNull();
  });

  it('knows loopback in its spellings', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('127.255.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:7f00:1')).toBe(true);
    expect(isLoopbackAddress('10.0.0.1')).toBe(false);
    expect(isLoopbackAddress('localhost')).toBe(false);
  });
});
