// ip_source dns (our extension): the public address from one DNS question to a server that
// answers with the address the question came from. One UDP datagram each way (about 35 bytes
// out, 50-70 back), no TCP, no TLS, no HTTP parse:
//   opendns     myip.opendns.com        A         at resolver1.opendns.com (208.67.222.222)
//   google      o-o.myaddr.l.google.com TXT       at ns1.google.com (216.239.32.10)
//   cloudflare  whoami.cloudflare       TXT CH    at one.one.one.one (1.1.1.1)
// The Storage module ddns.ipdns, loaded by section/ipsource.ts for one check (also for the
// built-in ip_url list).
// The question and the reply go through wire.ts, like every other DNS message of the firmware.

import { UdpPort, ErrCode, Ports } from '../core/ports';
import { encodeQuery, decodeResponse, DnsResponse } from './wire';

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
  var id = Math.floor(o.random() * 65536) & 0xffff;
  // RD set, as dig asks: the services answer either way, and a resolver in between would too
  var query = encodeQuery(id, q[0], q[1], false, q[2]);

  // Ours: a reply with our id that repeats our question (case aside); an error reply may come
  // without the question.
  var ours = function (res: DnsResponse | null): boolean {
    if (!res || res.id !== id) return false;
    if (!res.qname) return res.rcode !== 0 && res.rcode !== 3;
    return res.qname.toLowerCase() === q![0] && res.qtype === q![1] && res.qclass === q![2];
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

  // The first answer of the asked type and class that is an address (A data, or a TXT string
  // that is exactly one); '' when there is none.
  var address = function (res: DnsResponse): string {
    for (var k = 0; k < res.answers.length; k++) {
      var a = res.answers[k];
      if (a.type === q![1] && a.cls === q![2] && dotted(a.data)) return a.data;
    }
    return '';
  };

  o.udp.exchange({ host: o.server, port: o.port, data: query, timeoutMs: o.timeoutMs,
    accept: function (m: string) { return ours(decodeResponse(m)); } },
    function (err, reply) {
      if (err || reply === undefined) { cb(err || 'timeout'); return; }
      var res = decodeResponse(reply);
      if (!res || !ours(res)) { cb('badreply'); return; }
      var rc = res.rcode;
      if (rc) { cb(rc === 3 ? 'nxdomain' : rc === 5 ? 'refused' : rc === 2 ? 'servfail' : 'rcode'); return; }
      var ip = address(res);
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
