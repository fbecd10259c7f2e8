// Tables for the NAT-PMP codec: replies and announcements captured from miniupnpd 2.3.1, and
// everything else that arrives on port 5350 (PCP ANNOUNCE, mapping replies, junk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { natpmpRequest, parseNatPmp } from '../../firmware/router/natpmp';

const bin = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex').toString('latin1');

test('natpmpRequest: version 0, opcode 0', () => {
  assert.equal(natpmpRequest(), '\x00\x00');
});

test('parseNatPmp: public address replies and announcements', () => {
  const rows: Array<[string, string, { result: number; epoch: number; ip: string } | null]> = [
    // what                                 bytes                                   parsed
    ['miniupnpd reply 11.0.0.2 epoch 523', '0080 0000 0000020b 0b000002', { result: 0, epoch: 523, ip: '11.0.0.2' }],
    ['announcement after a change', '0080 0000 00000000 0b000003', { result: 0, epoch: 0, ip: '11.0.0.3' }],
    ['epoch above 2^31 stays positive', '0080 0000 ffffffff cb007101', { result: 0, epoch: 4294967295, ip: '203.0.113.1' }],
    ['result 3: the router has no address', '0080 0003 00000010 00000000', { result: 3, epoch: 16, ip: '' }],
    ['result 0 with 0.0.0.0 is none', '0080 0000 00000001 00000000', { result: 0, epoch: 1, ip: '' }],
    ['result 2 (not authorized) has no address', '0080 0002 00000001 0b000002', { result: 2, epoch: 1, ip: '' }],
    ['private address passes through', '0080 0000 00000001 0a000005', { result: 0, epoch: 1, ip: '10.0.0.5' }],
  ];
  for (const [what, hex, want] of rows) assert.deepEqual(parseNatPmp(bin(hex)), want, what);
});

test('parseNatPmp: rejects everything that is not a version 0 address reply', () => {
  const rows: Array<[string, string]> = [
    ['PCP ANNOUNCE (24 bytes, version 2)', '0280 0000 00000000 00000000 00000000 00000000 00000000'],
    ['version 2 in 12 bytes', '0280 0000 00000000 0b000002'],
    ['version 1', '0180 0000 00000000 0b000002'],
    ['the request itself', '0000'],
    ['opcode 0 (a request echoed)', '0000 0000 00000000 0b000002'],
    ['UDP mapping reply (opcode 129, 16 bytes)', '0081 0000 00000001 1234 5678 00000e10'],
    ['opcode 129 cut to 12 bytes', '0081 0000 00000001 0b000002'],
    ['11 bytes', '0080 0000 00000001 0b0000'],
    ['13 bytes', '0080 0000 00000001 0b000002 00'],
    ['empty', ''],
  ];
  for (const [what, hex] of rows) assert.equal(parseNatPmp(bin(hex)), null, what);
  assert.equal(parseNatPmp('\u0100\x80' + '\x00'.repeat(10)), null, 'chars above 255');
  assert.equal(parseNatPmp(undefined as any), null, 'undefined');
  assert.equal(parseNatPmp(12 as any), null, 'number');
});
