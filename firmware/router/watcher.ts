// ip_source router: the router knows the public address and says when it changes. Asks the
// gateway (or router_ip) over NAT-PMP and listens for its announcements on UDP 5350; when
// NAT-PMP stays silent, finds the UPnP IGD over SSDP, reads GetExternalIPAddress and subscribes
// to its events (GENA NOTIFY to the board's own HTTP listener). Events get lost (a router drops
// a change while an earlier NOTIFY is in flight, and forgets a subscriber whose callback failed
// once: ROUTER.md), so a safety query runs on check_interval and a change no event announced
// renews the subscription at once.
//
// A hostile LAN: anyone can multicast a NAT-PMP announcement with the gateway's source address,
// and a NOTIFY's sender is unknown (Espruino's http server accepts without the peer's address).
// So an event is only a reason to ask the router now (NAT-PMP to gateway:5351, or SOAP to its
// controlURL, the path of the safety query): the router's answer is what gets recorded and
// published, never the event's claim. A NOTIFY counts only with the current SID. Events are
// coalesced (one question out, one waiting) and spaced: after a question caused by an event
// found nothing new, the next one waits 1 s, then 2, 4... up to 60 s; an answer with a new
// address ends the spacing (a router that drops the old address, then announces the new one,
// is heard at once both times). A flood of forged events costs a handful of small queries.
import { UdpPort, HttpPort, ClockPort, NetPort, UdpListenPort, HttpServerPort, UdpListener,
  HttpServerRequest, Dict } from '../core/ports';
import { natpmpRequest, parseNatPmp, NATPMP_PORT, NATPMP_ANNOUNCE_PORT } from './natpmp';
import { ssdpSearch, parseSsdpReply, parseRootDesc, soapExternalIp, parseExternalIp, subscribeHeaders,
  renewHeaders, unsubscribeHeaders, parseSid, parseTimeout, parseNotify, headerOf, IgdService,
  SSDP_ADDR, SSDP_PORT, WANIP1, MAX_DESC } from './upnp';
import { isPrivateIPv4, parseIPv4 } from '../core/ip';
import { splitUrl } from '../http/url';

export interface RouterOptions {
  udp: UdpPort;
  http: HttpPort;
  clock: ClockPort;
  net: NetPort;
  udpListen?: UdpListenPort;
  httpServer?: HttpServerPort;
  /** router_ip, read at each query ('' : the gateway) */
  routerIp?: () => string;
  /** the safety query period (check_interval), read at each use */
  checkMs: () => number;
  /** where the board listens for GENA NOTIFY (default 8089) */
  callbackPort?: number;
  log: (sev: string, msg: string) => void;
}

export interface RouterStatus {
  /** 'natpmp' | 'upnp' | '' (no answer yet) */
  source: string;
  /** the router asked */
  router: string;
  /** the router's WAN address; '' when it reports none */
  wan: string;
  /** the WAN address is private, CGNAT or none: the board is behind a second NAT */
  doubleNat: boolean;
  /** 'announcements' | 'subscribed' | 'none' */
  events: string;
  /** one plain sentence for the console, the section status and MQTT */
  text: string;
}

export interface RouterWatcher {
  /** asks the router now (or gives its answer when it is less than 1.5 s old) */
  query(cb: (err: string | null, ip?: string, info?: RouterStatus) => void): void;
  /** fn gets the new WAN address ('' for none) whenever it changes */
  onChange(fn: (ip: string) => void): void;
  status(): RouterStatus;
  stop(): void;
}

type QueryCb = (err: string | null, ip?: string, info?: RouterStatus) => void;

var TRIES = [250, 500, 1000];
var FRESH_MS = 1500;
var GENA_SECONDS = 1800;
var EVENT_GAP_MS = 1000;
var EVENT_GAP_MAX = 60000;

// Why: one sentence that says what a DNS name pointing at this address would reach.
export function routerText(source: string, router: string, wan: string | null, err: string): string {
  if (wan === null) return err || 'router ' + (router || '?') + ' not asked yet';
  if (wan === '') return 'behind a second NAT or offline (router WAN address: none reported by ' + router +
    '): a DNS name pointing there cannot reach you';
  if (isPrivateIPv4(wan)) return 'behind a second NAT (router WAN address ' + wan +
    '): a DNS name pointing there cannot reach you';
  return 'router ' + router + ' (' + (source === 'upnp' ? 'UPnP IGD' : 'NAT-PMP') + '): WAN address ' + wan;
}

