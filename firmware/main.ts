import { Ports, NetInfo } from './core/ports';
import { normalizeConfig, Section, ConfigContext, GlobalSettings } from './config/validate';
import { loadConfigText, importInbox, INBOX, checksum } from './config/store';
import { createSection, SectionRunner, SectionDeps } from './section/engine';
import { lookupService } from './providers/catalog';
import { API } from './providers/linked';
import { createLogger, Logger } from './log/log';
import { espruinoPorts, closeTelnet } from './platform/espruino/index';
import { exposeConsole } from './platform/espruino/console';
import { installCommands } from './console/index';
import { startServices, Services } from './mqtt/index';
import { wireRouter } from './router/wire';
import { keepClock } from './sntp/clock';
import { sectionSecrets } from './console/secrets';
import { startWeb, webpass } from './web/index';

export var VERSION = '0.1.0';

export interface BoardInfo {
  /** 'esp32' | 'linux' */
  name: string;
  wifi: boolean;
  /** RAM log lines per section: every line costs variable blocks */
  ringLines: number;
}

/** A running section; retire() takes it out of service for good (config changed or removed). */
export type LiveSection = SectionRunner;

export interface App {
  ports: Ports;
  log: Logger;
  /** the running sections, in config order; replaced in place when a commit applies */
  sections: LiveSection[];
  /** their validated configs, same order as sections */
  configs: Section[];
  board: BoardInfo;
  /** the saved config document (parsed ddns.json), the base of the console's pending changes */
  raw: any;
  /** the global settings the logger was built with */
  global: GlobalSettings;
  /** what normalizeConfig needs on this board */
  ctx: ConfigContext;
  /** status listeners (MQTT, web): called with a section name whenever its status changes */
  onChange: (fn: (name: string) => void) => void;
  /** builds a section from its validated config (not started) */
  build: (sec: Section) => LiveSection;
  /** starts a section built by build(), telling it the network state */
  launch: (s: LiveSection) => void;
  /** stops MQTT and syslog and starts them again from app.raw and the current sections */
  restartServices: () => void;
}

// The uploaded inbox must at least be a JSON object before it may replace a working config.
function takeInbox(ports: Ports, print: (s: string) => void) {
  var text = ports.storage.read(INBOX);
  if (text === undefined) return;
  var ok = false;
  try { var o = JSON.parse(text); ok = !!o && typeof o === 'object'; } catch (e) { ok = false; }
  if (!ok) { print('ddns: ' + INBOX + ' is not a JSON object: ignored, the saved config stays in force'); return; }
  if (importInbox(ports.storage) === 'failed') print('ddns: could not save ' + INBOX + ' to flash (full?)');
}

// The saved config, or {} (and a line saying why) when there is none or it cannot be read.
function readConfig(ports: Ports, print: (s: string) => void): any {
  var text = loadConfigText(ports.storage);
  if (text === null) { print('ddns: no config yet: upload ddns.json or use set()/importUci() (see README)'); return {}; }
  try { return JSON.parse(text); } catch (e) { print('ddns: saved config is damaged'); return {}; }
}

// Sets the wall clock from the first HTTP Date header seen (the board starts at 1970).
function clockFromHeaders(ports: Ports) {
  return function (headers: any) {
    if (ports.clock.wallMs() || !headers) return;
    var t = Date.parse(headers.Date || headers.date || '');
    if (t > 1e12) ports.clock.setWallMs(t);
  };
}

// What every section needs from the app: one object shared by all sections.
function sectionDeps(ports: Ports, log: Logger, sawHeaders: (h: any) => void, changed: (n: string) => void): SectionDeps {
  return { ports: ports, log: log, userAgent: 'esp32-ddns/' + VERSION, sawHeaders: sawHeaders,
    cfgHash: function (sec) { return checksum(JSON.stringify(sec.opts)); },
    dnsRecheckMs: 3600000, changed: changed,
    apiFor: function (k: string) { return API[k] || null; } };
}

