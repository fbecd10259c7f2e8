// Composition root: board ports + compiled config -> sections -> feature modules. Nothing imports
// it. The core (this file and what it imports) is .bootcde; every feature is a Storage module
// (ddns.<name>) loaded through host.load() only when the config uses it: MQTT, syslog, SNTP and
// the web page at boot when configured, the router watcher on the first router query, an API
// provider for one update, the console for one command, the config tools to compile an upload.

import { Ports, NetInfo, NetPort } from './core/ports';
import { loadRunText, loadDocText, isRunText, INBOX } from './config/store';
import { createSection, SectionDeps } from './section/engine';
import { RunConfig, RunSection, SectionRunner, RUN_FORMAT } from './section/types';
import { RouterSource } from './section/router-source';
import { memoryShort, ranOut } from './section/memory';
import { createLogger, Logger } from './log/log';
import { espruinoPorts, closeTelnet } from './platform/espruino/index';
import { exposeConsole } from './platform/espruino/console';
import { shellCommands } from './shell';
import { Host, BoardInfo } from './host';

export var VERSION = '0.1.0';

// A feature module's exports, or null with the reason (in the log; on the console before the
// log exists); with entry, null too when the module has no such function. It is host.load and
// the sections' use itself: no wrapper, which would be a function object more.
function bootModule(name: string, entry?: string): any {
  try {
    var m = P.modules.load(name);
    return !entry || typeof m[entry] === 'function' ? m : null;
  } catch (e) {
    var why = 'module ddns.' + name + ' cannot be loaded (' + e + '): flash the firmware again';
    if (H.log) H.log.write('ddns', 'err', why);
    else say('ddns: ' + why);
    return null;
  }
}

// What boot runs: the compiled config in flash. An uploaded ddns.json, or a saved config without
// a compiled form this firmware reads, is compiled first by the config module (then dropped).
function readRun(ports: Ports, board: string, print: (s: string) => void): RunConfig {
  // The compiled config, or null when there is none or it cannot be read (then boot compiles the
  // user config again). It must be laid out a section per line (store.ts runText): a pass reads
  // its section's line alone (engine.ts passConfig). (Made here: no function object after boot.)
  function parseRun(text: string | null): RunConfig | null {
    if (text === null || !isRunText(text)) return null;
    try {
      var r = JSON.parse(text);
      return r && r.v === RUN_FORMAT && r.s instanceof Array && r.errs instanceof Array && typeof r.g.dateformat === 'string' ? r : null;
    } catch (e) { return null; }
  }
  var st = ports.storage;
  var inbox = st.read(INBOX) !== undefined;
  var run = inbox ? null : parseRun(loadRunText(st));
  if (!run && (inbox || loadDocText(st) !== null)) {
    var tools = bootModule('config');
    if (tools) {
      var o = { storage: st, board: board, print: print };
      if (inbox) tools.importInbox(o);
      if (!parseRun(loadRunText(st))) tools.recompile(o);
      ports.modules.drop('config');
    }
    run = parseRun(loadRunText(st));
  }
  if (run) return run;
  if (loadDocText(st) === null) print('ddns: no config yet: upload ddns.json or use set()/importUci() (see README)');
  return { v: RUN_FORMAT, g: { loglines: 250, dateformat: '%F %R', ntp: '' }, s: [], errs: [] };
}

// A section's config problems, once, as it is built: its warnings are dropped after.
function logProblems(log: Logger, c: RunSection) {
  var notes = c.notes || [];
  for (var j = 0; j < notes.length; j++) log.write(c.name, notes[j].charAt(0) === 'w' ? 'warn' : 'info', notes[j].substr(2));
  for (var e = 0; e < c.errs.length; e++) log.write(c.name, 'err', c.errs[e]);
  delete c.notes;
}

// After the interpreter ran out of memory: the modules loaded only now and then are let go and the
// log lines kept in RAM dropped, so the sections can go on updating DNS.
function relieve(host: Host, flags: string[]) {
  var names = ['console', 'config'];
  for (var i = 0; i < host.configs.length; i++) if (host.configs[i].api) names.push('api.' + host.configs[i].api);
  for (var k = 0; k < names.length; k++) host.drop(names[k]);
  host.log.trim();
  host.log.write('ddns', 'err', 'memory ran out (' + flags.join(' ') + '): dropped cached modules and the RAM log');
}

