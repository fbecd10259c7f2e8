// One power-on of the board: a fresh realm with Espruino's globals and modules, its timers and
// sockets, the boot sequence (.boot0-3, .bootcde, E 'init', onInit) and the REPL. Everything
// here dies with the power; what survives (flash, serial log, stats) lives on the SimBoard.
import { Realm } from './realm.mjs';
import { installPrelude } from './prelude.mjs';
import { Scheduler } from './scheduler.mjs';
import { Emitter } from './emitter.mjs';
import { NetStack } from './netstack.mjs';
import { createStorage } from './storage.mjs';
import { WifiStation } from './wifi.mjs';
import { createModules } from './modules.mjs';
import { installGlobals, VERSION } from './globals.mjs';
import { formatResult, formatUncaught } from './format.mjs';
import { bufToStr } from './bytes.mjs';
import { storageName } from './flash.mjs';
import { banner } from './console-server.mjs';

// Thrown through board code when the power goes in the middle of it (power cut, E.reboot):
// nothing after that point may run, and the sim must not report it as an error.
export const POWER_CUT = Object.freeze({ toString: () => 'power cut' });

const BOOT_FILES = ['.boot0', '.boot1', '.boot2', '.boot3', '.bootcde'];

export class Session {
  constructor(board) {
    this.board = board;
    this.dead = false;
    this.realm = new Realm();
    this.sched = new Scheduler({ virtual: board.virtual, run: (job) => this.runJob(job) });
    this.emitter = new Emitter(this);
    this.netstack = new NetStack(this);
    this.resources = new Set(); // things with kill(): sockets, server connections
    this.clientConns = new Set(); // things with stall(): connections a network change breaks
    this.servers = new Set(); // host listening servers
    this.wallOffset = 0; // ms; wall clock = offset + uptime (1970 at boot)
    this.tz = 0; // minutes east, E.setTimeZone
    this.consoleDevice = 'Serial1';
    this.replBuffer = '';
    this.echoOff = false; // echo(0): no "=result" (and no echo/prompt on the console server)
    this.wifi = null;
  }

  setup() {
    installPrelude(this.realm, {
      queue: (fn) => this.queue(() => this.call(fn, undefined, [])),
      now: () => this.wallNow(),
      tz: () => this.tz,
    });
    this.realm.strip();
    this.emitter.install();
    const storage = createStorage(this);
    this.storage = storage.api;
    this.storageModule = storage.module;
    if (this.board.kind === 'esp32') {
      this.wifi = new WifiStation(this);
      this.wifi.createModule();
    }
    const modules = createModules(this);
    this.require = modules.require;
    this.modulesApi = modules.Modules;
    installGlobals(this);
  }

  // Power on: run the boot files, then 'init' handlers and onInit(), then let Wifi associate.
  // mode 'reset' is what reset() and load(file) leave (jsiSemiInit(false)): .boot0-3 and
  // .bootrst instead of .bootcde, the banner, then `file` (load(file)) is run.
  boot({ mode = 'power', file } = {}) {
    this.setup();
    const flash = this.board.flashStore;
    const reset = mode === 'reset';
    for (const name of reset ? [...BOOT_FILES.slice(0, 4), '.bootrst'] : BOOT_FILES) {
      const code = flash.read(name);
      if (code) this.evalCode(bufToStr(code), name);
      if (this.dead) return;
    }
    for (const fn of this.emitter.list(this.E, 'init')) this.call(fn, this.E, []);
    const onInit = this.realm.global.onInit;
    if (typeof onInit === 'function') {
      this.print('Running onInit()...\n');
      this.call(onInit, undefined, []);
    }
    if (this.dead) return;
    if (reset || !(flash.exists('.bootcde') || flash.exists('.bootrst'))) this.print(banner(VERSION, this.board.kind === 'linux'));
    if (file !== undefined) {
      const code = flash.read(storageName(file));
      if (code) this.evalCode(bufToStr(code), String(file));
    }
    if (this.wifi && !this.dead) {
      this.wifi.wanted = true;
      this.wifi.scheduleUp();
    }
  }

  evalCode(code, filename) {
    try {
      this.realm.run(code, filename);
    } catch (e) {
      this.uncaught(e);
    }
  }

  // ---------------------------------------------------------------- running board code

  queue(job) {
    if (!this.dead) this.sched.queue(job);
  }

  call(fn, thisArg, args = []) {
    if (this.dead) return undefined;
    try {
      if (typeof fn === 'string') return this.realm.run(fn, 'callback');
      return fn.apply(thisArg, args);
    } catch (e) {
      this.uncaught(e);
      return undefined;
    }
  }

  runJob(job) {
    if (this.dead) return;
    try {
      job();
    } catch (e) {
      this.uncaught(e);
    }
  }

