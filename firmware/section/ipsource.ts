import { HttpPort, NetPort, Ports } from '../core/ports';
import { maskUrlPass } from '../core/mask';
import { fromRouter, RouterSource } from './router-source';
import { rotation, rotationFailed, rotationWorked } from './rotate';
import type * as MyIp from '../dns/myip';
import { firstIPv4In, firstIPv6In, parseIPv4, parseIPv6, isPrivateIPv4, isPrivateIPv6 } from '../core/ip';

export interface IpSourceOptions {
  /** 'network' | 'web' | 'static' | 'router' | 'dns' */
  source: string;
  ipv6: boolean;
  /** ip_url: space-separated list, rotated; '' = the built-in list (defaultIpUrls) */
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
  /** ip_dns: 'kind@server[:port]' words; '' = the module's built-in list */
  dns?: string;
}

/** The check-IP services asked when ip_url is empty: plain HTTP (no TLS memory on the board)
 *  and HTTPS, each answering with the bare address or a page holding it. README lists them. */
export function defaultIpUrls(): string {
  return 'http://checkip.dyndns.org/ http://ip1.dynupdate.no-ip.com/ http://checkip.amazonaws.com/ ' +
    'https://api.ipify.org/ https://ipv4.icanhazip.com/';
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

// Asks the services of a list in rotation (rotate.ts) until one yields an address: ask(key, cb)
// answers cb(why, ip, retryAfterMs); a failure backs that service off. A private address is not
// the service's fault: it is kept for the caller (upd_privateip), the service is not backed off.
function rotate(o: IpSourceOptions, list: string, what: string,
  ask: (key: string, cb: (why: string, ip: string | null, after: number) => void) => void,
  cb: (err: string | null, ip?: string) => void) {
  var up = function () { return o.ports ? o.ports.clock.uptimeMs() : 0; };
  var keys = rotation(list.split(' ').filter(function (u) { return u.length > 0; }), up());
  var i = 0;
  var priv = '';
  function next(lastErr: string) {
    if (i >= keys.length) { cb(lastErr || 'noip', lastErr === 'private' ? priv : undefined); return; }
    var key = keys[i++];
    ask(key, function (why, ip, after) {
      var good = acceptable(ip, o);
      if (good) { rotationWorked(key); cb(null, good); return; }
      if (ip) { priv = ip; why = 'private ' + ip; } else {
        why += '; skipped for ' + Math.ceil(rotationFailed(key, up(), after) / 60000) + ' min';
      }
      o.log(what + ' ' + maskUrlPass(key) + ' failed: ' + why);
      next(ip ? 'private' : 'noip');
    });
  }
  next('');
}

// ip_source web: one GET per service; a 403, a 429 (with its Retry-After), no host, no
// connection or an answer without an address skips the service.
function fromWeb(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void) {
  rotate(o, o.urls || defaultIpUrls(), 'ip_url', function (url, done) {
    o.http.request({ url: url, headers: { 'User-Agent': o.userAgent }, timeoutMs: 10000, maxBytes: 2048 },
      function (err, res) {
        if (res && o.onResponse) o.onResponse(res.headers);
        var ok = !err && res && res.status === 200;
        var ip = ok ? pick(res!.body, o.ipv6) : null;
        var h = res ? res.headers : {};
        // Retry-After in seconds (a date form counts as none: the back-off applies)
        var after = res && (res.status === 429 || res.status === 503) ?
          (parseInt(h['Retry-After'] || h['retry-after'] || '', 10) || 0) * 1000 : 0;
        done(err || (!ok ? 'http ' + res!.status : 'no address in the answer'), ip, after);
      });
  }, cb);
}

// ip_source dns (our extension): one question per resolver, kind@server[:port]; the asking is
// the module ddns.ipdns, loaded for one check.
function fromDns(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void) {
  var p = o.ports;
  if (o.ipv6 || !p) { cb('ip_source dns gives IPv4 only'); return; }
  var m: typeof MyIp;
  try { m = p.modules.load('ipdns'); } catch (e) { cb('the module ddns.ipdns cannot be loaded: flash the firmware again'); return; }
  rotate(o, o.dns || m.defaultIpDns(), 'ip_dns', function (key, done) {
    m.askAt(p!, key, function (err, ip) { done(err || '', ip || null, 0); });
  }, function (err, ip) {
    p!.modules.drop('ipdns');
    cb(err, ip);
  });
}

// The current address of a section, from the source its ip_source names: cb(null, ip), or
// cb('private', ip) for an address upd_privateip keeps back, or cb(code) when there is none.
export function currentIp(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void): void {
  if (o.source === 'web') { fromWeb(o, cb); return; }
  if (o.source === 'dns') { fromDns(o, cb); return; }
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
