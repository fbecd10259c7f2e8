// `npm run bench`, part two: the build's bytes (from the manifest) and, when ESPRUINO_BIN names a
// locally built Espruino 2v29 for Linux with the ESP32's 14-byte variable blocks, the firmware's
// memory and boot time on that real interpreter. The build's files run from the interpreter's
// Storage (the file espruino.flash in a temp dir, 256 KB: only the files a scenario needs) against
// the world's fakes on loopback, over plain HTTP (Linux takes TLS buffers from JS variables).
// Figures are printed, never asserted.
//
// Blocks in use are process.memory().usage, asked for (through a UDP command listener, see Run)
// after the firmware settled: every section's first update accepted, MQTT connected, no output
// for a while. A transient peak cannot be sampled from outside (reference counting frees at
// once), so the peak of an operation is measured as headroom: a filler (an array of small
// integers, one block each) leaves exactly F blocks free, the operation runs, and F is searched
// for the smallest value with which it succeeds without MEMORY in E.getErrorFlags() (out of
// memory even after a garbage collection pass), and the smallest without LOW_MEMORY either
// (the free list never ran empty: Espruino collects cyclic garbage only then, or when idle
// below 1/20 of its blocks free).
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import http from 'node:http';
import { startWorld } from '../host-sim/world/index.mjs';
import { startCloudflare } from '../host-sim/world/cloudflare.mjs';
import { startMqttBroker } from '../host-sim/world/mqtt.mjs';
import { startWebhook } from '../host-sim/world/notify.mjs';
import { startWhoami } from '../host-sim/world/whoami.mjs';
import { readBuild, sha1Hex } from '../host-sim/build.mjs';

const PASSWORD = 'bench-secret';
const CF_TOKEN = 'cf-bench-token-0123456789abcdefghijkl';
const TSIG = { name: 'ddns-key', secret: Buffer.from('bench nsupdate secret 0123456789').toString('base64'),
  algorithm: 'hmac-sha256' };
