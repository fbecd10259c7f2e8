// ip_source dns (our extension): the public address from one DNS question to a server that
// answers with the address the question came from. One UDP datagram each way (about 35 bytes
// out, 50-70 back), no TCP, no TLS, no HTTP parse:
//   opendns     myip.opendns.com        A         at resolver1.opendns.com (208.67.222.222)
//   google      o-o.myaddr.l.google.com TXT       at ns1.google.com (216.239.32.10)
//   cloudflare  whoami.cloudflare       TXT CH    at one.one.one.one (1.1.1.1)
// The Storage module ddns.ipdns, loaded by section/ipsource.ts for one check (also for the
// built-in ip_url list).
// The reply is read here and not by wire.ts, whose decoder keeps no TXT data and asks class IN
// only; every read is bounds-checked and nothing the network sends can throw out of it.

import { UdpPort, ErrCode, Ports } from '../core/ports';

export interface MyIpOpts {
  udp: UdpPort;
  /** 'opendns' | 'google' | 'cloudflare' */
  kind: string;
  /** IPv4 address of the server */
  server: string;
  port: number;
  timeoutMs: number;
  random: () => number;
}

/** The question a kind asks: [name, qtype, qclass], or null for an unknown kind. */
// Why: the three services are data; a new one is one line here.
export function myIpQuestion(kind: string): [string, number, number] | null {
  if (kind === 'opendns') return ['myip.opendns.com', 1, 1];
  if (kind === 'google') return ['o-o.myaddr.l.google.com', 16, 1];
  if (kind === 'cloudflare') return ['whoami.cloudflare', 16, 3];
  return null;
}

/** Asks one server for our public IPv4 address: cb(null, ip) or cb(code): 'badkind',
 *  'timeout', 'nxdomain', 'refused', 'servfail', 'rcode', 'noanswer' (the reply holds no
 *  address: a wrong or changed service). Exactly one callback. */
export function askMyIp(o: MyIpOpts, cb: (err: ErrCode | null, ip?: string) => void): void {
  var q = myIpQuestion(o.kind);
  if (!q) { cb('badkind'); return; }
  var u16 = function (n: number) { return String.fromCharCode((n >> 8) & 0xff, n & 0xff); };
  var id = Math.floor(o.random() * 65536) & 0xffff;
  // RD set, as dig asks: the services answer either way, and a resolver in between would too
  var question = '';
  var labels = q[0].split('.');
  for (var l = 0; l < labels.length; l++) question += String.fromCharCode(labels[l].length) + labels[l];
  question += '\x00' + u16(q[1]) + u16(q[2]);
  var query = u16(id) + '\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00' + question;

  // The byte at p, or -1 past the end.
  var at = function (m: string, p: number) { return p < m.length ? m.charCodeAt(p) & 0xff : -1; };
  var word = function (m: string, p: number) { return p + 1 < m.length ? (at(m, p) << 8) | at(m, p + 1) : -1; };
  // ASCII lower case of one byte, so a server's 0x20 case echo still matches.
  var lc = function (c: number) { return c >= 65 && c <= 90 ? c + 32 : c; };

  // Ours: a reply with our id that repeats our question (the first one, case aside).
  var ours = function (m: string): boolean {
    if (m.length < 12 || word(m, 0) !== id || (at(m, 2) & 0x80) === 0) return false;
    // an error reply may come without the question
    if (word(m, 4) !== 1) return (at(m, 3) & 0x0f) !== 0 && (at(m, 3) & 0x0f) !== 3 && word(m, 4) === 0;
    if (m.length < 12 + question.length) return false;
    for (var i = 0; i < question.length; i++) if (lc(at(m, 12 + i)) !== lc(question.charCodeAt(i))) return false;
    return true;
  };

  // Offset after the name at p (labels, ending in a root label or a pointer); -1 if malformed.
  var skipName = function (m: string, p: number): number {
    for (var n = 0; n < 128; n++) {
      var l = at(m, p);
      if (l < 0) return -1;
      if (l === 0) return p + 1;
      if ((l & 0xc0) === 0xc0) return p + 2 <= m.length ? p + 2 : -1;
      if (l & 0xc0) return -1;
      p += l + 1;
    }
    return -1;
  };

  // t when it is a dotted IPv4 address in canonical form (what the services send), else ''.
  var dotted = function (t: string): string {
    var parts = t.split('.');
    if (parts.length !== 4) return '';
    for (var i = 0; i < 4; i++) {
      var n = parseInt(parts[i], 10);
      if (!(n >= 0 && n <= 255) || String(n) !== parts[i]) return '';
    }
    return t;
  };

  // The first address in the answers of the asked type and class: A data, or a TXT string that
  // is exactly an address; '' when there is none.
  var address = function (m: string): string {
    var an = word(m, 6);
    var p = 12 + question.length;
    for (var k = 0; k < an && k < 16; k++) {
      p = skipName(m, p);
      if (p < 0 || p + 10 > m.length) return '';
      var type = word(m, p), cls = word(m, p + 2), len = word(m, p + 8);
      p += 10;
      var end = p + len;
      if (end > m.length) return '';
      if (type === q![1] && cls === q![2]) {
        if (type === 1 && len === 4) return at(m, p) + '.' + at(m, p + 1) + '.' + at(m, p + 2) + '.' + at(m, p + 3);
        for (var s = p; type === 16 && s < end;) {
          var sl = at(m, s);
          if (s + 1 + sl > end) break;
          var ip = sl >= 7 && sl <= 15 ? dotted(m.substr(s + 1, sl)) : '';
          if (ip) return ip;
          s += 1 + sl;
        }
      }
      p = end;
    }
    return '';
  };

  o.udp.exchange({ host: o.server, port: o.port, data: query, timeoutMs: o.timeoutMs, accept: ours },
    function (err, reply) {
      if (err || reply === undefined) { cb(err || 'timeout'); return; }
      if (!ours(reply)) { cb('badreply'); return; }
      var rc = at(reply, 3) & 0x0f;
      if (rc) { cb(rc === 3 ? 'nxdomain' : rc === 5 ? 'refused' : rc === 2 ? 'servfail' : 'rcode'); return; }
      var ip = address(reply);
      if (ip) cb(null, ip); else cb('noanswer');
    });
}

/** The check-IP services ip_source web asks when ip_url is empty: plain HTTP (no TLS memory on
 *  the board) and HTTPS, each answering with the bare address or a page holding it. Here, not
 *  in the core, to keep .bootcde small; README lists them. */
export function defaultIpUrls(): string {
  return 'http://checkip.dyndns.org/ http://ip1.dynupdate.no-ip.com/ http://checkip.amazonaws.com/ ' +
    'https://api.ipify.org/ https://ipv4.icanhazip.com/';
}

/** The resolvers asked when ip_dns is empty (README lists them): two of each service. */
export function defaultIpDns(): string {
  return 'opendns@208.67.222.222 google@216.239.32.10 cloudflare@1.1.1.1 ' +
    'opendns@208.67.220.220 google@216.239.34.10 cloudflare@1.0.0.1';
}

/** askMyIp for one ip_dns word, kind@server[:port] (checked by the validator). */
export function askAt(p: Ports, key: string, cb: (err: ErrCode | null, ip?: string) => void) {
  var a = key.indexOf('@');
  var hp = key.substring(a + 1).split(':');
  askMyIp({ udp: p.udp, kind: key.substring(0, a), server: hp[0], port: hp[1] ? parseInt(hp[1], 10) : 53,
    timeoutMs: 2000, random: p.random || Math.random }, cb);
}
