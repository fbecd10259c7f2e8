// The router watcher (router/watcher.ts) and ip_source router (section/router-source.ts) on
// in-memory ports with a hand-driven clock: retry timing, which packets count, what the status
// says, GENA subscription upkeep, the safety query. test/router/ runs them against miniupnpd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRouterWatcher, RouterOptions } from '../../firmware/router/watcher';
import { fromRouter, RouterSource } from '../../firmware/section/router-source';

const GW = '192.168.77.1';
const bin = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex').toString('latin1');
const natpmp = (ip: number[], result = 0, epoch = 1) =>
  String.fromCharCode(0, 128, result >> 8, result & 255, 0, 0, epoch >> 8, epoch & 255, ...ip);
const SOAP = (ip: string) => `<s:Envelope><s:Body><u:GetExternalIPAddressResponse><NewExternalIPAddress>${ip}` +
  '</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>';
const DESC = '<root><device><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1' +
  '</serviceType><controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL></service></serviceList></device></root>';
const NOTIFY = (status: string, ip: string) => '<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property>' +
  `<ConnectionStatus>${status}</ConnectionStatus></e:property><e:property><ExternalIPAddress>${ip}</ExternalIPAddress>` +
  '</e:property></e:propertyset>';

// A board in memory: every port records what it was asked; the test decides the answers.
function rig(answer: { udp?: (host: string, data: string) => string | null; http?: (req: any) => any;
  httpMs?: (req: any) => number } = {}) {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  const log: string[] = [];
  const exchanges: any[] = [];
  const requests: any[] = [];
  const listeners: Record<string, (msg: string, rinfo: any) => void> = {};
  const sent: any[] = [];
  let notify: any = null;
  const ups: Array<(i: any) => void> = [];
  const info = { ip: '192.168.77.10', gw: GW, netmask: '255.255.255.0' };
  const o: RouterOptions = {
    clock: {
      uptimeMs: () => now, wallMs: () => 0, setWallMs: () => {},
      setTimeout: (fn: () => void, ms: number) => { const t = { at: now + ms, fn }; timers.push(t); return t; },
      clearTimeout: (t: any) => { timers = timers.filter((x) => x !== t); },
    },
    udp: {
      exchange: (q, cb) => {
        exchanges.push(q);
        const r = answer.udp ? answer.udp(q.host, q.data) : null;
        const t = o.clock.setTimeout(() => cb(r === null ? 'timeout' : null, r === null ? undefined : r), r === null ? q.timeoutMs : 1);
        return t;
      },
    },
    http: {
      request: (req, cb) => {
        requests.push(req);
        const r = answer.http ? answer.http(req) : { status: 404, headers: {}, body: '' };
        o.clock.setTimeout(() => (typeof r === 'string' ? cb(r) : cb(null, { truncated: false, headers: {}, ...r })),
          answer.httpMs ? answer.httpMs(req) : 1);
      },
    },
    net: { info: () => info, onUp: (fn) => { ups.push(fn); }, onDown: () => {} },
    udpListen: {
      listen: (port, fn) => {
        listeners[port] = fn;
        return { send: (host, p, data) => { sent.push({ port, host, p, data }); }, close: () => { delete listeners[port]; } };
      },
    },
    httpServer: { serve: (port, handler) => { notify = handler; return { close: () => { notify = null; } }; } },
    checkMs: () => 600000,
    log: (sev, msg) => { log.push(sev + ' ' + msg); },
  };
  // Runs every timer due within ms, in time order.
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  const post = (headers: any, body: string) => {
    let out: any = null;
    notify({ method: 'NOTIFY', path: '/upnp', headers, body }, (status: number) => { out = status; });
    return out;
  };
  return { o, advance, log, exchanges, requests, listeners, sent, post, ups, info, get notify() { return notify; } };
}

