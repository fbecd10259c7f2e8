// A board in memory for the section engine's unit tests: every port of core/ports.ts, driven by
// the test and recording what it was asked. Time is virtual: nothing happens until the test
// calls clock.advance(ms), and then timers and I/O completions run in time order (ties in the
// order they were made), so every run is the same.
//
// I/O completions (HTTP answers, DNS replies, API outcomes) are queued on the clock too, but
// apart from timers: clock.pending() counts only what the code under test set with
// setTimeout, so a test can assert "exactly one timer".
import dnsPacket from 'dns-packet';
import type {
  ClockPort, StoragePort, NetPort, NetInfo, HttpPort, HttpRequest, UdpPort, UdpSendPort, TcpPort, Ports,
  Logger, Severity, Dict,
} from '../../firmware/core/ports';
import type { RunSection, SectionRunner } from '../../firmware/section/types';
import type { SectionDeps } from '../../firmware/section/engine';
import type { ApiContext, ApiProvider, ApiResult } from '../../firmware/providers/api/types';
import type { RouterAnswer, RouterSource } from '../../firmware/section/router-source';
import { createSection } from '../../firmware/section/engine';
import { saveConfig, runText } from '../../firmware/config/store';
import { RUN_FORMAT } from '../../firmware/section/types';
import * as policy from '../../firmware/section/policy';
import * as passLib from '../../firmware/section/pass';
import * as sendLib from '../../firmware/section/send';
import * as verdictLib from '../../firmware/section/verdict';
import { createLogger } from '../../firmware/log/log';
import { tcpFrame, tcpUnframe } from '../../firmware/dns/wire';
import { memoryLogs } from './text-reader';
import { rotation } from '../../firmware/section/rotate';
import * as dnsClient from '../../firmware/dns/client';

// ---------------------------------------------------------------- clock

export interface VirtualClock extends ClockPort {
  /** lets ms of virtual time pass, running every timer and I/O completion due on the way */
  advance(ms: number): void;
  /** runs what is due now (I/O answered without delay), nothing later */
  settle(): void;
  /** timers set with setTimeout, not yet fired nor cleared */
  pending(): number;
  /** ms until the earliest pending timer fires, or null when none is pending */
  nextDueIn(): number | null;
  /** queues an I/O completion ms from now (not a timer: pending() does not count it) */
  deliver(ms: number, fn: () => void): void;
  /** I/O completions not yet run */
  inflight(): number;
  /** fn runs before every timer and I/O completion (tests observe states between events) */
  watch(fn: () => void): void;
}

interface Ev { at: number; seq: number; fn: () => void; timer: boolean; }

/** wall: wall-clock ms at uptime 0, or 0 for a board whose clock is not set. */
export function createVirtualClock(wall = 0): VirtualClock {
  let now = 0;
  let seq = 0;
  let wallAt0 = wall;
  let events: Ev[] = [];
  const watchers: Array<() => void> = [];
  const add = (ms: number, fn: () => void, timer: boolean): Ev => {
    const ev = { at: now + Math.max(0, ms), seq: seq++, fn, timer };
    events.push(ev);
    return ev;
  };
  const earliest = (until: number): Ev | null => {
    let best: Ev | null = null;
    for (const ev of events) {
      if (ev.at <= until && (!best || ev.at < best.at || (ev.at === best.at && ev.seq < best.seq))) { best = ev; }
    }
    return best;
  };
  const runUntil = (until: number) => {
    for (let ev = earliest(until); ev; ev = earliest(until)) {
      events = events.filter((e) => e !== ev);
      now = ev.at;
      for (const fn of watchers) { fn(); }
      ev.fn();
    }
    now = until;
  };
  const timers = () => events.filter((e) => e.timer);
  return {
    uptimeMs: () => now,
    wallMs: () => (wallAt0 ? wallAt0 + now : 0),
    setWallMs: (ms) => { wallAt0 = ms - now; },
    setTimeout: (fn, ms, ...args) => add(ms, () => fn(...args), true),
    clearTimeout: (id) => { events = events.filter((e) => e !== id || !e.timer); },
    advance: (ms) => runUntil(now + ms),
    settle: () => runUntil(now),
    pending: () => timers().length,
    nextDueIn: () => {
      const t = timers();
      return t.length ? Math.min(...t.map((e) => e.at)) - now : null;
    },
    deliver: (ms, fn) => { add(ms, fn, false); },
    inflight: () => events.length - timers().length,
    watch: (fn) => { watchers.push(fn); },
  };
}

// ---------------------------------------------------------------- storage, network

export interface MemoryStorage extends StoragePort { files: Dict<string>; }

export function createMemoryStorage(): MemoryStorage {
  const files: Dict<string> = {};
  const logs: Dict<string> = {};
  return {
    files,
    read: (name) => files[name],
    write: (name, data) => { files[name] = data; return true; },
    erase: (name) => { delete files[name]; },
    openLog: memoryLogs(logs),
  };
}

