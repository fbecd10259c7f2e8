// The ROUTER.md test network, built per test with namespace names unique to this process: `rt`
// (the router, running the real miniupnpd), `isp` (its upstream, a dead end), `lan` (the
// simulated board, the provider fake and the DNS, see driver.mjs). Everything is torn down by
// down(), and by a process exit handler when a test dies first. Needs root and `ip netns`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const live = new Set();
let seq = 0;

// Why: every step of the topology is one `ip` call that must fail loudly.
function ip(args) {
  execFileSync('ip', args, { stdio: 'pipe' });
}

// Why: the router needs real pauses (ROUTER.md's 300 ms between delete and add).
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** null when namespaces can be made here, else why not (the tests then fail saying so). */
export function cannotRun() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  const probe = `ddnsprobe${process.pid}`;
  try {
    ip(['netns', 'add', probe]);
    ip(['netns', 'del', probe]);
  } catch (e) {
    return 'ip netns add failed: ' + String(e.stderr || e.message).trim();
  }
  try {
    execFileSync('miniupnpd', ['--version'], { stdio: 'pipe' });
  } catch (e) {
    if (e.code === 'ENOENT') return 'miniupnpd is not installed (apt-get install miniupnpd miniupnpd-nftables)';
  }
  return null;
}

// Why: a failing test must not leave namespaces or daemons behind, even when it throws.
process.on('exit', () => {
  for (const t of live) t.downSync();
});

export class Topology {
  constructor() {
    const tag = `${process.pid}x${++seq}`;
    this.rt = `rt${tag}`;
    this.isp = `isp${tag}`;
    this.lan = `lan${tag}`;
    this.dir = mkdtempSync(join(tmpdir(), 'ddns-router-'));
    this.wan = null;
    this.daemon = null;
    this.daemonLog = '';
    this.children = new Set();
    live.add(this);
  }

