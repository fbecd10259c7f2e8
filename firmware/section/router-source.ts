// ip_source router, as ipsource.ts sees it: one hook that main.ts fills with the board's router
// watcher (router/watcher.ts), built on the first query so a board without router sections
// never binds its ports. Behind a second NAT the section may use its ip_url list instead when
// router_fallback_web is '1' (our extension).
import type { IpSourceOptions } from './ipsource';

export interface RouterAnswer { doubleNat: boolean; text: string; }

export interface RouterSource {
  query(cb: (err: string | null, ip?: string, info?: RouterAnswer) => void): void;
  status(): RouterAnswer;
}

type IpCb = (err: string | null, ip?: string) => void;
type WebFn = (o: IpSourceOptions, cb: IpCb) => void;

var factory: (() => RouterSource) | null = null;
var made: RouterSource | null = null;
var lastFallback = '';

/** main.ts: how to build the watcher when a section first asks. */
// Why: the watcher needs ports and config that only the composition root holds.
export function useRouter(f: (() => RouterSource) | null): void {
  factory = f;
  made = null;
}

/** The watcher's status sentence, or '' when no section asked the router yet (console, MQTT). */
// Why: "behind a second NAT" must be visible where the user looks, not only in the log.
export function routerStatusText(): string {
  return made ? made.status().text : '';
}

/** The current address for a section with ip_source router. */
// Why: the router's WAN address is the public one unless it is private, CGNAT or none; then
// the error says why in plain words, or the web source answers when the section allows it.
export function fromRouter(o: IpSourceOptions & { routerFallbackWeb?: boolean }, web: WebFn, cb: IpCb): void {
  if (!made && factory) made = factory();
  if (!made) { cb('ip_source router is not available on this board'); return; }
  if (o.ipv6) { cb('ip_source router gives IPv4 only'); return; }
  made.query(function (err, ip, info) {
    var why = err ? 'router: ' + err : !ip ? (info ? info.text : 'router: no address')
      : info && info.doubleNat && !o.allowPrivate ? info.text : '';
    if (!why) { lastFallback = ''; cb(null, ip); return; }
    if (o.routerFallbackWeb && o.urls) {
      if (why !== lastFallback) o.log(why + '; using ip_url instead (router_fallback_web)');
      lastFallback = why;
      web(o, cb);
      return;
    }
    cb(why);
  });
}