// Loads a feature and runs its entry; null when it is off (its entry said so, it cannot be
// loaded, or it threw: a half broken module, a missing ddns.servers), then it is let go again.
// Whatever goes wrong costs that feature only.
function startFeature(host: Host, name: string, run: (m: any) => any): any {
  var m = host.load(name);
  var out = null;
  if (m) {
    try { out = run(m); } catch (e) { host.log.write('ddns', 'err', name + ' cannot start (' + e + '): it is off'); }
  }
  if (!out) host.drop(name);
  return out;
}

// Counts for /metrics (web/metrics.ts), while the page runs (nobody else reads them); a new key
// beyond 64 is not added, so a provider inventing answers cannot grow them.
function count(host: Host, key: string) {
  if (!pageOn) return;
  var c = host.counts || (host.counts = {});
  if (c[key] !== undefined) c[key]++;
  else if (Object.keys(c).length < 64) c[key] = 1;
}

// An event for notify (our extension): its module is loaded for it and lets itself go when
// nothing waits (notify/index.ts).
function notify(host: Host, what: string, section?: string, ip?: string, answer?: string) {
  if (!host.run.notify) return;
  var m = host.load('notify');
  try { if (m) m.handle(host, what, section, ip, answer); } catch (e) { host.drop('notify'); }
}

// The listeners MQTT and syslog register (status changes, network up/down), kept apart so a
// restart of the services drops the old ones instead of piling them up.
function serviceHooks() {
  return { change: [] as Array<(name: string) => void>, up: [] as Array<(i: NetInfo) => void>,
    down: [] as Array<() => void> };
}

// The boot's state and the functions that read it, at the root of .bootcde (one boot per
// interpreter): a function made at the root costs fewer blocks than a closure made inside
// start(), and start()'s scope is not kept alive (platform/espruino/storage.ts says more).
var P: Ports;
// the services' listeners, dropped when they restart, and the services (null while none is
// configured)
var hooks: ReturnType<typeof serviceHooks> | null = null;
var services: Array<{ stop: () => void }> | null = null;
var router: RouterSource | null = null;
var routerTried = false;
// whether the web page started (its /metrics reads host.counts)
var pageOn = false;

// A line on the console (before the log exists, and the log's own output).
function say(s: string) { P.console.print(s); }

// Sets the wall clock from the first HTTP Date header seen (the board starts at 1970).
function sawHeaders(headers: any) {
  if (P.clock.wallMs() || !headers) return;
  var t = Date.parse(headers.Date || headers.date || '');
  if (t > 1e12) P.clock.setWallMs(t);
}

// A section's status changed: notify and the services hear of it.
function changed(n: string) {
  for (var x = 0; H.run.notify && x < H.sections.length; x++) {
    var st = H.sections[x].name === n ? H.sections[x].status() : null;
    if (st && st.state === 'stopped') notify(H, 'stop', n, st.currentIp, st.error);
  }
  for (var d = 0; hooks && d < hooks.change.length; d++) hooks.change[d](n);
}

// The network came up (or got a new address) and went down: every section and service hears.
function netUp(info: NetInfo) {
  for (var k = 0; k < H.sections.length; k++) H.sections[k].netUp(info);
  for (var u = 0; hooks && u < hooks.up.length; u++) hooks.up[u](info);
}
function netDown() {
  for (var k = 0; k < H.sections.length; k++) H.sections[k].netDown();
  for (var u = 0; hooks && u < hooks.down.length; u++) hooks.down[u]();
}