  // Wraps a host event handler so a bug or a board exception never escapes into Node.
  guard(fn) {
    return (...args) => this.runJob(() => fn(...args));
  }

  // jsiCheckErrors: process 'uncaughtException' listeners, else "Uncaught <error>".
  uncaught(e) {
    if (e === POWER_CUT || this.dead) return;
    const handlers = this.processObj ? this.emitter.list(this.processObj, 'uncaughtException') : [];
    if (handlers.length) {
      for (const fn of handlers) this.call(fn, this.processObj, [e]);
      return;
    }
    this.print(`Uncaught ${formatUncaught(e)}\n`);
    if (process.env.SIM_DEBUG && e && e.stack) this.board.debug(e.stack);
    this.board.emit('uncaught', e);
  }

  assertAlive() {
    if (this.dead) throw POWER_CUT;
  }

  // Console output: it reaches the serial log only while the console is on Serial1.
  print(text) {
    if (this.consoleDevice === 'Serial1' && !this.dead) this.board.write(text, true);
  }

  serialWrite(text) {
    if (!this.dead) this.board.write(text);
  }

  jsError(msg) {
    this.print(`ERROR: ${msg}\n`);
  }

  // ---------------------------------------------------------------- board services

  wallNow() {
    return this.wallOffset + this.sched.now();
  }

  // The clock changes behind the timers' back (SNTP): pending timers shift with it.
  clockJump(newWallMs) {
    const jump = newWallMs - this.wallNow();
    this.wallOffset += jump;
    this.sched.shiftTimers(jump);
  }

  // Every write to flash passes here: counted (in total and per Storage name, so a test can
  // tell which files a flash touched), and possibly the moment the power goes.
  flashWrite(fn, name = '*') {
    this.assertAlive();
    const b = this.board;
    b.writeAttempts++;
    if (b.cutAtWrite && b.writeAttempts >= b.cutAtWrite) {
      b.cutAtWrite = 0;
      b.powerOff('power cut');
      throw POWER_CUT;
    }
    const r = fn();
    b.stats.storageWrites++;
    b.stats.fileWrites[name] = (b.stats.fileWrites[name] || 0) + 1;
    return r;
  }

  stallConnections() {
    for (const c of [...this.clientConns]) c.stall();
  }

  // Host port for a port the board listens on: portMap (object or function) decides; by
  // default an ephemeral one (find it in board.ports), so boards never collide.
  mapPort(port) {
    const map = this.board.opts.portMap;
    if (typeof map === 'function') return map(port);
    if (map && map[port] !== undefined) return map[port];
    return 0;
  }

  listen(node, port) {
    const b = this.board;
    node.on('error', () => {
      if (this.dead) return;
      this.jsError('Socket bind failed');
      this.uncaught(this.realm.error('InternalError', 'Unable to create socket'));
    });
    node.listen(this.mapPort(port), b.listenHost, () => {
      if (this.dead) return node.close();
      b.ports.set(port, node.address().port);
      b.emit('listening', { port, hostPort: node.address().port });
    });
    this.servers.add(node);
  }

  unlisten(node) {
    this.servers.delete(node);
    node.close();
    for (const [p, hp] of this.board.ports) if (node.address && hp === (node.address() || {}).port) this.board.ports.delete(p);
  }

  // E.reboot()/load(); opts {mode: 'reset', file} for reset()/load(file) (see boot()).
  rebootNow(opts) {
    this.board.softReboot(opts);
    throw POWER_CUT;
  }

  // ---------------------------------------------------------------- console

  // A line typed on the console: evaluated like the REPL once brackets balance, echoing
  // "=<result>"; errors print "Uncaught ...".
  type(line) {
    // With the console moved off Serial1 (E.setConsole), typed text is Serial1 'data'.
    if (this.consoleDevice !== 'Serial1') {
      this.emitter.pushData(this.serial1, line + '\r\n');
      return true;
    }
    this.replBuffer += line + '\n';
    const code = this.replBuffer;
    try {
      this.realm.compile(code, 'REPL');
    } catch (e) {
      if (/Unexpected end of input|Unterminated template/.test(String(e && e.message))) return false;
    }
    this.replBuffer = '';
    if (!code.trim()) return true;
    try {
      const v = this.realm.run(code, 'REPL');
      if (!this.echoOff) this.print(`=${formatResult(v)}\n`);
    } catch (e) {
      this.uncaught(e);
    }
    return true;
  }

  // ---------------------------------------------------------------- power

  kill() {
    this.dead = true;
    this.sched.stop();
    for (const r of [...this.resources]) {
      try {
        r.kill();
      } catch {
        // already gone
      }
    }
    this.resources.clear();
    this.clientConns.clear();
    for (const node of this.servers) node.close();
    this.servers.clear();
    this.board.ports.clear();
  }
}
