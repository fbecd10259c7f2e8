// bind-nsupdate: ddns-scripts runs BIND's nsupdate ('update del NAME TYPE', 'update add NAME TTL
// TYPE IP', signed with a TSIG key). The board has no nsupdate, so this sends the same RFC 2136
// UPDATE itself over UDP (TCP with force_dnstcp=1 or when the reply is truncated), signed with
// TSIG hmac-sha256, and checks the signature of the reply.
//
// Options, as ddns-scripts reads them:
//   username    TSIG key name; 'hmac-sha256:NAME' (nsupdate's key syntax) is accepted too
//   password    the key secret, base64 (the 'secret' of the key in named.conf)
//   dns_server  the primary server, IPv4 with an optional ':port' (default 53)
//   domain      the FQDN to update
//   param_opt   optional 'zone=ZONE' and 'ttl=N', joined by '&' (or ','):
//               'zone=example.com&ttl=300'. Without zone, the zone is the domain minus its first
//               label (home.example.com -> example.com); an apex name needs zone=. TTL defaults
//               to 60 (ddns-scripts' script uses 600; a short TTL lets a change reach resolvers
//               sooner, which is the point of dynamic DNS).
// Differences: the reply is read (ddns-scripts ignores nsupdate's result and always reports
// success); an unsigned or badly signed reply is refused, so a forged answer can neither
// confirm nor stop the section. Needs the wall clock (TSIG time): with the clock unset the
// update is not sent and retried later.

import { ApiContext, ApiResult } from '../types';
import { paramValue } from '../kit/params';
import { ErrCode } from '../../core/ports';
import { TYPE_A, TYPE_AAAA, tcpFrame, tcpUnframe } from '../../dns/wire';
import {
  encodeUpdate, signTsig, verifyTsig, TsigKey, HMAC_SHA256, OPCODE_UPDATE,
  RCODE_NOERROR, RCODE_SERVFAIL, RCODE_NXDOMAIN, RCODE_REFUSED, RCODE_NOTAUTH, RCODE_NOTZONE,
  TSIG_BADSIG, TSIG_BADKEY, TSIG_BADTIME
} from '../../dns/update';
import { b64decode } from '../../core/base64';
import { ipv4ToBytes } from '../../core/ip';

var TIMEOUT_MS = 5000;
var UDP_TRIES = 2;
var TCP_MAX = 4098;


// dns_server as { host, port } when it is IPv4 with an optional port, else null: the board's
// UDP and TCP reach IPv4 addresses only, and resolving a name would need a DNS server too.
function serverOf(s: string): { host: string; port: number } | null {
  var colon = (s || '').indexOf(':');
  var host = colon >= 0 ? s.substring(0, colon) : (s || '');
  var port = colon >= 0 ? parseInt(s.substring(colon + 1), 10) : 53;
  if (!ipv4ToBytes(host) || !(port >= 1 && port <= 65535)) { return null; }
  return { host: host, port: port };
}

// Lowercase name without a trailing dot, so names compare as DNS compares them.
function canon(n: string): string {
  var s = (n || '').toLowerCase();
  return s.charAt(s.length - 1) === '.' ? s.substring(0, s.length - 1) : s;
}

// True when name is zone or below it.
function inZone(name: string, zone: string): boolean {
  if (name === zone) { return true; }
  return name.length > zone.length + 1 && name.substring(name.length - zone.length - 1) === '.' + zone;
}

// What the reply says, once its signature has been checked.
function outcome(rcode: number, tsigError: number, zone: string, name: string): ApiResult {
  if (tsigError === TSIG_BADTIME) {
    return { word: 'badauth', text: 'server refused the signature time (BADTIME): check the clock' };
  }
  if (tsigError === TSIG_BADKEY) { return { word: 'badauth', text: 'server does not know this key (BADKEY)' }; }
  if (tsigError === TSIG_BADSIG) { return { word: 'badauth', text: 'wrong key secret (BADSIG)' }; }
  if (tsigError !== 0) { return { word: 'badauth', text: 'TSIG error ' + tsigError }; }
  if (rcode === RCODE_NOERROR) { return { word: 'good', text: name + ' updated' }; }
  if (rcode === RCODE_REFUSED) {
    return { word: 'badauth', text: 'server refused the update (REFUSED): check allow-update and the key' };
  }
  // NOTAUTH with a good signature and no TSIG error is RFC 2136's 'not authoritative for the
  // zone' (TSIG failures come with a TSIG error, handled above)
  if (rcode === RCODE_NOTZONE || rcode === RCODE_NXDOMAIN || rcode === RCODE_NOTAUTH) {
    return { word: 'nohost', text: 'server is not primary for zone ' + zone + ' (set param_opt zone=)' };
  }
  if (rcode === RCODE_SERVFAIL) { return { word: 'dnserr', text: 'server failed (SERVFAIL)' }; }
  return { word: 'dnserr', text: 'server answered RCODE ' + rcode };
}

interface Setup {
  /** set when the section cannot be sent: what to report instead */
  fail?: ApiResult;
  key: TsigKey;
  host: string;
  port: number;
  name: string;
  zone: string;
  ttl: number;
}

// A Setup that only says what is wrong with the section.
function failed(word: string, text: string): Setup {
  // the other fields are placeholders, never used
  return { fail: { word: word, text: text }, key: { name: '', secret: '', sha256: String }, host: '', port: 0,
    name: '', zone: '', ttl: 0 };
}

