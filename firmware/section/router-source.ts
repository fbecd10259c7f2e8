// ip_source router, as ipsource.ts sees it: the router watcher (the module ddns.router) comes
// in the section's options as a function that makes it on the first query, so a board without
// router sections never loads it nor binds its ports. Behind a second NAT the section may use
// its ip_url list instead when router_fallback_web is '1' (our extension).
import type { IpSourceOptions } from './ipsource';

export interface RouterAnswer { doubleNat: boolean; text: string; }

export interface RouterSource {
  query(cb: (err: string | null, ip?: string, info?: RouterAnswer) => void): void;
  status(): RouterAnswer;
  /** the last reason the web source answered instead (said once, not at every check) */
  fallback?: string;
}

type IpCb = (err: string | null, ip?: string) => void;
type WebFn = (o: IpSourceOptions, cb: IpCb) => void;

/** The current address for a section with ip_source router. */
// Why: the router's WAN address is the public one unless it is private, CGNAT or none; then
// the error says why in plain words, or the web source answers when the section allows it.
export function fromRouter(o: IpSourceOptions, web: WebFn, cb: IpCb): void {
  var made = o.router ? o.router() : null;
  if (!made) { cb('ip_source router is not available on this board (see the log)'); return; }
  if (o.ipv6) { cb('ip_source router gives IPv4 only'); return; }
  made.query(function (err, ip, info) {
    var why = err ? 'router: ' + err : !ip ? (info ? info.text : 'router: no address')
      : info && info.doubleNat && !o.allowPrivate ? info.text : '';
    if (!why) { made!.fallback = ''; cb(null, ip); return; }
    if (o.routerFallbackWeb && o.urls) {
      if (why !== made!.fallback) o.log(why + '; using ip_url instead (router_fallback_web)');
      made!.fallback = why;
      web(o, cb);
      return;
    }
    cb(why);
  });
}