export interface MemoryNet extends NetPort {
  /** connects (or takes a new address) and tells the onUp listeners */
  up(ip: string): void;
  /** disconnects and tells the onDown listeners */
  down(): void;
}

export function createMemoryNet(gw: string): MemoryNet {
  let info: NetInfo | null = null;
  const ups: Array<(i: NetInfo) => void> = [];
  const downs: Array<() => void> = [];
  return {
    info: () => info,
    onUp: (fn) => { ups.push(fn); },
    onDown: (fn) => { downs.push(fn); },
    up: (ip) => {
      info = { ip, gw, netmask: '255.255.255.0' };
      for (const fn of ups) { fn(info); }
    },
    down: () => {
      info = null;
      for (const fn of downs) { fn(); }
    },
  };
}

// ---------------------------------------------------------------- HTTP

/** One scripted answer: an HTTP reply or a network error, after ms of virtual time. */
export interface Reply { status?: number; body?: string; headers?: Dict<string>; err?: string; ms?: number; }

const NET_ERRORS = ['timeout', 'connect', 'dns', 'refused', 'reset', 'closed'];

/**
 * An answer written as a short text: 'good', 'nochg 203.0.113.7', '500', '503 retry-after=120',
 * a network error ('timeout' comes after the request's timeoutMs), each optionally followed by
 * 'after 5s' (the answer's delay).
 */
export function reply(spec: string | Reply): Reply {
  if (typeof spec !== 'string') { return spec; }
  let text = spec;
  const r: Reply = {};
  const after = / after (\d+)(ms|s|m)$/.exec(text);
  if (after) {
    r.ms = Number(after[1]) * ({ ms: 1, s: 1000, m: 60000 } as Dict<number>)[after[2]];
    text = text.slice(0, after.index);
  }
  if (NET_ERRORS.indexOf(text) >= 0) { r.err = text; return r; }
  const status = /^(\d{3})(?: (.*))?$/.exec(text);
  if (!status) { r.status = 200; r.body = text; return r; }
  r.status = Number(status[1]);
  r.body = '';
  const ra = /^retry-after=(\d+)$/.exec(status[2] || '');
  if (ra) { r.headers = { 'Retry-After': ra[1] }; } else { r.body = status[2] || ''; }
  return r;
}

export interface ScriptedHttp extends HttpPort { requests: HttpRequest[]; }

/** An HttpPort whose answers come from serve(req), delivered on the virtual clock. */
export function createScriptedHttp(clock: VirtualClock, serve: (req: HttpRequest) => Reply): ScriptedHttp {
  const requests: HttpRequest[] = [];
  return {
    requests,
    request(req, cb) {
      requests.push(Object.assign({}, req));
      const r = serve(req);
      const ms = r.ms !== undefined ? r.ms : r.err === 'timeout' ? (req.timeoutMs || 15000) : 0;
      clock.deliver(ms, () => {
        if (r.err) { cb(r.err); return; }
        cb(null, { status: r.status || 200, headers: r.headers || {}, body: r.body || '', truncated: false });
      });
    },
  };
}

// ---------------------------------------------------------------- DNS

export interface DnsQuery { host: string; port: number; name: string; type: string; via: 'udp' | 'tcp'; }

export interface MemoryDns {
  udp: UdpPort & UdpSendPort;
  tcp: TcpPort;
  /** name -> address (A for dotted quads, AAAA otherwise); a missing name is NXDOMAIN */
  records: Dict<string>;
  /** every query asked, in order */
  queries: DnsQuery[];
  /** while true the server does not answer: each query ends in 'timeout' after its timeoutMs */
  silent: boolean;
}

/** A DNS server answering from a record table, over UDP and TCP (dns-packet encodes). */
export function createMemoryDns(clock: VirtualClock): MemoryDns {
  const dns: MemoryDns = { records: {}, queries: [], silent: false } as any;
  const answer = (q: any): string => {
    const question = q.questions[0];
    const data = dns.records[question.name.toLowerCase()];
    const type = data === undefined ? '' : data.indexOf(':') >= 0 ? 'AAAA' : 'A';
    const answers = type === question.type ? [{ type, name: question.name, ttl: 60, data }] : [];
    return Buffer.from(dnsPacket.encode({
      type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (data === undefined ? 3 : 0),
      questions: q.questions, answers,
    })).toString('latin1');
  };
  const exchange = (o: { host: string; port: number; data: string; timeoutMs: number }, via: 'udp' | 'tcp',
    cb: (err: string | null, reply?: string) => void) => {
    const q = dnsPacket.decode(Buffer.from(via === 'tcp' ? tcpUnframe(o.data)! : o.data, 'latin1'));
    dns.queries.push({ host: o.host, port: o.port, name: q.questions[0].name, type: q.questions[0].type, via });
    if (dns.silent) { clock.deliver(o.timeoutMs, () => cb('timeout')); return; }
    const out = answer(q);
    clock.deliver(0, () => cb(null, via === 'tcp' ? tcpFrame(out) : out));
  };
  dns.udp = { exchange: (o, cb) => exchange(o, 'udp', cb), send: () => {} };
  dns.tcp = { exchange: (o, cb) => exchange(o, 'tcp', cb) };
  return dns;
}