const DYN_HOSTS = ['a.example.com', 'b.example.com'];
const CF_HOST = 'c.example.com';
const NS_HOST = 'home.example.test';
const OLD_IP = '192.0.2.1';
const BOOT_GOAL = 48 * 1024;
// the modules each scenario's Storage holds (ddns.config only while ddns.json is compiled)
// (every pass needs ddns.pass, every update ddns.send and ddns.verdict, every request ddns.http, every answer
// ddns.policy, every read
// of the registered address from the resolver ddns.dns; the page's socket is ddns.servers, each
// connection loads ddns.webconn and each request ddns.webapi; MQTT's connection is ddns.socket)
const SMALL = ['ddns.console', 'ddns.http', 'ddns.policy', 'ddns.pass', 'ddns.send', 'ddns.verdict', 'ddns.dns'];
const FULL = ['ddns.console', 'ddns.http', 'ddns.policy', 'ddns.pass', 'ddns.send', 'ddns.verdict', 'ddns.dns', 'ddns.servers', 'ddns.webconn', 'ddns.web',
  'ddns.webapi', 'www.gz', 'ddns.mqtt', 'ddns.mqtt.work', 'ddns.socket', 'ddns.api.cloudflare', 'ddns.api.nsupdate'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

// ---------------------------------------------------------------------------------------------
// One run of the interpreter: it runs .bootcde from Storage, then `-e` code that listens for
// commands on a UDP port and evaluates each datagram. Not the console: Espruino for Linux reads
// stdin in a second thread that races the main loop over the input queue (typed lines arrive
// garbled, then jsdevices.c asserts); not a polled file either: fs opens need a flat string and
// set LOW_MEMORY when memory is fragmented. The listener's own blocks (socket, function, a
// datagram being evaluated) are measured once without firmware and taken off every figure.
const control = (port) => 'print("@@P0 "+process.memory().usage);var __s=require("dgram").createSocket("udp4");' +
  '__s.on("message",function(m){eval(m)});__s.bind(' + port + ');print("@@P1");';

function freeUdpPort() {
  return new Promise((res) => {
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

class Run {
  /** Boots the firmware (when Storage has .bootcde) with the command listener. */
  static async boot(bin, dir) {
    const port = await freeUdpPort();
    const r = new Run(bin, dir, ['-e', control(port)]);
    r.port = port;
    r.udp = dgram.createSocket('udp4');
    return r;
  }

  /** args: the interpreter's arguments (a script file: Storage maintenance without booting) */
  constructor(bin, dir, args) {
    this.t0 = Date.now();
    this.out = '';
    this.waiters = new Set();
    this.p = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (d) => {
      this.out += d.toString('latin1');
      this.lastOut = Date.now();
      for (const w of this.waiters) w();
    };
    this.p.stdout.on('data', take);
    this.p.stderr.on('data', take);
    this.exited = new Promise((res) => this.p.on('exit', (c, s) => { this.code = c ?? s; res(); for (const w of this.waiters) w(); }));
    this.n = 0;
  }

  get alive() { return this.code === undefined; }

  /** The first match of re in the output after `since`; rejects after timeoutMs or at exit. */
  waitFor(re, { since = 0, timeoutMs = 10000 } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(this.out.slice(since));
        if (m) { done(); resolve(m); } else if (!this.alive) { done(); reject(new Error(`exited (${this.code}) waiting for ${re}`)); }
      };
      const t = setTimeout(() => { done(); reject(new Error(`timeout waiting for ${re}`)); }, timeoutMs);
      const done = () => { clearTimeout(t); this.waiters.delete(check); };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until the interpreter printed nothing for quietMs (at most maxMs). */
  async quiet(quietMs, maxMs) {
    const end = Date.now() + maxMs;
    this.lastOut = Date.now();
    while (Date.now() < end && Date.now() - this.lastOut < quietMs) await sleep(50);
  }

  /** Sends one command (JavaScript) to the listener. */
  send(code) {
    return new Promise((res) => this.udp.send(code, this.port, '127.0.0.1', () => res()));
  }

  /** The value of an expression, evaluated by the listener. */
  async query(expr, timeoutMs = 5000) {
    const tag = '@@Q' + (++this.n);
    const since = this.out.length;
    await this.waitFor(/@@P1/, { timeoutMs });
    await this.send(`print("${tag} "+(${expr}))`);
    return (await this.waitFor(new RegExp(tag + ' (.*)\r?\n'), { since, timeoutMs }))[1];
  }

  /** Blocks in use, the listener's own blocks (`own`, see calibrate) taken off. */
  async usage() { return Number(await this.query('process.memory().usage')) - (this.own || 0); }

  async stop() {
    if (this.alive) this.p.kill('SIGKILL');
    await this.exited;
    if (this.udp) this.udp.close();
    this.udp = null;
  }
}

// The listener's own blocks, with an empty Storage: usage while it evaluates a query minus
// usage before it was created.
async function calibrate(bin, dir) {
  rmSync(join(dir, 'espruino.flash'), { force: true });
  const r = await Run.boot(bin, dir);
  try {
    const p0 = Number((await r.waitFor(/@@P0 (\d+)/))[1]);
    const q = [];
    for (let i = 0; i < 3; i++) q.push(Number(await r.query('process.memory().usage')));
    return Math.max(...q) - p0;
  } finally {
    await r.stop();
  }
}

// What the firmware printed that means it is in trouble.
const TROUBLE = /Uncaught[^\n]*|OUT OF MEMORY[^\n]*|New interpreter error[^\n]*|cannot be loaded[^\n]*|^config [^\n]*/m;

// ---------------------------------------------------------------------------------------------
// The interpreter's Storage in a temp dir, written one file per run by scripts (an interpreter
// given a script file does not run .bootcde).
class Flash {
  constructor(bin, build) {
    this.bin = bin;
    this.build = build;
    this.dir = mkdtempSync(join(tmpdir(), 'ddns-mem-'));
  }

  file(name) {
    const f = this.build.files.find((x) => x.name === name);
    if (!f) throw new Error(`${name} is not in ${this.build.dir}`);
    return f;
  }

  // Runs code as a script file: the interpreter then does not run .bootcde.
  async exec(code, timeoutMs = 30000) {
    writeFileSync(join(this.dir, 'job.js'), code);
    return this.execArgs(['job.js'], timeoutMs);
  }

  async execArgs(args, timeoutMs) {
    const r = new Run(this.bin, this.dir, args);
    const t = setTimeout(() => r.p.kill('SIGKILL'), timeoutMs);
    await r.exited;
    clearTimeout(t);
    return r.out;
  }

  // One file, read back and compared by SHA-1.
  async write(name, data) {
    writeFileSync(join(this.dir, 'upload.bin'), data);
    const n = JSON.stringify(name);
    const out = await this.exec(`var S=require("Storage");S.write(${n},require("fs").readFileSync("upload.bin"));` +
      `var u=new Uint8Array(require("crypto").SHA1(S.read(${n}))),x="";` +
      'for(var i=0;i<u.length;i++)x+=(256+u[i]).toString(16).substr(1);print("@@SHA "+x);');
    const m = /@@SHA ([0-9a-f]{40})/.exec(out);
    if (!m || m[1] !== sha1Hex(data)) throw new Error(`writing ${name} to the interpreter's Storage failed:\n${out.slice(-1500)}`);
  }

  /**
   * A fresh Storage with `names` and a compiled config: ddns.json is compiled by the firmware
   * (with ddns.config) at a first boot that quits before any answer comes back; then
   * ddns.config is erased and the Storage compacted to make room for the other files (all of
   * them do not fit in 256 KB). Returns what that boot printed.
   */
  async prepare(names, config) {
    rmSync(join(this.dir, 'espruino.flash'), { force: true });
    await this.write('ddns.config', this.file('ddns.config').data);
    await this.write('ddns.json', Buffer.from(JSON.stringify(config)));
    await this.write('.bootcde', this.file('.bootcde').data);
    // quit() at the top level of -e code is overridden (targets/linux/main.c): from a timer
    const boot = await this.execArgs(['-e', 'setTimeout(quit,0)'], 30000);
    const list = await this.exec('var S=require("Storage");S.erase("ddns.config");S.compact();print("@@FILES "+S.list());', 60000);
    if (!/@@FILES .*run\.a/.test(list) || /ddns\.json/.test(list)) throw new Error('the config was not compiled at boot:\n' + boot.slice(-2000));
    for (const n of names) await this.write(n, this.file(n).data);
    return boot;
  }

  close() { rmSync(this.dir, { recursive: true, force: true }); }
}

// ---------------------------------------------------------------------------------------------
// The world: dyndns2, check-IP and DNS fakes, the Cloudflare fake (its records served by the
// world's DNS), BIND for nsupdate (RFC 2136 + TSIG; the world's DNS does not take updates) and
// an MQTT broker.
async function startAll() {
  const w = await startWorld({
    users: { demo: { password: PASSWORD, hosts: DYN_HOSTS } },
    hosts: [...DYN_HOSTS, CF_HOST].map((name) => ({ name, type: 'A', value: OLD_IP })),
    checkIp: '203.0.113.10',
    zones: ['example.com'],
  });
  const cf = await startCloudflare({ token: CF_TOKEN, records: w.records,
    zones: { 'example.com': { records: [{ type: 'A', name: 'c', content: OLD_IP }] } } });
  let bind = null;
  let bindError = '';
  try {
    const { tsImport } = await import('tsx/esm/api');
    const { startBind } = await tsImport('../test/real/bind-server.ts', import.meta.url);
    bind = await startBind({ zone: 'example.test', records: [{ name: 'home', type: 'A', data: OLD_IP }], tsigKey: TSIG });
  } catch (e) {
    bindError = String(e.message || e).split('\n')[0];
  }
  const mqtt = await startMqttBroker();
  const webPort = await freePort();
  const hook = await startWebhook();
  const who = await startWhoami({ ip: '203.0.113.10' });
  let ipN = 10;
  return { w, cf, bind, bindError, mqtt, webPort, hook, who,
    /** a new public address, so every section updates at the next boot */
    nextIp() { ipN = ipN >= 250 ? 11 : ipN + 1; const ip = '203.0.113.' + ipN; w.checkIp.setIp(ip); who.setIp(ip); return ip; },
    async close() {
      await Promise.all([w.close(), cf.close(), mqtt.close(), hook.close(), who.close(), bind ? bind.stop() : null]);
    } };
}

function dyndns2(all, host) {
  return { enabled: '1', domain: host, lookup_host: host, username: 'demo', password: PASSWORD,
    update_url: all.w.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') + '/nic/update?hostname=[DOMAIN]&myip=[IP]',
    ip_source: 'web', ip_url: all.w.checkIp.url + '/', dns_server: '127.0.0.1:' + all.w.dns.port };
}

// Scenario 1: one dyndns2 section, no MQTT, no web page.
function smallConfig(all) {
  return { service: { s0: dyndns2(all, DYN_HOSTS[0]) }, web: { enabled: '0' } };
}

// Scenario 2: 2 dyndns2 sections, Cloudflare, nsupdate (when BIND runs), MQTT and the web page.
function fullConfig(all) {
  const service = { s0: dyndns2(all, DYN_HOSTS[0]), s1: dyndns2(all, DYN_HOSTS[1]),
    s2: { ...dyndns2(all, CF_HOST), update_url: undefined, service_name: 'cloudflare.com-v4', username: 'Bearer',
      password: CF_TOKEN, domain: 'c@example.com', api_url: all.cf.apiUrl } };
  if (all.bind) {
    service.s3 = { ...dyndns2(all, NS_HOST), update_url: undefined, service_name: 'bind-nsupdate',
      username: TSIG.name, password: TSIG.secret, dns_server: '127.0.0.1:' + all.bind.port };
  }
  // the page answers only to its own address or a configured name: the bench reaches it as 127.0.0.1
  return { service, mqtt: { host: '127.0.0.1', port: String(all.mqtt.port) }, web: { port: String(all.webPort), hostname: '127.0.0.1' } };
}

function hostsOf(config) {
  return Object.values(config.service).map((s) => s.lookup_host);
}

// ---------------------------------------------------------------------------------------------
// Boots the firmware from Storage with a new public address and waits until it settled: every
// section's update accepted, MQTT connected (when configured), then 1.5 s without output.
async function boot(bin, flash, all, config) {
  const ip = all.nextIp();
  const r = await Run.boot(bin, flash.dir);
  r.own = flash.own;
  r.ip = ip;
  try {
    for (const h of hostsOf(config)) {
      await r.waitFor(new RegExp('update accepted: ' + h.replace(/\./g, '\\.') + ' -> ' + ip.replace(/\./g, '\\.')), { timeoutMs: 30000 });
    }
    if (config.mqtt) await r.waitFor(/MQTT connected to/, { timeoutMs: 15000 });
    await r.quiet(1500, 15000);
    // settled: the usage no longer moves (a pass still in flight holds its module for a moment)
    let u = await r.usage();
    for (let i = 0; i < 10; i++) {
      await sleep(1000);
      const v = await r.usage();
      if (Math.abs(v - u) <= 2) break;
      u = v;
    }
  } catch (e) {
    await r.stop();
    throw new Error(`the firmware did not settle (${e.message}); it printed:\n${r.out.slice(-3000)}`);
  }
  return r;
}

// A GET on the board's web page: resolves { status, headers, body } or { error }.
function get(port, path, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (e) => resolve({ error: String(e) }));
    });
    req.setTimeout(timeoutMs, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => resolve({ error: String(e.message || e) }));
  });
}