// What the features get (host.ts); start() fills in the fields.
var H: Host = {
  version: VERSION, board: null as any, ports: null as any, log: null as any, sections: [], configs: [], run: null as any,
  load: bootModule,
  // (the modules port's own function, set by start())
  drop: null as any,
  // (the section registers its secrets with the log first: its problems are logged masked)
  build: function (c: RunSection) {
    var s = createSection(c, DEPS);
    logProblems(H.log, c);
    return s;
  },
  launch: function (s: SectionRunner) {
    s.start();
    var now = P.net.info();
    if (now && now.ip) s.netUp(now);
  },
  restartServices: function () {
    for (var i = 0; services && i < services.length; i++) services[i].stop();
    services = null;
    var run: any = H.run;
    hooks = run.syslog || run.mqtt ? serviceHooks() : null;
    var h = hooks;
    if (!h) return;
    var list: Array<{ stop: () => void }> = services = [];
    // the services see the network and the status changes through hooks a restart drops: their
    // registrations are the hook lists' own push, bound (a closure would keep this function's
    // scope alive as long as the services run)
    var sh: Host = Object.create(H);
    sh.ports = Object.create(P);
    sh.ports.net = { info: P.net.info, onUp: [].push.bind(h.up), onDown: [].push.bind(h.down) };
    sh.onChange = [].push.bind(h.change);
    var names = ['syslog', 'mqtt'];
    for (var k = 0; k < names.length; k++) {
      if (!run[names[k]]) continue;
      var svc = startFeature(H, names[k], function (m) { return m.start(sh); });
      if (svc) list.push(svc);
    }
  },
};

// What the sections get (section/sec.ts); start() fills in ports and log.
var DEPS: SectionDeps = {
  ports: null as any, log: null as any, userAgent: 'esp32-ddns/' + VERSION,
  sawHeaders: sawHeaders, dnsRecheckMs: 3600000, changed: changed, rot: { n: 0, bad: {} },
  use: bootModule,
  drop: null as any,
  attempted: function (name: string, ip: string, answer: string, ok: boolean) {
    count(H, name + (ok ? '|u|' : '|f|') + answer);
    notify(H, ok ? 'success' : 'failure', name, ip, answer);
  },
  checked: function (name: string) {
    count(H, name + '|c');
    notify(H, 'ping');
  },
  memory: function (tls: boolean, api: boolean) {
    var m = P.memory;
    if (!m) return '';
    var flags = m.flags();
    if (ranOut(flags)) relieve(H, flags);
    return memoryShort(m.free(), tls, api);
  },
  router: function () {
    if (!routerTried) {
      routerTried = true;
      router = startFeature(H, 'router', function (m) { return m.create(H); });
    }
    return router;
  },
};

/** Boots the firmware on a board whose network port net() makes (boards/: Wifi or none). */
export function start(board: BoardInfo, net: () => NetPort): Host {
  closeTelnet(false);
  var ports: Ports = P = espruinoPorts({ net: net() });
  H.drop = DEPS.drop = ports.modules.drop;
  var run = readRun(ports, board.name, say);
  var log = createLogger({ print: say, clock: ports.clock, storage: ports.storage,
    dateformat: run.g.dateformat, ringLines: board.ringLines, fileLines: run.g.loglines, modules: ports.modules });
  say('ddns ' + VERSION + ' on ' + board.name + ': ' + run.s.length + ' section(s)');
  var host = H;
  host.board = board;
  host.ports = ports;
  host.log = log;
  host.run = run;
  DEPS.ports = ports;
  DEPS.log = log;

  // the console first, and a section that cannot be built costs only itself: a boot survives
  // any saved config, so it can be mended from the console
  exposeConsole(shellCommands(host));
  for (var e = 0; e < run.errs.length; e++) say('config ' + run.errs[e]);
  for (var i = 0; i < run.s.length; i++) {
    try {
      var s = host.build(run.s[i]);
      host.sections.push(s);
      host.configs.push(s.config());
    } catch (x) { say('ddns: section ' + i + ' is off: ' + x); }
  }
  // the whole section configs are garbage now: a pass reads its own from flash
  run.s = host.configs as RunSection[];
  host.restartServices();
  notify(host, 'boot');
  if (run.g.ntp) {
    startFeature(host, 'sntp', function (m) {
      m.start(host);
      return m;
    });
  }
  ports.net.onUp(netUp);
  ports.net.onDown(netDown);
  for (var j = 0; j < host.sections.length; j++) host.launch(host.sections[j]);
  if (!run.web || String(run.web.enabled) !== '0') {
    pageOn = !!startFeature(host, 'web', function (m) { return m.start(host); });
  }
  return host;
}
