import { HttpPort, NetPort } from '../core/ports';
import { maskUrlPass } from '../core/mask';
import { fromRouter, RouterSource } from './router-source';
import { firstIPv4In, firstIPv6In, parseIPv4, parseIPv6, isPrivateIPv4, isPrivateIPv6 } from '../core/ip';

export interface IpSourceOptions {
  /** 'network' | 'web' | 'static' */
  source: string;
  ipv6: boolean;
  /** ip_url: space-separated list, tried in order */
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

// Tries each ip_url in turn and stops at the first that yields an address.
function fromWeb(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void) {
  var urls = o.urls.split(' ').filter(function (u) { return u.length > 0; });
  var i = 0;
  var priv = '';
  function next(lastErr: string) {
    if (i >= urls.length) { cb(lastErr || 'noipurl', lastErr === 'private' ? priv : undefined); return; }
    var url = urls[i++];
    o.http.request({ url: url, headers: { 'User-Agent': o.userAgent }, timeoutMs: 10000, maxBytes: 2048 },
      function (err, res) {
        if (res && o.onResponse) o.onResponse(res.headers);
        var ip = !err && res && res.status === 200 ? pick(res.body, o.ipv6) : null;
        var good = acceptable(ip, o);
        if (good) { cb(null, good); return; }
        var why = err || (res && res.status !== 200 ? 'http ' + res.status : ip ? 'private ' + ip : 'no address');
        o.log('ip_url ' + maskUrlPass(url) + ' failed: ' + why);
        if (ip) priv = ip;
        next(ip ? 'private' : 'noip');
      });
  }
  next('');
}

// The current address of a section, from the source its ip_source names: cb(null, ip), or
// cb('private', ip) for an address upd_privateip keeps back, or cb(code) when there is none.
export function currentIp(o: IpSourceOptions, cb: (err: string | null, ip?: string) => void): void {
  if (o.source === 'web') { fromWeb(o, cb); return; }
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