test('NAT-PMP: three tries at 250, 500 and 1000 ms, then SSDP to 239.255.255.250:1900', () => {
  const r = rig();
  const w = createRouterWatcher(r.o);
  r.advance(1749);
  assert.deepEqual(r.exchanges.map((e) => [e.host, e.port, e.timeoutMs, e.data]),
    [[GW, 5351, 250, '\x00\x00'], [GW, 5351, 500, '\x00\x00'], [GW, 5351, 1000, '\x00\x00']]);
  assert.equal(r.sent.length, 0);
  r.advance(1);
  assert.equal(r.sent.length, 1);
  assert.equal(r.sent[0].host, '239.255.255.250');
  assert.equal(r.sent[0].p, 1900);
  assert.match(r.sent[0].data, /^M-SEARCH \* HTTP\/1\.1\r\n/);
  r.advance(500);
  assert.equal(r.sent.length, 2, 'the search is sent twice');
  r.advance(2000);
  assert.equal(w.status().source, '');
  assert.equal(w.status().text, 'router 192.168.77.1 answers neither NAT-PMP nor UPnP IGD (no SSDP answer)');
  let got: any[] = [];
  w.query((...a) => { got = a; });
  w.stop();
  assert.equal(got[0], 'stopped');
  const n = r.exchanges.length;
  r.advance(10000);
  assert.equal(r.exchanges.length, n, 'nothing more after stop');
});

// A watcher on a NAT-PMP router that answers 11.0.0.2 (setExt changes that), after its first answer.
function natpmpRig() {
  let ext = [11, 0, 0, 2];
  const r = rig({ udp: () => natpmp(ext) });
  const w = createRouterWatcher(r.o);
  const changes: string[] = [];
  w.onChange((ip) => changes.push(ip));
  r.advance(10);
  return { r, w, changes, setExt: (ip: number[]) => { ext = ip; } };
}

test('NAT-PMP: answers, announcements from gateway:5351 only, PCP ignored, changes reported once', () => {
  const { r, w, changes, setExt } = natpmpRig();
  assert.deepEqual(w.status(), { source: 'natpmp', router: GW, wan: '11.0.0.2', doubleNat: false, events: 'announcements',
    text: 'router 192.168.77.1 (NAT-PMP): WAN address 11.0.0.2' });
  const ann = r.listeners[5350];
  assert.ok(ann, 'listens on 5350');
  setExt([11, 0, 0, 3]);
  const n = r.exchanges.length;
  ann(natpmp([11, 0, 0, 3]), { address: '192.168.77.99', port: 5351 });
  ann(natpmp([11, 0, 0, 3]), { address: GW, port: 5350 });
  ann(bin('0280 0000 00000000 00000000 00000000 00000000 00000000'), { address: GW, port: 5351 });
  ann(natpmp([11, 0, 0, 3]).slice(0, 11), { address: GW, port: 5351 });
  r.advance(10);
  assert.equal(r.exchanges.length, n, 'none of these makes the board ask');
  assert.deepEqual(changes, []);
  ann(natpmp([11, 0, 0, 3], 0, 0), { address: GW, port: 5351 });
  ann(natpmp([11, 0, 0, 3], 0, 0), { address: GW, port: 5351 });
  r.advance(1);
  assert.deepEqual(changes, ['11.0.0.3']);
  assert.ok(r.log.some((l) => l === 'notice router WAN address 11.0.0.3 (was 11.0.0.2, asked after a NAT-PMP announcement)'));
  // the answer an event just brought is given to the next query without asking again
  const m = r.exchanges.length;
  let got: any[] = [];
  w.query((...a) => { got = a; });
  r.advance(1);
  assert.equal(got[1], '11.0.0.3');
  assert.equal(r.exchanges.length, m);
  w.stop();
  assert.equal(r.listeners[5350], undefined, 'stop closes the socket');
});

test('status: private, CGNAT and none are a second NAT, said plainly', () => {
  const rows: Array<[string, number[], number, string]> = [
    ['CGNAT', [100, 64, 0, 2], 0, 'behind a second NAT (router WAN address 100.64.0.2): a DNS name pointing there cannot reach you'],
    ['10/8', [10, 1, 2, 3], 0, 'behind a second NAT (router WAN address 10.1.2.3): a DNS name pointing there cannot reach you'],
    ['result 3', [0, 0, 0, 0], 3, 'behind a second NAT or offline (router WAN address: none reported by 192.168.77.1): ' +
      'a DNS name pointing there cannot reach you'],
  ];
  for (const [what, ip, result, text] of rows) {
    const r = rig({ udp: () => natpmp(ip, result) });
    const w = createRouterWatcher(r.o);
    r.advance(10);
    assert.equal(w.status().doubleNat, true, what);
    assert.equal(w.status().text, text, what);
    assert.ok(r.log.some((l) => l === 'warn ' + text), what);
    w.stop();
  }
});

