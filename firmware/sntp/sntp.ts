import { UdpPort, ClockPort } from '../core/ports';

// NTP's era starts in 1900; Unix time in 1970.
var NTP_UNIX_OFFSET = 2208988800;

/** A 48-byte SNTP v4 client request (RFC 4330): LI 0, version 4, mode 3. */
export function sntpRequest(): string {
  var s = String.fromCharCode(0x23);
  for (var i = 1; i < 48; i++) s += '\u0000';
  return s;
}

function u32(s: string, at: number): number {
  return ((s.charCodeAt(at) << 24) >>> 0) + (s.charCodeAt(at + 1) << 16) + (s.charCodeAt(at + 2) << 8) + s.charCodeAt(at + 3);
}

/** Unix ms from a server reply, or 0 when it is not a usable answer (kiss-o'-death, unsynced). */
export function sntpTime(reply: string): number {
  if (!reply || reply.length < 48) return 0;
  var mode = reply.charCodeAt(0) & 7;
  var stratum = reply.charCodeAt(1);
  if (mode !== 4 || stratum === 0 || stratum > 15) return 0;
  var secs = u32(reply, 40);
  if (!secs) return 0;
  var ms = (secs - NTP_UNIX_OFFSET) * 1000 + Math.floor(u32(reply, 44) / 4294967.296);
  return ms > 1e12 ? ms : 0;
}

// The board starts at 1970: ask an NTP server once the network is up (not Wifi.setSNTP, which
// fires every pending timer when it jumps the clock). TSIG and AWS signatures need the time.
export function syncClock(o: { udp: UdpPort; clock: ClockPort; server: string; port?: number },
  cb: (err: string | null) => void) {
  o.udp.exchange({ host: o.server, port: o.port || 123, data: sntpRequest(), timeoutMs: 2000 }, function (err, reply) {
    if (err) { cb(err); return; }
    var ms = sntpTime(reply || '');
    if (!ms) { cb('badreply'); return; }
    o.clock.setWallMs(ms);
    cb(null);
  });
}
