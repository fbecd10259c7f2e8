import test from 'node:test';
import assert from 'node:assert/strict';
import {
  parseIPv4, parseIPv6, ipv6ToBytes, bytesToIPv6, ipv4ToBytes, bytesToIPv4,
  isPrivateIPv4, isPrivateIPv6, firstIPv4In, firstIPv6In
} from '../../firmware/core/ip.ts';

test('parseIPv4: strict dotted quad', () => {
  const rows: [string, string | null][] = [
    ['1.2.3.4', '1.2.3.4'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['192.168.0.10', '192.168.0.10'],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['01.2.3.4', null],
    ['1.2.3.00', null],
    ['1.2.3.', null],
    ['.1.2.3', null],
    ['1..2.3', null],
    [' 1.2.3.4', null],
    ['1.2.3.4 ', null],
    ['1.2.3.-4', null],
    ['1.2.3.+4', null],
    ['1.2.3.4a', null],
    ['0x1.2.3.4', null],
    ['1234.1.1.1', null],
    ['', null],
    ['::1', null]
  ];
  for (const [input, want] of rows) {
    assert.equal(parseIPv4(input), want, input);
  }
});

test('ipv4ToBytes / bytesToIPv4', () => {
  assert.deepEqual(ipv4ToBytes('10.0.255.7'), [10, 0, 255, 7]);
  assert.equal(ipv4ToBytes('10.0.255'), null);
  assert.equal(bytesToIPv4([192, 0, 2, 1]), '192.0.2.1');
});

test('parseIPv6: RFC 4291 text in, RFC 5952 canonical out', () => {
  const rows: [string, string | null][] = [
    ['::', '::'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],          // first of two equal runs
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],                 // longest run wins
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],        // a single 0 is not compressed
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1::', '1::'],
    ['fe80::', 'fe80::'],
    ['FE80::ABCD:EF01', 'fe80::abcd:ef01'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],                   // IPv4-mapped keeps dotted tail
    ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1:2:3:4:5:6:7', null],
    ['1:2:3:4:5:6:7::8', null],
    ['1::2::3', null],
    [':::', null],
    [':1:2:3:4:5:6:7', null],
    ['1:2:3:4:5:6:7:', null],
    ['12345::', null],
    ['g::1', null],
    ['fe80::1%eth0', null],
    ['fe80::1%25eth0', null],
    ['::1.2.3', null],
    ['::1.2.3.04', null],
    ['1.2.3.4::', null],
    ['::1.2.3.4:5', null],
    ['1:2:3:4:5:6:7:1.2.3.4', null],
    ['[::1]', null],
    [' ::1', null],
    ['', null],
    [':', null],
    ['1.2.3.4', null]
  ];
  for (const [input, want] of rows) {
    assert.equal(parseIPv6(input), want, input);
  }
});

test('ipv6ToBytes / bytesToIPv6 round trip', () => {
  const b = ipv6ToBytes('2001:db8::ff00:42:8329');
  assert.deepEqual(b, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0, 0x42, 0x83, 0x29]);
  assert.equal(bytesToIPv6(b as number[]), '2001:db8::ff00:42:8329');
  assert.equal(bytesToIPv6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), '::');
  assert.equal(ipv6ToBytes('nope'), null);
});

test('isPrivateIPv4: the ddns-scripts ranges', () => {
  const rows: [string, boolean][] = [
    ['0.1.2.3', true],
    ['10.0.0.1', true],
    ['100.63.255.255', false],
    ['100.64.0.0', true],
    ['100.127.255.255', true],
    ['100.128.0.0', false],
    ['127.0.0.1', true],
    ['169.254.1.1', true],
    ['169.253.1.1', false],
    ['172.15.255.255', false],
    ['172.16.0.0', true],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['192.168.1.1', true],
    ['192.169.1.1', false],
    ['8.8.8.8', false],
    ['203.0.113.9', false],
    ['not an ip', false],
    ['::1', false]
  ];
  for (const [input, want] of rows) {
    assert.equal(isPrivateIPv4(input), want, input);
  }
});

test('isPrivateIPv6: loopback, unspecified, ULA, link-local, multicast', () => {
  const rows: [string, boolean][] = [
    ['::', true],
    ['::1', true],
    ['::2', false],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['febf::1', true],
    ['fec0::1', true],
    ['ff02::1', true],
    ['::ffff:8.8.8.8', true],
    ['2001:db8::1', false],
    ['2a00:1450:4001::200e', false],
    ['fb00::1', false],
    ['1.2.3.4', false],
    ['garbage', false]
  ];
  for (const [input, want] of rows) {
    assert.equal(isPrivateIPv6(input), want, input);
  }
});

test('firstIPv4In: first valid dotted quad in a body', () => {
  const rows: [string, string | null][] = [
    ['<html><body>Current IP Address: 1.2.3.4</body></html>', '1.2.3.4'],
    ['1.2.3.4', '1.2.3.4'],
    ['{"ip":"203.0.113.7"}', '203.0.113.7'],
    ['Your IP is 198.51.100.1.', '198.51.100.1'],
    ['version 1.2.3 then 5.6.7.8', '5.6.7.8'],
    ['bad 1.2.3.400 good 4.3.2.1', '4.3.2.1'],
    ['oid 1.3.6.1.4.1 then 9.9.9.9', '9.9.9.9'],
    ['leading 01.2.3.4 no', null],
    ['ip=10.0.0.1&x=2', '10.0.0.1'],
    ['abc1.2.3.4def', '1.2.3.4'],
    ['no address here', null],
    ['', null],
    ['2001:db8::1', null]
  ];
  for (const [input, want] of rows) {
    assert.equal(firstIPv4In(input), want, input);
  }
});

test('firstIPv6In: first valid IPv6 in a body, canonical', () => {
  const rows: [string, string | null][] = [
    ['<body>Current IP Address: 2001:DB8::1</body>', '2001:db8::1'],
    ['2001:0db8:0:0:0:0:0:1', '2001:db8::1'],
    ['{"ip":"2a00:1450:4001:82a::200e"}', '2a00:1450:4001:82a::200e'],
    ['IPv6:2001:db8::5', '2001:db8::5'],
    ['ip:2001:db8::6', '2001:db8::6'],
    ['Address 2001:db8::7.', '2001:db8::7'],
    ['time 12:34:56 then fe80::1', 'fe80::1'],
    ['mac aa:bb:cc:dd:ee:ff only', null],
    ['mapped ::ffff:1.2.3.4 ok', '::ffff:1.2.3.4'],
    ['loopback ::1', '::1'],
    ['Current IP Address: 1.2.3.4', null],
    ['deadbeef cafe', null],
    ['', null]
  ];
  for (const [input, want] of rows) {
    assert.equal(firstIPv6In(input), want, input);
  }
});