test('NAT-PMP refused (result 2) goes straight to UPnP; router_ip wins over the gateway', () => {
  const r = rig({ udp: (host) => (host === '192.168.77.2' ? natpmp([11, 0, 0, 2], 2) : null) });
  r.o.routerIp = () => '192.168.77.2';
  const w = createRouterWatcher(r.o);
  r.advance(5);
  assert.equal(r.exchanges.length, 1);
  assert.equal(r.sent.length, 1, 'SSDP search started at once');
  w.stop();
});

// Drives a watcher to a UPnP subscription: no NAT-PMP, SSDP reply, description, SOAP, SUBSCRIBE.
function upnpRig(timeout = 'Second-1800') {
  let ext = '11.0.0.2';
  let sid = 'uuid:sub-1';
  let subMs = 1;
  const r = rig({
    udp: () => null,
    httpMs: (req: any) => (req.method === 'SUBSCRIBE' ? subMs : 1),
    http: (req: any) => {
      if (req.url === 'http://192.168.77.1:5000/rootDesc.xml') return { status: 200, body: DESC };
      if (req.method === 'POST') return { status: 200, body: SOAP(ext) };
      if (req.method === 'SUBSCRIBE') {
        if (req.headers.SID && req.headers.SID !== sid) return { status: 412, body: '' };
        return { status: 200, headers: { SID: sid, Timeout: timeout }, body: '' };
      }
      return { status: 404, body: '' };
    },
  });
  const w = createRouterWatcher(r.o);
  r.advance(1760);
  r.listeners[0]('HTTP/1.1 200 OK\r\nLOCATION: http://192.168.77.1:5000/rootDesc.xml\r\n\r\n', { address: GW, port: 1900 });
  r.advance(10);
  return { r, w, setExt: (ip: string) => { ext = ip; }, setSid: (s: string) => { sid = s; },
    setSubMs: (ms: number) => { subMs = ms; } };
}

test('UPnP: discovery, SOAP, SUBSCRIBE with the board\'s own callback, NOTIFY checked by SID', () => {
  const { r, w, setExt } = upnpRig();
  assert.equal(w.status().source, 'upnp');
  assert.equal(w.status().wan, '11.0.0.2');
  assert.equal(w.status().events, 'subscribed');
  const soap = r.requests.find((q) => q.method === 'POST');
  assert.equal(soap.url, 'http://192.168.77.1:5000/ctl/IPConn');
  assert.equal(soap.headers.SOAPAction, '"urn:schemas-upnp-org:service:WANIPConnection:1#GetExternalIPAddress"');
  const sub = r.requests.find((q) => q.method === 'SUBSCRIBE');
  assert.equal(sub.url, 'http://192.168.77.1:5000/evt/IPConn');
  assert.deepEqual(sub.headers, { CALLBACK: '<http://192.168.77.10:8089/upnp>', NT: 'upnp:event', TIMEOUT: 'Second-1800' });
  const changes: string[] = [];
  w.onChange((ip) => changes.push(ip));
  assert.equal(r.post({ SID: 'uuid:other' }, NOTIFY('Connected', '11.0.0.9')), 412);
  setExt('');
  assert.equal(r.post({ sid: 'uuid:sub-1' }, NOTIFY('Disconnected', '0.0.0.0')), 200);
  r.advance(10);
  setExt('11.0.0.3');
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Connected', '11.0.0.3')), 200);
  assert.equal(r.post({ SID: 'uuid:sub-1' }, '<html/>'), 200);
  r.advance(1000);
  assert.deepEqual(changes, ['', '11.0.0.3']);
  let res = 0;
  r.notify({ method: 'GET', path: '/', headers: {}, body: '' }, (s: number) => { res = s; });
  assert.equal(res, 404);
  w.stop();
  const unsub = r.requests.find((q) => q.method === 'UNSUBSCRIBE');
  assert.deepEqual(unsub.headers, { SID: 'uuid:sub-1' });
});

