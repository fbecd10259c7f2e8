import test from 'node:test';
import assert from 'node:assert/strict';
import { sntpRequest, sntpTime } from '../../firmware/sntp/sntp.ts';

// A reply as a server sends it: mode 4, the given stratum, transmit time at bytes 40..47.
function reply(unixMs: number, stratum = 2, mode = 4): string {
  const b = Buffer.alloc(48);
  b[0] = (4 << 3) | mode;
  b[1] = stratum;
  const secs = Math.floor(unixMs / 1000) + 2208988800;
  b.writeUInt32BE(secs >>> 0, 40);
  b.writeUInt32BE(Math.floor(((unixMs % 1000) / 1000) * 2 ** 32), 44);
  return b.toString('latin1');
}

test('sntp: request is 48 bytes, version 4, client mode', () => {
  const r = sntpRequest();
  assert.equal(r.length, 48);
  assert.equal(r.charCodeAt(0), 0x23);
});

test('sntp: replies as a table', () => {
  const t = Date.UTC(2026, 10, 26, 12, 0, 0, 250);
  const rows: Array<[string, string, number]> = [
    ['a good reply', reply(t), t],
    ['kiss-o-death (stratum 0)', reply(t, 0), 0],
    ['unsynchronised stratum 16', reply(t, 16), 0],
    ['not a server reply (mode 3)', reply(t, 2, 3), 0],
    ['too short', reply(t).slice(0, 40), 0],
    ['empty', '', 0],
  ];
  for (const [what, input, want] of rows) assert.equal(sntpTime(input), want, what);
});
