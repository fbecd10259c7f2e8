import { HttpPort, NetPort, Ports } from '../core/ports';
import { maskUrlPass } from '../core/mask';
import { fromRouter, RouterSource } from './router-source';
import { Rotation, order, failed, worked } from './rotate';
import type * as MyIp from '../dns/myip';
import { firstIPv4In, firstIPv6In, parseIPv4, parseIPv6, isPrivateIPv4, isPrivateIPv6 } from '../core/ip';

export interface IpSourceOptions {
  /** 'network' | 'web' | 'static' | 'router' | 'dns' */
  source: string;
  ipv6: boolean;
  /** ip_url: space-separated list, rotated; '' = the built-in list (dns/myip.ts defaultIpUrls) */
  urls: string;
  staticIp: string;
  allowPrivate: boolean;
  http: HttpPort;
  net: NetPort;
  userAgent: string;
  log: (msg: string) => void;
  /** sees every HTTP answer (to set the clock from its Date header) */
  onResponse?: (headers: any) => void;
  /** router_fallback_web: behind a second NAT, ip_url answers instead (our extension) */
  routerFallbackWeb?: boolean;
  /** ip_source router: the router watcher, made on first use; null when the board has none */
  router?: () => RouterSource | null;
  /** the board's ports: the clock of the back-offs; for ip_source dns (our extension) UDP, the
   *  random ids and the module ddns.ipdns */
  ports?: Ports;
  /** the rotation's state (rotate.ts), which outlives the module this runs in (ddns.pass is
   *  loaded for each pass) */
  rot: Rotation;
  /** ip_dns: 'kind@server[:port]' words; '' = the module's built-in list */
  dns?: string;
}

function pick(text: string, ipv6: boolean): string | null {
  return ipv6 ? firstIPv6In(text) : firstIPv4In(text);
}

// A private address is never published unless upd_privateip says so (ddns-scripts' rule).
function acceptable(ip: string | null, o: IpSourceOptions): string | null {
  if (!ip) return null;
  if (!o.allowPrivate && (o.ipv6 ? isPrivateIPv6(ip) : isPrivateIPv4(ip))) return null;
  return ip;
}

// ip_source web (and dns: our extension): the services of the list in rotation (rotate.ts)
// until one yields an address; a failure backs that service off. web: one GET per ip_url; a
// 403, a 429 (with its Retry-After), no host, no connection or an answer without an address
// skips it. dns: one question per ip_dns word, kind@server[:port], asked by the module
// ddns.ipdns (loaded for one check). A private address is not the service's fault: it is kept
// for the caller (upd_privateip), the service is not backed off.
function fromWeb(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void) {
  var p = o.ports;
  var dns = o.source === 'dns';
  // the module holds the DNS questions and both built-in lists
  var m: typeof MyIp | null = null;
  if (dns && (o.ipv6 || !p)) { cb('ip_source dns gives IPv4 only'); return; }
  if (dns ? !o.dns : !o.urls) {
    try { m = p!.modules.load('ipdns'); } catch (e) { cb('nomodule ddns.ipdns'); return; }
  }
  var up = function () { return p ? p.clock.uptimeMs() : 0; };
  var R = o.rot;
  var list = dns ? o.dns || m!.defaultIpDns() : o.urls || m!.defaultIpUrls();
  var loaded = !!m;
  if (!dns) m = null;
  var keys = order(R, list.split(' ').filter(function (u) { return u.length > 0; }), up());
  var what = dns ? 'ip_dns' : 'ip_url';
  var i = 0;
  var priv = '';
  var end = function (err: string | null, ip?: string) {
    if (loaded) p!.modules.drop('ipdns');
    cb(err, ip);
  };
  // one service's outcome: why it failed ('' when it did not), the address, Retry-After ms
  var got = function (key: string, why: string, ip: string | null, after: number) {
    var good = acceptable(ip, o);
    if (good) { worked(R, key); end(null, good); return; }
    if (ip) { priv = ip; why = 'private ' + ip; } else why += '; skipped for ' + Math.ceil(failed(R, key, up(), after) / 60000) + ' min';
    o.log(what + ' ' + maskUrlPass(key) + ' failed: ' + why);
    next(ip ? 'private' : 'noip');
  };
  var next = function (lastErr: string) {
    if (i >= keys.length) { end(lastErr || 'noip', lastErr === 'private' ? priv : undefined); return; }
    var key = keys[i++];
    if (dns) {
      if (!m) { try { m = p!.modules.load('ipdns'); loaded = true; } catch (e) { got(key, 'nomodule ddns.ipdns', null, 0); return; } }
      m!.askAt(p!, key, function (err, ip) { got(key, err || '', ip || null, 0); });
      return;
    }
    o.http.request({ url: key, headers: { 'User-Agent': o.userAgent }, timeoutMs: 10000, maxBytes: 2048 },
      function (err, res) {
        if (res && o.onResponse) o.onResponse(res.headers);
        var ok = !err && res && res.status === 200;
        var h = res ? res.headers : {};
        // Retry-After in seconds (a date form counts as none: the back-off applies)
        var after = res && (res.status === 429 || res.status === 503) ?
          (parseInt(h['Retry-After'] || h['retry-after'] || '', 10) || 0) * 1000 : 0;
        got(key, err || (!ok ? 'http ' + res!.status : 'no address in the answer'), ok ? pick(res!.body, o.ipv6) : null, after);
      });
  };
  next('');
}

// The current address of a section, from the source its ip_source names: cb(null, ip), or
// cb('private', ip) for an address upd_privateip keeps back, or cb(code) when there is none.
export function currentIp(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void): void {
  if (o.source === 'web' || o.source === 'dns') { fromWeb(o, cb); return; }
  if (o.source === 'router') { fromRouter(o, fromWeb, cb); return; }
  var ip: string | null = null;
  if (o.source === 'static') ip = o.ipv6 ? parseIPv6(o.staticIp) : parseIPv4(o.staticIp);
  else {
    var info = o.net.info();
    ip = info && !o.ipv6 ? parseIPv4(info.ip) : null;
  }
  var good = acceptable(ip, o);
  cb(good ? null : ip ? 'private' : 'noip', ip || undefined);
}