// The operations whose headroom scenario 3 measures. Each has `pre` (run in the same command,
// before the filler is allocated), `post` (after it) and
// `run(r, all, since)` (once the filler is in place) resolving to null when it worked or to what
// went wrong.
function operations(flash, withBind) {
  const page = flash.file('www.gz').data;
  const http200 = (check) => async (r, all, path) => {
    const a = await get(all.webPort, path, OP_MS);
    if (a.error) return a.error;
    if (a.status !== 200) return 'HTTP ' + a.status + ' ' + a.body.toString().slice(0, 200);
    return check(a);
  };
  // the console module is loaded (and kept) before the filler, the command typed after it: what
  // the pass loads (ddns.pass, ddns.http, ddns.policy, an API module) counts, the console not
  const update = (section, host, what) => ({ name: `update of ${section} (${what}), forced`,
    pre: 'require("ddns.console");', post: `setTimeout(function(){force("${section}")},1);`,
    run: async (r, all, since) => {
      try {
        await r.waitFor(new RegExp('update accepted: ' + host.replace(/\./g, '\\.')), { since, timeoutMs: OP_MS });
        return null;
      } catch (e) { return 'no update accepted'; }
    } });
  return [
    update('s0', DYN_HOSTS[0], 'dyndns2'),
    update('s2', CF_HOST, 'Cloudflare API'),
    ...(withBind ? [update('s3', NS_HOST, 'nsupdate')] : []),
    { name: 'GET / (the page)', pre: '',
      run: (r, all) => http200((a) => (a.body.equals(page) ? null : `page of ${a.body.length} bytes, not ${page.length}`))(r, all, '/') },
    { name: 'GET /api/status', pre: '',
      run: (r, all) => http200((a) => {
        try {
          const j = JSON.parse(a.body.toString());
          return JSON.stringify(j).includes('s0') ? null : 'status without s0: ' + a.body.toString().slice(0, 200);
        } catch (e) { return 'not JSON: ' + a.body.toString().slice(0, 200); }
      })(r, all, '/api/status') },
  ];
}