test('UPnP: renew at 3/4 of the granted TIMEOUT; a 412 renewal subscribes again', () => {
  const { r, w, setSid } = upnpRig('Second-100');
  const subs = () => r.requests.filter((q) => q.method === 'SUBSCRIBE');
  assert.equal(subs().length, 1);
  r.advance(74000);
  assert.equal(subs().length, 1);
  r.advance(1100);
  assert.deepEqual(subs()[1].headers, { SID: 'uuid:sub-1', TIMEOUT: 'Second-1800' });
  setSid('uuid:sub-2');
  r.advance(76000);
  const s = subs();
  assert.deepEqual(s[2].headers, { SID: 'uuid:sub-1', TIMEOUT: 'Second-1800' });
  assert.equal(s[3].headers.CALLBACK, '<http://192.168.77.10:8089/upnp>');
  assert.ok(r.log.some((l) => /subscription gone \(HTTP 412\): subscribing again/.test(l)));
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Connected', '11.0.0.3')), 412, 'the old SID is refused');
  w.stop();
});

test('UPnP: the safety query on check_interval finds an unannounced change and renews at once', () => {
  const { r, w, setExt } = upnpRig();
  const changes: string[] = [];
  w.onChange((ip) => changes.push(ip));
  setExt('11.0.0.7');
  const before = r.requests.length;
  r.advance(599000);
  assert.equal(r.requests.length, before);
  r.advance(1100);
  assert.deepEqual(changes, ['11.0.0.7']);
  const after = r.requests.slice(before).map((q) => q.method);
  assert.deepEqual(after, ['POST', 'SUBSCRIBE'], 'query, then an early renewal');
  w.stop();
});

test('a new lease: the watcher asks again, and a new own address gets a new subscription', () => {
  const { r, w } = upnpRig();
  const subs = () => r.requests.filter((q) => q.method === 'SUBSCRIBE');
  r.info.ip = '192.168.77.11';
  for (const fn of r.ups) fn({ ...r.info });
  r.advance(10);
  assert.equal(subs()[1].headers.CALLBACK, '<http://192.168.77.11:8089/upnp>');
  w.stop();
});

// ---- ipsource-router

function source(err: string | null, ip: string, doubleNat: boolean): RouterSource {
  const info = { doubleNat, text: doubleNat ? 'behind a second NAT (router WAN address ' + ip + '): x' : 'ok' };
  return { query: (cb) => cb(err, ip, info), status: () => info };
}

function ask(src: RouterSource | null, opts: any = {}) {
  const logs: string[] = [];
  let out: any[] = [];
  const web = (_o: any, cb: any) => cb(null, '203.0.113.9');
  fromRouter({ source: 'router', ipv6: false, urls: '', staticIp: '', allowPrivate: false, http: null as any,
    net: null as any, userAgent: 'x', log: (m: string) => logs.push(m), router: () => src, ...opts }, web, (...a: any[]) => { out = a; });
  return { out, logs };
}

test('fromRouter: public address, double NAT errors, router_fallback_web, upd_privateip', () => {
  assert.deepEqual(ask(source(null, '11.0.0.2', false)).out, [null, '11.0.0.2']);
  assert.deepEqual(ask(source(null, '100.64.0.2', true)).out, ['behind a second NAT (router WAN address 100.64.0.2): x']);
  assert.deepEqual(ask(source(null, '100.64.0.2', true), { allowPrivate: true }).out, [null, '100.64.0.2']);
  assert.deepEqual(ask(source(null, '', true), { allowPrivate: true }).out, ['behind a second NAT (router WAN address ): x']);
  assert.deepEqual(ask(source('no answer', '', false)).out, ['router: no answer']);
  const fb = ask(source(null, '10.0.0.1', true), { routerFallbackWeb: true, urls: 'http://checkip/' });
  assert.deepEqual(fb.out, [null, '203.0.113.9']);
  assert.match(fb.logs[0], /using ip_url instead \(router_fallback_web\)/);
  // the same reason at the next checks is not logged again (one watcher serves every check)
  const nat = source(null, '10.0.0.1', true);
  const fbOpts = { routerFallbackWeb: true, urls: 'http://checkip/' };
  assert.equal(ask(nat, fbOpts).logs.length, 1);
  assert.equal(ask(nat, fbOpts).logs.length, 0, 'said once');
  assert.deepEqual(ask(source(null, '10.0.0.1', true), { routerFallbackWeb: true, urls: '' }).out[0],
    'behind a second NAT (router WAN address 10.0.0.1): x', 'no ip_url: no fallback');
  assert.deepEqual(ask(source(null, '11.0.0.2', false), { ipv6: true }).out, ['ip_source router gives IPv4 only']);
  assert.deepEqual(ask(null).out, ['ip_source router is not available on this board (see the log)']);
});