// The settings of one update, or (in fail) what is wrong with the section.
function setup(ctx: ApiContext): Setup {
  var o = ctx.opts;
  if (!ctx.sha256) { return failed('badsys', 'no SHA-256 on this board: TSIG cannot be computed'); }
  var user = o.username || '';
  var colon = user.indexOf(':');
  if (colon >= 0) {
    if (user.substring(0, colon).toLowerCase() !== HMAC_SHA256) {
      return failed('badauth', 'only hmac-sha256 keys are supported');
    }
    user = user.substring(colon + 1);
  }
  var secret = b64decode(o.password || '');
  if (!user || !secret) { return failed('badauth', 'username must be the key name, password its base64 secret'); }
  var srv = serverOf(o.dns_server || '');
  if (!srv) { return failed('badsys', 'dns_server must be the server\'s IPv4 address, optional :port'); }
  var name = canon(o.domain || '');
  var zone = canon(paramValue(o.param_opt, 'zone'));
  if (!zone) { zone = name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : ''; }
  if (!name || !zone || !inZone(name, zone)) {
    return failed('notfqdn', 'domain must be a name inside the zone (param_opt zone=)');
  }
  var ttlText = paramValue(o.param_opt, 'ttl');
  var ttl = ttlText ? parseInt(ttlText, 10) : 60;
  if (!(ttl >= 0 && ttl <= 2147483647)) { ttl = 60; }
  var key: TsigKey = { name: user, secret: secret, sha256: ctx.sha256 };
  return { key: key, host: srv.host, port: srv.port, name: name, zone: zone, ttl: ttl };
}

// One signed UPDATE, fresh ID and time on every try; the reply is checked and mapped to the
// words policy.ts knows. Exactly one callback.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var s = setup(ctx);
  if (s.fail) { cb(s.fail); return; }
  if (!ctx.clock.wallMs()) { cb({ word: 'dnserr', text: 'clock not set: TSIG needs the time' }); return; }
  var type = ctx.ipv6 ? TYPE_AAAA : TYPE_A;
  var done = false;
  // Exactly one callback, whatever a late or duplicate reply does.
  var finish = function (r: ApiResult) {
    if (done) { return; }
    done = true;
    cb(r);
  };

  // A signed message; null (after finishing) when the name or address cannot be encoded.
  var build = function (): { id: number; msg: string; mac: string } | null {
    var id = Math.floor(ctx.random() * 65536) & 0xffff;
    try {
      var m = encodeUpdate({ id: id, zone: s.zone, name: s.name, type: type, ttl: s.ttl, data: ctx.ip });
      var signed = signTsig(m, s.key, Math.floor(ctx.clock.wallMs() / 1000));
      return { id: id, msg: signed.msg, mac: signed.mac };
    } catch (e) {
      finish(e === 'badip' ? { err: 'badip', text: 'not an address: ' + ctx.ip } :
        { word: 'notfqdn', text: 'cannot encode ' + s.name + ' / ' + s.zone });
      return null;
    }
  };

  // Settles on a reply to request q; returns false when it is not a reply to q.
  var settle = function (reply: string, q: { id: number; mac: string }): boolean {
    if (reply.length < 12 || ((reply.charCodeAt(0) << 8) | reply.charCodeAt(1)) !== q.id) { return false; }
    var flags = reply.charCodeAt(2);
    if ((flags & 0x80) === 0 || ((flags >> 3) & 0x0f) !== OPCODE_UPDATE) { return false; }
    var v = verifyTsig(reply, s.key, q.mac);
    if (v.result === 'unsigned') { finish({ err: 'badsig', text: 'reply is not signed: ignored' }); return true; }
    if (v.result === 'bad') { finish({ err: 'badsig', text: 'reply signature does not verify: ignored' }); return true; }
    finish(outcome(v.rcode, v.error, s.zone, s.name));
    return true;
  };

  // TCP (force_dnstcp, or after a truncated UDP reply): one try, the port has its own timeout.
  var viaTcp = function () {
    var q = build();
    if (!q) { return; }
    ctx.tcp.exchange({ host: s.host, port: s.port, data: tcpFrame(q.msg), timeoutMs: TIMEOUT_MS,
      maxBytes: TCP_MAX, done: function (buf: string) { return tcpUnframe(buf) !== null; }
    }, function (err: ErrCode | null, reply?: string) {
      if (err) { finish({ err: err, text: 'TCP to ' + s.host + ':' + s.port + ': ' + err }); return; }
      var msg = tcpUnframe(reply || '');
      if (msg === null || !settle(msg, q!)) { finish({ err: 'badreply', text: 'no valid reply over TCP' }); }
    });
  };

  // UDP with a second try on silence or a reply that is not ours: the update is idempotent
  // (delete the RRset, add one record), so sending it twice is harmless.
  var viaUdp = function (left: number) {
    var q = build();
    if (!q) { return; }
    ctx.udp.exchange({ host: s.host, port: s.port, data: q.msg, timeoutMs: TIMEOUT_MS },
      function (err: ErrCode | null, reply?: string) {
        if (done) { return; }
        var r = reply || '';
        if (!err && r.length >= 12 && (r.charCodeAt(2) & 0x02) &&
            ((r.charCodeAt(0) << 8) | r.charCodeAt(1)) === q!.id) {
          ctx.log('nsupdate: reply truncated, retrying over TCP');
          viaTcp();
          return;
        }
        if (!err && settle(r, q!)) { return; }
        if (left > 1) { viaUdp(left - 1); return; }
        finish({ err: err || 'badreply', text: 'no valid reply from ' + s.host + ':' + s.port });
      });
  };

  if (ctx.opts.force_dnstcp === '1') { viaTcp(); } else { viaUdp(UDP_TRIES); }
}