const HOLD_MS = 4000;
// how long an operation may take once the filler is in place (it must end before the release)
const OP_MS = 2500;

// One try: leaves F blocks free, runs the operation, then a timer (set before the filler)
// releases the filler after HOLD_MS and reports the error flags. Outcome: 'clean' (it worked,
// no flag), 'gc' (it worked, but the free list ran empty once and a garbage collection pass
// had to free cyclic garbage: LOW_MEMORY) or 'fail' (it did not work, or MEMORY: out of
// memory even after collecting). After 'fail' the interpreter is in doubt: the caller boots a
// fresh one.
async function tryHeadroom(r, all, op, F) {
  await r.usage();
  const since = r.out.length;
  await r.send('E.getErrorFlags();__t=setTimeout(function(){__f=undefined;print("@@E "+E.getErrorFlags())},' + HOLD_MS + ');' +
    op.pre + '__f=[];__n=process.memory().free-' + (F + 24) + ';while(__n-->0)__f.push(0);' +
    'while(process.memory().free>' + F + ')__f.push(0);print("@@F "+process.memory().free);' + (op.post || ''));
  try {
    await r.waitFor(/@@F (\d+)/, { since, timeoutMs: 10000 });
  } catch (e) {
    return { outcome: 'fail', why: 'filler: ' + e.message };
  }
  let why = await op.run(r, all, since);
  if (!why && r.out.indexOf('@@E', since) >= 0) why = 'ended after the filler was released';
  let flags;
  try {
    flags = (await r.waitFor(/@@E ([A-Z_,]*)/, { since, timeoutMs: HOLD_MS + 5000 }))[1];
  } catch (e) {
    return { outcome: 'fail', why: why || 'no flags: ' + e.message };
  }
  const trouble = TROUBLE.exec(r.out.slice(since));
  if (process.env.BENCH_MEMORY_DEBUG) console.log(r.out.slice(since).slice(-1500));
  if (why || trouble || /(^|,)MEMORY/.test(flags)) {
    return { outcome: 'fail', why: [why, trouble && trouble[0], flags && 'flags ' + flags].filter(Boolean).join('; ') };
  }
  return { outcome: /LOW_MEMORY/.test(flags) ? 'gc' : 'clean', why: flags };
}