// ---------------------------------------------------------------- logger

export interface LogLine { section: string; sev: Severity; line: string; }

/** The firmware's own logger (masking, rings) on memory ports; lines[] gets every line. */
export function createMemoryLogger(clock: ClockPort, storage: StoragePort): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger({ print: () => {}, clock, storage, dateformat: '%F %T', ringLines: 50, fileLines: 0 });
  log.listen((section, sev, line) => { lines.push({ section, sev, line }); });
  return { log, lines };
}

// ---------------------------------------------------------------- a section's config

/** A dyndns2 section on the network source with ddns-scripts' default intervals. */
export function runSection(over: Partial<RunSection> = {}): RunSection {
  return Object.assign({
    name: 'home', on: 1, ok: 1, errs: [], label: 'dyndns2 (test)',
    url: 'http://[USERNAME]:[PASSWORD]@members.example.net/nic/update?hostname=[DOMAIN]&myip=[IP]',
    https: 0, answer: 'good|nochg', api: '',
    vals: { username: 'alice', password: 's3cret', domain: 'home.example.org' },
    host: 'home.example.org', src: 'network', urls: '', ipStatic: '', v6: 0,
    checkMs: 600000, forceMs: 259200000, retryMs: 60000, retryMax: 0,
    dns: '', dnsPort: 53, tcpDns: 0, proxy: '', routerIp: '', webFallback: 0, priv: 0, logfile: 0, syslog: 0,
    secrets: ['s3cret'], hash: 'h1',
  } as RunSection, over);
}

// ---------------------------------------------------------------- the world around sections

/** What the fake router answers to one query. */
export interface RouterReply { err?: string; ip?: string; info?: RouterAnswer; }

export interface WorldOptions {
  /** wall-clock ms at boot; 0: the board's clock is not set */
  wall?: number;
  gw?: string;
  verbose?: number;
  /** API provider keys whose module cannot be loaded: deps.use('api.<key>') returns null */
  apiMissing?: string[];
  /** no router watcher on this board: deps.router() returns null */
  noRouter?: boolean;
  /** deps.memory() says this (memory short) until the step 'memory ok' */
  memoryShort?: string;
}

/** An update sent to the provider, by URL or through an API provider. */
export interface Update { host: string; ip: string; via: 'url' | 'api'; url?: string; }

export interface World {
  clock: VirtualClock;
  storage: MemoryStorage;
  net: MemoryNet;
  http: ScriptedHttp;
  dns: MemoryDns;
  log: Logger;
  lines: LogLine[];
  ports: Ports;
  deps: SectionDeps;
  /** answers of the provider's update URL, in order ('good', '500', ...; see reply()) */
  answers: Array<string | Reply>;
  /** outcomes of the API provider, in order (ms: its delay) */
  apiResults: Array<ApiResult & { ms?: number }>;
  /** answers of the router watcher, in order */
  routerReplies: RouterReply[];
  /** updates sent, in order */
  updates: Update[];
  /** deps.changed() calls: the section's name and its state at that moment */
  heard: Array<{ name: string; state: string }>;
  /** deps.memory() calls: whether the update goes over TLS */
  memoryAsked: boolean[];
  /** the options the world was made with (steps may change memoryShort) */
  options: WorldOptions;
  /** deps.done() calls */
  done: string[];
  /** the sections made with add() */
  sections: SectionRunner[];
  /** builds a section on this world's deps (not started) */
  add(c: RunSection): SectionRunner;
  /** the section by name */
  get(name: string): SectionRunner;
  /** what the fleet does when a section's config is applied again: retires the running one,
   *  builds c on the same Storage, starts it and tells it about the network */
  rebuild(c: RunSection): SectionRunner;
}

/** The query parameter `key` of a URL, or ''. */
function param(url: string, key: string): string {
  const m = new RegExp('[?&]' + key + '=([^&]*)').exec(url);
  return m ? decodeURIComponent(m[1]) : '';
}

const ACCEPTED = /^\s*(good|nochg)\b/i;

/**
 * Ports and SectionDeps around sections. The provider behaves like a real one: an update it
 * accepts (good, nochg) changes the DNS record of the host it names, so DNS read afterwards
 * agrees; an update URL without a scripted answer fails the test.
 */