  // The ROUTER.md commands, with this topology's names.
  up(wan = '11.0.0.2/24') {
    const { rt, isp, lan } = this;
    for (const n of [rt, isp, lan]) ip(['netns', 'add', n]);
    for (const n of [rt, isp, lan]) ip(['-n', n, 'link', 'set', 'lo', 'up']);
    ip(['-n', rt, 'link', 'add', 'rt-wan', 'type', 'veth', 'peer', 'name', 'isp0', 'netns', isp]);
    ip(['-n', rt, 'addr', 'add', wan, 'dev', 'rt-wan']);
    ip(['-n', isp, 'addr', 'add', '11.0.0.1/24', 'dev', 'isp0']);
    ip(['-n', rt, 'link', 'set', 'rt-wan', 'up']);
    ip(['-n', isp, 'link', 'set', 'isp0', 'up']);
    if (wan.startsWith('11.0.0.')) ip(['-n', rt, 'route', 'add', 'default', 'via', '11.0.0.1', 'dev', 'rt-wan']);
    ip(['-n', rt, 'link', 'add', 'rt-lan', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', lan]);
    ip(['-n', rt, 'addr', 'add', '192.168.77.1/24', 'dev', 'rt-lan']);
    ip(['-n', lan, 'addr', 'add', '192.168.77.10/24', 'dev', 'lan0']);
    ip(['-n', rt, 'link', 'set', 'rt-lan', 'up']);
    ip(['-n', lan, 'link', 'set', 'lan0', 'up']);
    ip(['-n', lan, 'route', 'add', 'default', 'via', '192.168.77.1', 'dev', 'lan0']);
    ip(['-n', lan, 'route', 'add', '224.0.0.0/4', 'dev', 'lan0']);
    execFileSync('ip', ['netns', 'exec', rt, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    this.wan = wan;
    return this;
  }

  // miniupnpd in the foreground (-d), ready once it logs its listeners (about 10 ms).
  async startRouter({ natpmp = true } = {}) {
    const conf = join(this.dir, 'miniupnpd.conf');
    writeFileSync(conf, ['ext_ifname=rt-wan', 'listening_ip=rt-lan', 'http_port=5000', 'ipv6_disable=yes',
      `enable_natpmp=${natpmp ? 'yes' : 'no'}`, 'enable_upnp=yes', 'secure_mode=yes', 'system_uptime=no',
      'uuid=3a1e9f50-6b7c-4d2e-9f00-5e1a7e57a001', 'allow 1024-65535 192.168.77.0/24 1024-65535',
      'deny 0-65535 0.0.0.0/0 0-65535', ''].join('\n'));
    const p = spawn('ip', ['netns', 'exec', this.rt, 'miniupnpd', '-d', '-f', conf, '-P', join(this.dir, 'pid')],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.daemon = p;
    const take = (d) => { this.daemonLog += d; };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    for (let i = 0; i < 200 && !/HTTP listening on port/.test(this.daemonLog); i++) await sleep(10);
    if (!/HTTP listening on port/.test(this.daemonLog)) throw new Error('miniupnpd did not start: ' + this.daemonLog);
    await sleep(50);
  }

  /** Moves the router's WAN address (ROUTER.md: delete, pause, add); returns Date.now() at the add. */
  async setWan(addr, pauseMs = 300) {
    ip(['-n', this.rt, 'addr', 'del', this.wan, 'dev', 'rt-wan']);
    await sleep(pauseMs);
    const t = Date.now();
    ip(['-n', this.rt, 'addr', 'add', addr, 'dev', 'rt-wan']);
    this.wan = addr;
    return t;
  }

  /** Runs a Node script (ES module text) in one of the namespaces; resolves with its stdout. */
  run(ns, code, ms = 30000) {
    return new Promise((resolve, reject) => {
      const p = spawn('ip', ['netns', 'exec', ns, process.execPath, '--input-type=module', '-e', code],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.add(p);
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => { out += d; });
      p.stderr.on('data', (d) => { err += d; });
      const t = setTimeout(() => p.kill('SIGKILL'), ms);
      p.on('exit', (code) => {
        clearTimeout(t);
        this.children.delete(p);
        if (code === 0) resolve(out); else reject(new Error(`script in ${ns} failed (${code}): ${err}`));
      });
    });
  }

  // The router cannot reach the board: NOTIFYs (and replies) to it are refused, so events get lost.
  block() { ip(['-n', this.rt, 'route', 'add', 'prohibit', '192.168.77.10/32']); }
  unblock() { ip(['-n', this.rt, 'route', 'del', 'prohibit', '192.168.77.10/32']); }

  /** Starts driver.mjs in the lan namespace; see Driver. */
  async board(cfg) {
    const d = new Driver(this, cfg);
    this.children.add(d.proc);
    await d.ready;
    return d;
  }

  async down() {
    for (const c of this.children) await new Driver.Stopper(c).stop();
    this.downSync();
  }

  downSync() {
    if (!live.has(this)) return;
    live.delete(this);
    for (const c of this.children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
    if (this.daemon) { try { this.daemon.kill('SIGKILL'); } catch { /* gone */ } }
    for (const n of [this.lan, this.rt, this.isp]) {
      try { ip(['netns', 'del', n]); } catch { /* not made */ }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The board process: serial text, provider updates as they are answered, console lines. */
export class Driver {
  constructor(topo, cfg) {
    this.serial = '';
    this.updates = [];
    this.replies = [];
    this.ids = 0;
    this.waiters = new Set();
    const arg = JSON.stringify({ iface: 'lan0', flashDir: join(topo.dir, 'flash' + seq++), registered: '192.0.2.1', ...cfg });
    this.proc = spawn('ip', ['netns', 'exec', topo.lan, process.execPath, join(HERE, 'driver.mjs'), arg],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    let buf = '';
    this.ready = new Promise((resolve, reject) => {
      this.proc.on('exit', (code) => reject(new Error(`driver exited (${code}): ${this.stderr}`)));
      this.proc.stdout.on('data', (d) => {
        buf += d;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const m = JSON.parse(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (m.type === 'ready') resolve(m);
          if (m.type === 'error') reject(new Error(m.message));
          if (m.type === 'serial') this.serial += m.text;
          if (m.type === 'update') this.updates.push(m);
          if (m.type === 'stats' || m.type === 'until') this.replies.push(m);
          for (const w of [...this.waiters]) w();
        }
      });
    });
  }

  /** Resolves with fn()'s first truthy value; rejects after ms with the serial tail. */
  waitFor(fn, ms, what = 'condition') {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = fn();
        if (!v) return;
        done();
        resolve(v);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; serial tail:\n${this.serial.slice(-1500)}`));
      }, ms);
      const done = () => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
      check();
    });
  }

  /** The first provider update for ip (answered good) at or after time t. */
  updateFor(ip, t = 0) {
    return this.updates.find((u) => u.myip === ip && u.time >= t && /^good/.test(u.answer));
  }

  type(line) {
    this.proc.stdin.write(JSON.stringify({ cmd: 'type', line }) + '\n');
  }

  send(cmd) {
    this.proc.stdin.write(JSON.stringify(cmd) + '\n');
  }

  /** Sends a command with an id and resolves with the driver's reply of that id (stats, until). */
  call(cmd, ms = 600000) {
    const id = ++this.ids;
    const at = this.replies.length;
    this.send({ ...cmd, id });
    return this.waitFor(() => this.replies.slice(at).find((r) => r.id === id), ms, cmd.cmd);
  }
}

// Why: a stop that never hangs the test: ask politely, then kill after a second.
Driver.Stopper = class {
  constructor(proc) { this.proc = proc; }
  stop() {
    const p = this.proc;
    if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => { try { p.kill('SIGKILL'); } catch { /* gone */ } }, 1000);
      p.on('exit', () => { clearTimeout(t); resolve(); });
      // a process killed a moment ago may not have said so yet: its stdin then fails later
      // (EPIPE), which must not become an uncaught error of the test
      if (p.stdin) p.stdin.on('error', () => {});
      try { p.stdin.write(JSON.stringify({ cmd: 'stop' }) + '\n'); } catch { p.kill('SIGKILL'); }
    });
  }
};