// The smallest F (free blocks left above the settled state) with which the operation works,
// twice: `clean` (no flag at all: what it needs when no garbage collection runs) and `gc`
// (garbage collection allowed: the live peak). F doubles from 400 until a clean try (at most
// 12,800), then each bound is bisected to 16 blocks. A fresh boot after every failed try; the
// others keep the interpreter for the next try.
async function headroom(bin, flash, all, config, op, log) {
  let r = null;
  const seen = new Map();
  const attempt = async (F) => {
    if (seen.has(F)) return seen.get(F);
    if (!r) r = await boot(bin, flash, all, config);
    const t = await tryHeadroom(r, all, op, F);
    log(`    F=${F}: ${t.outcome}${t.why ? ' (' + t.why.replace(/\s+/g, ' ').slice(0, 120) + ')' : ''}`);
    if (t.outcome === 'fail' || !r.alive) { await r.stop(); r = null; }
    seen.set(F, t.outcome);
    return t.outcome;
  };
  const bisect = async (works) => {
    // the bracket: the smallest F that worked, the largest below it that did not (tries near
    // the bound are noisy: a larger F may have failed once)
    let hi = Math.min(...[...seen].filter(([, o]) => works(o)).map(([F]) => F));
    let lo = Math.max(0, ...[...seen].filter(([F, o]) => !works(o) && F < hi).map(([F]) => F));
    while (hi - lo > 16) {
      const mid = Math.round((lo + hi) / 2);
      if (works(await attempt(mid))) hi = mid; else lo = mid;
    }
    return { F: hi, lo };
  };
  try {
    let F = 400;
    while ((await attempt(F)) !== 'clean') {
      if (F >= 12800) return null;
      F *= 2;
    }
    const gc = await bisect((o) => o !== 'fail');
    const clean = await bisect((o) => o === 'clean');
    return { gc, clean };
  } finally {
    if (r) await r.stop();
  }
}