// ---- a hostile LAN: an event only means "ask the router now"; the answer is what counts

// The router moved to 11.0.0.3 and an event claiming 6.6.6.x made the board ask: what it
// reports and logs is the router's answer, never the claim.
function onlyAnswered(log: string[], changes: string[], via: string) {
  assert.deepEqual(changes, ['11.0.0.3']);
  assert.ok(log.some((l) => l === `notice router WAN address 11.0.0.3 (was 11.0.0.2, asked after a ${via})`));
  assert.ok(!log.some((l) => l.indexOf('6.6.6.') >= 0), 'a claimed address is never logged as the WAN address');
}

test('NAT-PMP: 40 forged announcements in 10 s cause a few queries and publish only the router\'s answer', () => {
  const { r, w, changes, setExt } = natpmpRig();
  const before = r.exchanges.length;
  // every 250 ms, from the gateway's address and port, each claiming another address
  for (let i = 0; i < 40; i++) {
    r.listeners[5350](natpmp([6, 6, 6, i + 1], 0, 0), { address: GW, port: 5351 });
    r.advance(250);
  }
  assert.deepEqual(changes, [], 'the router kept saying 11.0.0.2');
  assert.equal(w.status().wan, '11.0.0.2');
  const flood = r.exchanges.length - before;
  assert.ok(flood >= 1, 'an announcement makes the board ask');
  assert.ok(flood <= 5, `${flood} queries for 40 announcements in 10 s`);
  r.advance(120000);
  assert.ok(r.exchanges.length - before <= 6, 'once the flood ends, at most one more query');
  for (const e of r.exchanges) assert.deepEqual([e.host, e.port, e.data], [GW, 5351, '\x00\x00']);
  // the router really changes: the next announcement (whatever it claims) brings its answer
  setExt([11, 0, 0, 3]);
  r.listeners[5350](natpmp([6, 6, 6, 99], 0, 0), { address: GW, port: 5351 });
  r.advance(10);
  onlyAnswered(r.log, changes, 'NAT-PMP announcement');
  w.stop();
});

test('NAT-PMP: a burst of announcements while a query is out: one in flight, one after it', () => {
  const { r, w, setExt } = natpmpRig();
  r.advance(5000);
  const before = r.exchanges.length;
  setExt([11, 0, 0, 3]);
  for (let i = 0; i < 10; i++) r.listeners[5350](natpmp([11, 0, 0, 3], 0, 0), { address: GW, port: 5351 });
  assert.equal(r.exchanges.length - before, 1, 'the first announcement asks at once');
  r.advance(1);
  assert.equal(w.status().wan, '11.0.0.3');
  r.advance(60000);
  assert.ok(r.exchanges.length - before <= 2, 'the rest of the burst is at most one more query');
  // an announcement of the address the router already gave costs nothing
  const n = r.exchanges.length;
  r.listeners[5350](natpmp([11, 0, 0, 3], 0, 0), { address: GW, port: 5351 });
  r.advance(10);
  assert.equal(r.exchanges.length, n);
  w.stop();
});

test('NAT-PMP: a router that drops the old address, then announces the new one, is heard at once both times', () => {
  const { r, w, changes, setExt } = natpmpRig();
  r.advance(5000);
  setExt([0, 0, 0, 0]);
  r.listeners[5350](natpmp([0, 0, 0, 0], 3, 0), { address: GW, port: 5351 });
  r.advance(300);
  setExt([11, 0, 0, 3]);
  r.listeners[5350](natpmp([11, 0, 0, 3], 0, 0), { address: GW, port: 5351 });
  r.advance(1);
  assert.deepEqual(changes, ['', '11.0.0.3']);
  w.stop();
});