// Why: the watcher is one object with a handful of timers and no per-query state beyond the
// callbacks waiting for the exchange in flight; RAM on the board is tight.
export function createRouterWatcher(o: RouterOptions): RouterWatcher {
  var c = o.clock;
  var port = o.callbackPort || 8089;
  var mode = '';
  var gw = '';
  var wan: string | null = null;
  var lastAt = -1;
  var lastErr = '';
  var svc: IgdService | null = null;
  var sid = '';
  var subscribing = false;
  var subFails = 0;
  var subTimer: any;
  var safety: any;
  var ann: UdpListener | null = null;
  var annFailed = false;
  var server: { close(): void } | null = null;
  var serverFailed = false;
  var ownIp = '';
  var waiting: QueryCb[] = [];
  var fns: Array<(ip: string) => void> = [];
  var stopped = false;
  // why the question out was asked: 'query', or 'asked after <the event>'
  var why = 'query';
  // the event waiting for its question ('' none), its timer, the spacing, the last one's start
  var evWhy = '';
  var evTimer: any;
  var evGap = 0;
  var evAt = 0;

  // router_ip wins; else the gateway of the current lease ('' when neither is an address).
  function routerAddr(): string {
    var r = o.routerIp ? o.routerIp() : '';
    if (r) return parseIPv4(r) || '';
    var i = o.net.info();
    return i && i.gw ? parseIPv4(i.gw) || '' : '';
  }

  // Why: one snapshot for the console, the section error and the query callbacks.
  function status(): RouterStatus {
    var dn = wan !== null && (wan === '' || isPrivateIPv4(wan));
    return { source: mode, router: gw, wan: wan || '', doubleNat: dn,
      events: mode === 'natpmp' && ann ? 'announcements' : mode === 'upnp' && sid ? 'subscribed' : 'none',
      text: routerText(mode, gw, wan, lastErr) };
  }

  // clearTimeout(undefined) throws on Espruino.
  function clearTimer(t: any) {
    if (t !== undefined) c.clearTimeout(t);
  }

  // The safety query: check_interval after the last answer, whatever brought it.
  function armSafety() {
    clearTimer(safety);
    if (stopped) return;
    safety = c.setTimeout(function () { safety = undefined; query(function () { /* record() reports */ }); },
      Math.max(5000, o.checkMs()));
  }

  // Every address the router answers ends here (events never do); listeners hear only real changes.
  function record(ip: string) {
    var before = wan;
    var via = why;
    wan = ip;
    lastAt = c.uptimeMs();
    lastErr = '';
    armSafety();
    if (before === ip) return;
    evGap = 0;
    var st = status();
    if (before === null) o.log(st.doubleNat ? 'warn' : 'info', st.text);
    else {
      o.log(st.doubleNat ? 'warn' : 'notice', 'router WAN address ' + (ip || 'none') + ' (was ' + (before || 'none') +
        ', ' + via + ')' + (st.doubleNat ? ': ' + st.text : ''));
      if (mode === 'upnp' && via === 'query') renewNow();
      for (var i = 0; i < fns.length; i++) fns[i](ip);
    }
  }

  // ---- NAT-PMP

  // Only version-0 packets from the router's NAT-PMP port count; PCP (first byte 2) shares the
  // port. Their source can be forged: they only make the board ask.
  function onAnnounce(msg: string, rinfo: { address: string; port: number }) {
    if (stopped || rinfo.address !== gw || rinfo.port !== NATPMP_PORT || msg.charCodeAt(0) !== 0) return;
    var r = parseNatPmp(msg);
    if (r && (r.result === 0 || r.result === 3)) onEvent(r.ip, 'a NAT-PMP announcement');
  }

  // Why: bound once, when NAT-PMP answered; a taken port only costs the instant reaction.
  function listenAnnouncements() {
    if (ann || annFailed || !o.udpListen) return;
    ann = o.udpListen.listen(NATPMP_ANNOUNCE_PORT, onAnnounce);
    if (!ann) {
      annFailed = true;
      o.log('warn', 'cannot listen on UDP ' + NATPMP_ANNOUNCE_PORT + ' for NAT-PMP announcements: changes show at the next check');
    }
  }

  // RFC 6886: 250 ms, doubling; three tries. cb(true) when the router answered with an address.
  function natpmp(cb: (ok: boolean) => void) {
    var i = 0;
    // One datagram; the next try waits twice as long.
    function one() {
      if (stopped) { cb(false); return; }
      o.udp.exchange({ host: gw, port: NATPMP_PORT, data: natpmpRequest(), timeoutMs: TRIES[i] }, function (err, reply) {
        var r = !err && reply ? parseNatPmp(reply) : null;
        if (r && (r.result === 0 || r.result === 3)) {
          setMode('natpmp');
          record(r.ip);
          cb(true);
          return;
        }
        if (r || ++i >= TRIES.length) { cb(false); return; }
        one();
      });
    }
    one();
  }

  // ---- UPnP IGD

  // Why: anyone on the LAN can answer the multicast search in the gateway's name, and a
  // description may name any host: only URLs on the router itself are followed.
  function onRouter(url: string): boolean {
    var u = splitUrl(url);
    return !!u && u.host === gw && !u.user;
  }

  // SSDP: replies to the multicast search come from the router's own address.
  function discover(cb: (location: string | null) => void) {
    var l: UdpListener | null = null;
    var t1: any;
    var t2: any;
    var done = false;
    // The first LOCATION from the router, or null after 2 s; the socket closes either way.
    function finish(loc: string | null) {
      if (done) return;
      done = true;
      clearTimer(t1);
      clearTimer(t2);
      if (l) l.close();
      cb(loc);
    }
    if (!o.udpListen || stopped) { finish(null); return; }
    l = o.udpListen.listen(0, function (msg, rinfo) {
      if (rinfo.address !== gw) return;
      var r = parseSsdpReply(msg);
      if (r && onRouter(r.location)) finish(r.location);
    });
    if (!l) { finish(null); return; }
    var search = ssdpSearch(WANIP1, 1);
    l.send(SSDP_ADDR, SSDP_PORT, search);
    t1 = c.setTimeout(function () { t1 = undefined; if (l) l.send(SSDP_ADDR, SSDP_PORT, search); }, 500);
    t2 = c.setTimeout(function () { t2 = undefined; finish(null); }, 2000);
  }

  // GetExternalIPAddress on the known service: the address, or a short reason.
  function soap(cb: (err: string | null, ip?: string) => void) {
    var s = svc as IgdService;
    var q = soapExternalIp(s.serviceType);
    o.http.request({ url: s.controlURL, method: 'POST', headers: q.headers, body: q.body, timeoutMs: 5000, maxBytes: 4096 },
      function (err, res) {
        var ip = !err && res && res.status === 200 && !res.truncated ? parseExternalIp(res.body) : null;
        if (ip === null) { cb(err || (res ? 'GetExternalIPAddress: HTTP ' + res.status : 'GetExternalIPAddress failed')); return; }
        cb(null, ip);
      });
  }

  // Why: discovery, description and first query in one chain; any break means no UPnP.
  function upnp(cb: (err: string | null) => void) {
    discover(function (loc) {
      if (!loc) { cb('no SSDP answer'); return; }
      o.http.request({ url: loc, timeoutMs: 5000, maxBytes: MAX_DESC + 1 }, function (err, res) {
        var s = !err && res && res.status === 200 && !res.truncated ? parseRootDesc(res.body, loc) : null;
        if (s && (!onRouter(s.controlURL) || (s.eventSubURL && !onRouter(s.eventSubURL)))) s = null;
        if (!s) { cb('no WANIPConnection on the router in ' + loc); return; }
        svc = s;
        soap(function (e2, ip) {
          if (e2) { svc = null; cb(e2); return; }
          setMode('upnp');
          record(ip as string);
          cb(null);
        });
      });
    });
  }

  // A GENA NOTIFY counts only with the current SID, and only makes the board ask. The sender's
  // address is unknown on the board. While a new subscription awaits its SID, the router's
  // first event may beat the SUBSCRIBE reply: it gets 200, not 412, and is ignored.
  function onNotify(req: HttpServerRequest, reply: (status: number, headers: Dict<string>, body: string) => void) {
    if (req.method !== 'NOTIFY' || req.path !== '/upnp') { reply(404, {}, ''); return; }
    var s = parseSid(headerOf(req.headers, 'SID'));
    if (!s || s !== sid) { reply(s && subscribing && !sid ? 200 : 412, {}, ''); return; }
    reply(200, {}, '');
    var n = parseNotify(req.body);
    if (!n || stopped) return;
    var ip = n.status === 'Disconnected' ? '' : n.ip;
    if (ip !== undefined) onEvent(ip, 'a UPnP event');
  }

  // Why: a router that refuses events is asked again later, not hammered.
  function retrySubscribe() {
    subFails++;
    var wait = Math.min(60000 * Math.pow(2, subFails - 1), Math.max(60000, o.checkMs()));
    clearTimer(subTimer);
    subTimer = c.setTimeout(function () { subTimer = undefined; subscribe(); }, wait);
  }

  // A new subscription, or a renewal while we hold a SID; a failed renewal subscribes anew.
  function subscribe() {
    if (stopped || mode !== 'upnp' || !svc || !svc.eventSubURL || !o.httpServer || subscribing) return;
    var info = o.net.info();
    if (!info || !info.ip) return;
    if (!server && !serverFailed) {
      server = o.httpServer.serve(port, onNotify, 2048);
      if (!server) {
        serverFailed = true;
        o.log('warn', 'cannot listen on port ' + port + ' for UPnP events: changes show at the next check');
      }
    }
    if (!server) return;
    if (info.ip !== ownIp) sid = '';
    var renewing = sid !== '';
    var headers = renewing ? renewHeaders(sid, GENA_SECONDS)
      : subscribeHeaders('http://' + info.ip + ':' + port + '/upnp', GENA_SECONDS);
    subscribing = true;
    clearTimer(subTimer);
    subTimer = undefined;
    o.http.request({ url: svc.eventSubURL, method: 'SUBSCRIBE', headers: headers, timeoutMs: 5000, maxBytes: 512 },
      function (err, res) {
        subscribing = false;
        if (stopped || mode !== 'upnp') return;
        var got = !err && res && res.status === 200 ? parseSid(headerOf(res.headers, 'SID')) : null;
        if (!got) {
          var why = err || (res ? 'HTTP ' + res.status : 'no SID');
          sid = '';
          if (renewing) { o.log('info', 'UPnP event subscription gone (' + why + '): subscribing again'); subscribe(); return; }
          o.log('warn', 'UPnP event subscription failed (' + why + '): changes show at the next check');
          retrySubscribe();
          return;
        }
        if (!renewing) o.log('info', 'subscribed to UPnP events of ' + gw);
        sid = got;
        ownIp = info!.ip;
        subFails = 0;
        var t = parseTimeout(headerOf(res!.headers, 'TIMEOUT'));
        var sec = t ? t : GENA_SECONDS;
        subTimer = c.setTimeout(function () { subTimer = undefined; subscribe(); }, Math.max(30, Math.floor(sec * 3 / 4)) * 1000);
      });
  }

  // A change no event announced: the router may have forgotten us.
  function renewNow() {
    if (!subscribing) subscribe();
  }

  // Why: frees the router's subscriber slot when we leave UPnP or stop.
  function unsubscribe() {
    clearTimer(subTimer);
    subTimer = undefined;
    if (sid && svc && svc.eventSubURL) {
      o.http.request({ url: svc.eventSubURL, method: 'UNSUBSCRIBE', headers: unsubscribeHeaders(sid), timeoutMs: 3000,
        maxBytes: 256 }, function () { /* best effort */ });
    }
    sid = '';
  }

  // Why: leaving UPnP ends the subscription; entering NAT-PMP opens the announcement port.
  function setMode(m: string) {
    if (m === mode) return;
    if (mode === 'upnp') unsubscribe();
    mode = m;
    if (m === 'natpmp') listenAnnouncements();
  }

  // ---- queries

  // A new router (gateway changed, or UPnP broke): find out again what it speaks.
  function forget(r: string) {
    if (mode === 'upnp') unsubscribe();
    gw = r;
    mode = '';
    svc = null;
  }

  // NAT-PMP first (one datagram), UPnP only when it stays silent.
  function detect(done: (err: string | null) => void) {
    natpmp(function (ok) {
      if (ok) { done(null); return; }
      upnp(function (err) {
        if (!err && !subscribing && !sid) subscribe();
        done(err ? 'router ' + gw + ' answers neither NAT-PMP nor UPnP IGD (' + err + ')' : null);
      });
    });
  }

  // One question to the router, by the protocol that worked last.
  function ask(done: (err: string | null) => void) {
    var r = routerAddr();
    if (!r) { done('no router address (no gateway and no router_ip)'); return; }
    if (r !== gw) forget(r);
    if (mode !== 'upnp' || !svc) { detect(done); return; }
    soap(function (err, ip) {
      if (!err) { record(ip as string); done(null); return; }
      o.log('info', 'UPnP query failed (' + err + '): looking for the router again');
      forget(gw);
      detect(done);
    });
  }

  // Why: callers that ask while a question is out share its answer; an answer less than
  // FRESH_MS old (the one an event just brought) is given at once.
  function query(cb: QueryCb) {
    if (stopped) { c.setTimeout(function () { cb('stopped'); }, 0); return; }
    if (wan !== null && mode && c.uptimeMs() - lastAt < FRESH_MS) {
      c.setTimeout(function () { cb(null, wan as string, status()); }, 0);
      return;
    }
    start(cb);
  }

  // An event claims the address is now `claim`: unless we know that already, ask once the
  // question out (if any) is done and the spacing allows; more events meanwhile add nothing.
  function onEvent(claim: string, cause: string) {
    if (stopped || claim === wan) return;
    if (!evWhy) evWhy = 'asked after ' + cause;
    nextEvent();
  }

  // Why: the one place that turns a waiting event into a question, spaced by evGap.
  function nextEvent() {
    if (!evWhy || stopped || waiting.length || evTimer !== undefined) return;
    var wait = evAt + evGap - c.uptimeMs();
    if (wait > 0) {
      evTimer = c.setTimeout(function () { evTimer = undefined; nextEvent(); }, wait);
      return;
    }
    var before = wan;
    evAt = c.uptimeMs();
    start(function (err) {
      if (err || wan === before) evGap = evGap ? Math.min(evGap * 2, EVENT_GAP_MAX) : EVENT_GAP_MS;
    });
  }

  // One question to the router for every caller waiting; it also answers a waiting event.
  function start(cb: QueryCb) {
    waiting.push(cb);
    if (waiting.length > 1) return;
    why = evWhy || 'query';
    evWhy = '';
    clearTimer(evTimer);
    evTimer = undefined;
    ask(function (err) {
      if (err) {
        lastErr = err;
        armSafety();
      }
      var list = waiting;
      waiting = [];
      for (var i = 0; i < list.length; i++) {
        if (err) list[i](err, undefined, status());
        else list[i](null, wan as string, status());
      }
      nextEvent();
    });
  }

  o.net.onUp(function (info) {
    if (stopped) return;
    if (mode === 'upnp' && info.ip !== ownIp) { sid = ''; renewNow(); }
    query(function () { /* record() reports */ });
  });
  if (o.net.info()) query(function () { /* record() reports */ });

  return {
    query: query,
    onChange: function (fn) { fns.push(fn); },
    status: status,
    stop: function () {
      if (stopped) return;
      if (mode === 'upnp') unsubscribe();
      stopped = true;
      clearTimer(safety);
      clearTimer(subTimer);
      clearTimer(evTimer);
      if (ann) ann.close();
      if (server) server.close();
      ann = null;
      server = null;
      var list = waiting;
      waiting = [];
      for (var i = 0; i < list.length; i++) list[i]('stopped');
    },
  };
}