// Builds one section runner from its validated config (not started).
function buildSection(app: App, sec: Section, deps: SectionDeps): LiveSection {
  var log = app.log;
  log.configure(sec.name, { secrets: sectionSecrets(sec.name, sec.opts, []), useLogfile: sec.opts.use_logfile === '1' });
  for (var j = 0; j < sec.errors.length; j++) {
    var e = sec.errors[j];
    log.write(sec.name, e.level === 'error' ? 'err' : e.level === 'warn' ? 'warn' : 'info', e.msg);
  }
  return createSection(sec, deps);
}

// The listeners MQTT and syslog register (status changes, network up/down), kept apart so a
// restart of the services drops the old ones instead of piling them up.
function serviceHooks() {
  return { change: [] as Array<(name: string) => void>, up: [] as Array<(i: NetInfo) => void>,
    down: [] as Array<() => void> };
}

// Composition root: board ports + config -> sections -> services.
export function start(board: BoardInfo) {
  closeTelnet(false);
  var print = function (s: string) { ports.console.print(s); };
  var ports: Ports = espruinoPorts({ wifi: board.wifi });
  takeInbox(ports, print);
  var raw = readConfig(ports, print);
  var ctx: ConfigContext = { lookupService: lookupService, board: board.name };
  var cfg = normalizeConfig(raw, ctx);
  var g = cfg.global;
  var log = createLogger({ print: print, clock: ports.clock, storage: ports.storage,
    dateformat: g.dateformat, ringLines: board.ringLines, fileLines: g.loglines });
  print('ddns ' + VERSION + ' on ' + board.name + ': ' + cfg.sections.length + ' section(s)');
  var named: { [n: string]: boolean } = {};
  cfg.sections.forEach(function (s) { named[s.name] = true; });
  cfg.errors.forEach(function (e) { if (!named[e.section]) print('config ' + e.level + ': ' + e.msg); });
  // listeners of the console stay; those of the services are dropped when they restart
  var changeFns: Array<(name: string) => void> = [];
  var hooks = serviceHooks();
  var changed = function (n: string) {
    for (var c = 0; c < changeFns.length; c++) changeFns[c](n);
    for (var d = 0; d < hooks.change.length; d++) hooks.change[d](n);
  };
  var deps = sectionDeps(ports, log, clockFromHeaders(ports), changed);
  var services: Services | null = null;
  var app: App = { ports: ports, log: log, sections: [], configs: cfg.sections, board: board, raw: raw,
    global: g, ctx: ctx,
    onChange: function (fn) { changeFns.push(fn); },
    build: function (sec) { return buildSection(app, sec, deps); },
    launch: function (s) {
      s.start();
      var now = ports.net.info();
      if (now && now.ip) s.netUp(now);
    },
    restartServices: function () {
      if (services) services.stop();
      hooks = serviceHooks();
      var h = hooks;
      var net = { info: ports.net.info, onUp: function (fn: (i: NetInfo) => void) { h.up.push(fn); },
        onDown: function (fn: () => void) { h.down.push(fn); } };
      services = startServices({ ports: { socket: ports.socket, clock: ports.clock, udp: ports.udp, net: net,
        random: ports.random }, log: log, sections: app.sections, configs: app.configs,
      onChange: function (fn) { h.change.push(fn); } }, app.raw, { version: VERSION, dateformat: g.dateformat });
    } };
  wireRouter(app);
  cfg.sections.forEach(function (sec) { app.sections.push(app.build(sec)); });
  app.restartServices();
  keepClock(ports, log, g.opts.ntp_server || '', function () {
    app.sections.forEach(function (s) { if (s.status().state === 'retry') s.check('clock', false); });
  });
  ports.net.onUp(function (info) {
    for (var k = 0; k < app.sections.length; k++) app.sections[k].netUp(info);
    for (var u = 0; u < hooks.up.length; u++) hooks.up[u](info);
  });
  ports.net.onDown(function () {
    for (var k = 0; k < app.sections.length; k++) app.sections[k].netDown();
    for (var u = 0; u < hooks.down.length; u++) hooks.down[u]();
  });
  for (var k = 0; k < app.sections.length; k++) app.sections[k].start();
  var now = ports.net.info();
  if (now && now.ip) for (var m = 0; m < app.sections.length; m++) app.sections[m].netUp(now);
  var cmds = installCommands(app);
  cmds.webpass = function (pw: string) { webpass(app, pw); };
  exposeConsole(cmds);
  startWeb(app, raw);
  return app;
}