// Scenario 4: force('s0') typed n times, each after the previous update was accepted (the
// section waits again); bounded by maxMs. Returns { done, ms, before, after, warm }.
async function manyUpdates(r, n, maxMs, warmN) {
  const before = await r.usage();
  const t0 = Date.now();
  let done = 0;
  let warm = null;
  const re = new RegExp('update accepted: ' + DYN_HOSTS[0].replace(/\./g, '\\.'));
  while (done < n && Date.now() - t0 < maxMs) {
    const since = r.out.length;
    await r.send('force("s0")');
    try { await r.waitFor(re, { since, timeoutMs: 10000 }); } catch (e) { break; }
    done++;
    if (done === warmN) { await r.quiet(1000, 5000); warm = await r.usage(); }
  }
  const ms = Date.now() - t0;
  await r.quiet(1500, 10000);
  const after = await r.usage();
  return { done, ms, before, after, warm };
}

// ---------------------------------------------------------------------------------------------

function printBytes(build, log) {
  log(`build bytes (${build.dir}/manifest.json):`);
  let total = 0;
  for (const f of build.files) {
    total += f.bytes;
    const goal = f.name === '.bootcde' ? `  (goal <= ${BOOT_GOAL}: ${f.bytes <= BOOT_GOAL ? 'met' : 'over by ' + (f.bytes - BOOT_GOAL)})` : '';
    log(`  ${f.name.padEnd(24)} ${String(f.bytes).padStart(7)}${goal}`);
  }
  log(`  ${'total'.padEnd(24)} ${String(total).padStart(7)}`);
}