export function createWorld(o: WorldOptions = {}): World {
  const clock = createVirtualClock(o.wall === undefined ? Date.UTC(2025, 0, 1) : o.wall);
  const storage = createMemoryStorage();
  const net = createMemoryNet(o.gw || '192.168.1.1');
  const dns = createMemoryDns(clock);
  const { log, lines } = createMemoryLogger(clock, storage);
  log.verbose = o.verbose === undefined ? 1 : o.verbose;
  const w = { clock, storage, net, dns, log, lines, answers: [], apiResults: [], routerReplies: [], updates: [],
    heard: [], done: [], memoryAsked: [], sections: [], options: o } as unknown as World;
  const accepted = (host: string, ip: string, word: string) => { if (ACCEPTED.test(word)) { dns.records[host] = ip; } };
  w.http = createScriptedHttp(clock, (req) => {
    const next = w.answers.shift();
    if (next === undefined) { throw new Error('an update request the test did not expect (no answer scripted): ' + req.url); }
    const r = reply(next);
    const host = param(req.url, 'hostname');
    const ip = param(req.url, 'myip');
    w.updates.push({ host, ip, via: 'url', url: req.url });
    if (!r.err && (r.status || 200) < 300) { accepted(host, ip, r.body || ''); }
    return r;
  });
  const api = (key: string): ApiProvider => ({
    update(ctx: ApiContext, cb: (res: ApiResult) => void) {
      const next = w.apiResults.shift();
      if (!next) { throw new Error('no scripted result for API ' + key); }
      w.updates.push({ host: ctx.opts.domain, ip: ctx.ip, via: 'api' });
      if (next.word) { accepted(ctx.opts.domain, ctx.ip, next.word); }
      const { ms, ...res } = next;
      clock.deliver(ms || 0, () => cb(res));
    },
  });
  const router: RouterSource = {
    query(cb) {
      const r = w.routerReplies.shift();
      if (!r) { throw new Error('no scripted router answer'); }
      clock.deliver(0, () => cb(r.err || null, r.ip, r.info));
    },
    status: () => ({ doubleNat: false, text: '' }),
  };
  w.ports = {
    http: w.http, udp: dns.udp, tcp: dns.tcp, storage, clock, net,
    socket: { connect: (_o, cb) => cb('refused') },
    console: { print: () => {} },
    modules: { load: (name) => { throw new Error('no module ' + name); }, drop: () => {} },
    random: () => 0.5,
  };
  w.deps = {
    ports: w.ports, log, userAgent: 'esp32-ddns/test', sawHeaders: () => {}, dnsRecheckMs: 3600000, rot: rotation(),
    changed: (name) => { w.heard.push({ name, state: w.get(name).status().state }); },
    use: (name, entry) => {
      const key = name.indexOf('api.') === 0 ? name.slice(4) : '';
      const m = name === 'pass' ? passLib : name === 'send' ? sendLib : name === 'verdict' ? verdictLib : name === 'policy' ? policy : name === 'dns' ? dnsClient
        : key && (o.apiMissing || []).indexOf(key) < 0 ? api(key) : null;
      return m && typeof m[entry] === 'function' ? m : null;
    },
    drop: (name) => { if (name.indexOf('api.') === 0) w.done.push(name.slice(4)); },
    router: () => (o.noRouter ? null : router),
    memory: (tls) => { w.memoryAsked.push(tls); return o.memoryShort || ''; },
  };
  // the compiled form in force, as commit saves it: a pass reads its section's line from it
  const inForce: RunSection[] = [];
  w.add = (c) => {
    const k = inForce.findIndex((x) => x.name === c.name);
    if (k >= 0) inForce[k] = c; else inForce.push(c);
    saveConfig(storage, '{}', runText({ v: RUN_FORMAT, g: { loglines: 0, dateformat: '%F %T', ntp: '' }, s: inForce, errs: [] }));
    log.configure(c.name, { secrets: c.secrets, logfile: c.logfile });
    const s = createSection(c, w.deps);
    w.sections.push(s);
    return s;
  };
  w.get = (name) => {
    for (let i = w.sections.length - 1; i >= 0; i--) { if (w.sections[i].name === name) { return w.sections[i]; } }
    throw new Error('no section ' + name);
  };
  w.rebuild = (c) => {
    const old = w.get(c.name);
    old.retire();
    w.sections.splice(w.sections.indexOf(old), 1);
    const s = w.add(c);
    s.start();
    const info = net.info();
    if (info) { s.netUp(info); }
    return s;
  };
  // the board tells every section about the network, as main.ts does
  net.onUp((info) => { for (const s of w.sections) { s.netUp(info); } });
  net.onDown(() => { for (const s of w.sections) { s.netDown(); } });
  return w;
}