test('UPnP: a NOTIFY with a wrong or old SID is refused, during a renewal too', () => {
  const { r, w, setSid, setSubMs } = upnpRig('Second-100');
  const changes: string[] = [];
  w.onChange((ip) => changes.push(ip));
  const soaps = () => r.requests.filter((q) => q.method === 'POST').length;
  const subs = () => r.requests.filter((q) => q.method === 'SUBSCRIBE');
  const n0 = soaps();
  // Espruino's http server gives no peer address (accept(sock, 0, 0) in its socketserver.c), so
  // a NOTIFY from any LAN address is judged by its SID, and at most makes the board ask.
  assert.equal(r.post({ SID: 'uuid:other' }, NOTIFY('Connected', '6.6.6.6')), 412);
  assert.equal(r.post({}, NOTIFY('Connected', '6.6.6.6')), 412);
  // during a renewal (the SUBSCRIBE is out, its answer 3 s away) only the current SID counts
  setSubMs(3000);
  r.advance(75000);
  assert.equal(subs().length, 2, 'the renewal is out');
  assert.equal(r.post({ SID: 'uuid:other' }, NOTIFY('Connected', '6.6.6.7')), 412);
  r.advance(10);
  assert.deepEqual(changes, []);
  assert.equal(soaps(), n0, 'a wrong SID does not even cost a query');
  // the router forgets us (the next renewal gets 412): while the new SUBSCRIBE is out, its
  // first event may come before the SID does: answered 200 (a router may drop a subscriber
  // that refuses it), and ignored
  setSid('uuid:sub-2');
  r.advance(81000);
  assert.equal(subs()[subs().length - 1].headers.CALLBACK, '<http://192.168.77.10:8089/upnp>', 'subscribing anew');
  assert.equal(r.post({ SID: 'uuid:sub-2' }, NOTIFY('Connected', '6.6.6.8')), 200);
  r.advance(3000);
  assert.equal(w.status().events, 'subscribed');
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Connected', '6.6.6.8')), 412, 'the old SID is refused');
  r.advance(10);
  assert.deepEqual(changes, []);
  assert.equal(soaps(), n0);
  w.stop();
});

test('UPnP: a NOTIFY\'s ExternalIPAddress is never published; the board asks the router and publishes its answer', () => {
  const { r, w, setExt } = upnpRig();
  const changes: string[] = [];
  w.onChange((ip) => changes.push(ip));
  const soaps = () => r.requests.filter((q) => q.method === 'POST').length;
  const n0 = soaps();
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Connected', '6.6.6.6')), 200);
  r.advance(10);
  assert.deepEqual(changes, [], 'the router still says 11.0.0.2');
  assert.equal(w.status().wan, '11.0.0.2');
  assert.equal(soaps(), n0 + 1, 'the NOTIFY made the board ask');
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Disconnected', '0.0.0.0')), 200);
  r.advance(5000);
  assert.deepEqual(changes, [], 'Disconnected in a NOTIFY is a claim too');
  // a real change: the SOAP answer is published, not the NOTIFY's claim
  setExt('11.0.0.3');
  r.advance(60000);
  assert.equal(r.post({ SID: 'uuid:sub-1' }, NOTIFY('Connected', '6.6.6.9')), 200);
  r.advance(10);
  onlyAnswered(r.log, changes, 'UPnP event');
  w.stop();
});

test('UPnP: an SSDP reply or a description that points away from the router is not followed', () => {
  // the search is multicast: anyone on the LAN sees it and can answer with the gateway's source
  // address; only URLs on the router itself are followed
  const evil = DESC.replace('<controlURL>/ctl/IPConn', '<controlURL>http://192.168.77.66/ctl');
  const r = rig({
    udp: () => null,
    http: (req: any) => {
      if (req.url === 'http://192.168.77.66/rootDesc.xml') return { status: 200, body: DESC };
      if (req.url === 'http://192.168.77.1:5000/rootDesc.xml') return { status: 200, body: evil };
      if (req.method === 'POST') return { status: 200, body: SOAP('6.6.6.6') };
      return { status: 404, body: '' };
    },
  });
  const w = createRouterWatcher(r.o);
  r.advance(1760);
  r.listeners[0]('HTTP/1.1 200 OK\r\nLOCATION: http://192.168.77.66/rootDesc.xml\r\n\r\n', { address: GW, port: 1900 });
  r.advance(10);
  assert.deepEqual(r.requests.map((q) => q.url), [], 'a LOCATION on another host is not fetched');
  r.listeners[0]('HTTP/1.1 200 OK\r\nLOCATION: http://192.168.77.1:5000/rootDesc.xml\r\n\r\n', { address: GW, port: 1900 });
  r.advance(10);
  assert.deepEqual(r.requests.map((q) => q.url), ['http://192.168.77.1:5000/rootDesc.xml'],
    'a controlURL on another host is not asked');
  assert.equal(w.status().wan, '');
  assert.equal(w.status().source, '');
  assert.match(w.status().text, /answers neither NAT-PMP nor UPnP IGD/);
  w.stop();
});