/**
 * Prints the build's bytes; then, when ESPRUINO_BIN is set, runs the memory scenarios on the
 * real interpreter and prints their table. Returns the rows (null when skipped).
 */
export async function benchMemory({ bin = process.env.ESPRUINO_BIN, board = 'esp32', log = console.log,
  updates = Number(process.env.BENCH_MEMORY_UPDATES || 1000), updatesMaxMs = 600000, idleOnly = process.env.BENCH_MEMORY === 'idle',
  only = process.env.BENCH_MEMORY_OPS, probe = process.env.BENCH_MEMORY_PROBE } = {}) {
  printBytes(readBuild(`dist/${board}`), log);
  if (!bin) {
    log('memory on the real interpreter: skipped: set ESPRUINO_BIN');
    return null;
  }
  const build = readBuild('dist/linux');
  const flash = new Flash(bin, build);
  flash.own = await calibrate(bin, flash.dir);
  const all = await startAll();
  const rows = [];
  const row = (scenario, value, goal, note = '') => { rows.push({ scenario, value, goal, note }); };
  const problems = [];
  const note = (what, out, re = TROUBLE) => {
    const m = re.exec(out || '');
    if (m) problems.push(`${what}: ${m[0].trim()}`);
  };
  // the compile boot runs before the feature modules are in Storage: only its own trouble counts
  const COMPILE = /Uncaught[^\n]*|^config [^\n]*/m;
  // what the idle rows say besides the figure: the blocks in use right after start() returned
  // (before any network answer) and the error flags since boot
  const idleNote = async (r) => {
    const f = await r.query('E.getErrorFlags()');
    const p0 = /@@P0 (\d+)/.exec(r.out);
    return (p0 ? `${p0[1]} right after start()` : '') + (f ? `; flags since boot: ${f}` : '');
  };
  try {
    if (!all.bind) problems.push(`nsupdate left out: BIND did not start (${all.bindError})`);
    log(`memory on the real interpreter (${bin.split('/').pop()}, files run from Storage, plain HTTP; ` +
      `the bench's command listener, ${flash.own} blocks, is taken off every figure):`);

    // 0: the core alone, no config at all (Storage: .bootcde only)
    await flash.write('.bootcde', flash.file('.bootcde').data);
    let r = await Run.boot(bin, flash.dir);
    r.own = flash.own;
    await r.waitFor(/@@P1/);
    await r.quiet(1000, 5000);
    row('0  the core alone, no config', await r.usage(), '', '');
    await r.stop();

    // 1 and 5: one section; boot three times for the time to the first accepted update
    const small = smallConfig(all);
    note('compile (scenario 1)', await flash.prepare(SMALL, small), COMPILE);
    const times = [];
    let idle1 = null;
    let note1 = '';
    r = null;
    for (let i = 0; i < 3; i++) {
      if (r) await r.stop();
      const seen = all.w.dyndns2.requests.length;
      r = await boot(bin, flash, all, small);
      const acc = all.w.dyndns2.requests.slice(seen).find((q) => q.query.myip === r.ip && /^(good|nochg)/.test(q.answer || ''));
      if (acc) times.push(acc.time - r.t0);
      idle1 = await r.usage();
      note1 = await idleNote(r);
      note('scenario 1 boot', r.out);
    }
    times.sort((a, b) => a - b);
    if (probe) log('  probe, scenario 1: ' + await r.query(probe).catch(async (e) => { await r.stop(); throw e; }));
    row('1  one dyndns2 section, web off, idle', idle1, '<= 1000', note1);

    // 1n and 1d: scenario 1 with a notify block (webhook and ping URL), and with ip_source dns
    for (const v of [
      { name: '1n scenario 1 + notify (webhook, ping_url), idle', files: ['ddns.notify'],
        cfg: { ...small, notify: { url: all.hook.url + '/h', ping_url: all.hook.url + '/ping' } } },
      { name: '1d scenario 1 with ip_source dns, idle', files: ['ddns.ipdns'],
        cfg: { ...small, service: { s0: { ...small.service.s0, ip_source: 'dns', ip_dns: all.who.list() } } } },
    ]) {
      if (r) await r.stop();
      note('compile (' + v.name + ')', await flash.prepare(SMALL.concat(v.files), v.cfg), COMPILE);
      r = await boot(bin, flash, all, v.cfg);
      const u = await r.usage();
      const seen = v.files[0] === 'ddns.notify' ? `; webhook got ${all.hook.requests.filter((q) => q.path === '/h').length}, ` +
        `pings ${all.hook.requests.filter((q) => q.path === '/ping').length}` : `; whoami questions ${all.who.queries.length}`;
      row(v.name, u, '', (u - idle1 >= 0 ? '+' : '') + (u - idle1) + ' over scenario 1; ' + await idleNote(r) + seen);
      note(v.name, r.out);
    }
    note('compile (scenario 1 again)', await flash.prepare(SMALL, small), COMPILE);
    await r.stop();
    r = await boot(bin, flash, all, small);

    // 4: many updates in a row on the same run (BENCH_MEMORY=idle: the idle rows only)
    const warmN = 50;
    if (idleOnly || (only && !process.env.BENCH_MEMORY_UPDATES)) updates = 0;
    const m = await manyUpdates(r, updates, updatesMaxMs, warmN);
    note('scenario 4', r.out);
    await r.stop();
    row(`4  ${m.done} forced updates (${(m.ms / 1000).toFixed(0)} s), then idle: minus idle before`, m.after - m.before, '<= 20',
      `idle ${m.before} -> ${m.after}` + (m.warm !== null ? `; ${m.after - m.warm} after the first ${warmN} (RAM log full)` : ''));
    row('5  power-on to first accepted update, scenario 1 (ms, median of 3)', times.length ? times[Math.floor(times.length / 2)] : 'n/a', '',
      times.length ? 'each: ' + times.join(', ') : 'no accepted update seen');

    // 2 and 3: four sections + MQTT + web page
    const full = fullConfig(all);
    note('compile (scenario 2)', await flash.prepare(FULL, full), COMPILE);
    r = await boot(bin, flash, all, full);
    const idle2 = await r.usage();
    const note2 = await idleNote(r);
    if (probe) log('  probe, scenario 2: ' + await r.query(probe).catch(async (e) => { await r.stop(); throw e; }));
    note('scenario 2 boot', r.out);
    await r.stop();
    const n = Object.keys(full.service).length;
    row(`2  ${n} sections + MQTT + web page, idle`, idle2, '<= 1800', note2);
    // BENCH_MEMORY_OPS=<RegExp>: only the peaks whose names match (and no 1,000 updates)
    for (const op of idleOnly ? [] : operations(flash, !!all.bind).filter((x) => !only || new RegExp(only).test(x.name))) {
      log(`  scenario 3, ${op.name}: headroom search`);
      const h = await headroom(bin, flash, all, full, op, log);
      if (!h) { row(`3  peak over idle: ${op.name}`, '> 12800', '<= +800', 'never worked'); continue; }
      row(`3  peak over idle: ${op.name}`, '+' + h.gc.F, '<= +800',
        `fails at ${h.gc.lo}; without a GC pass (no LOW_MEMORY): +${h.clean.F}`);
    }
  } finally {
    await all.close();
    flash.close();
  }
  log('');
  log('  ' + 'scenario'.padEnd(72) + 'blocks'.padStart(8) + '  goal');
  rows.sort((a, b) => parseInt(a.scenario, 10) - parseInt(b.scenario, 10));
  for (const x of rows) log('  ' + x.scenario.padEnd(72) + String(x.value).padStart(8) + '  ' + x.goal.padEnd(8) + (x.note ? '  ' + x.note : ''));
  for (const p of problems) log('  problem: ' + p);
  return rows;
}
export { Flash, Run, boot, startAll, smallConfig, fullConfig, calibrate, readBuild, SMALL, FULL };
