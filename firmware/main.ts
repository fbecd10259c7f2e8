import { Ports } from './core/ports';
import { normalizeConfig, Section } from './core/config';
import { loadConfigText, importInbox, INBOX, checksum } from './core/configstore';
import { createSection, SectionRunner } from './core/section';
import { lookupService } from './providers/catalog';
import { API } from './providers/api/registry';
import { createLogger, Logger } from './services/log';
import { espruinoPorts, closeTelnet } from './platform/espruino/index';
import { exposeConsole } from './platform/espruino/console';
import { installCommands } from './services/console';
import { startServices } from './services/index';

export var VERSION = '0.1.0';

export interface BoardInfo {
  /** 'esp32' | 'linux' */
  name: string;
  wifi: boolean;
  /** RAM log lines per section: every line costs variable blocks */
  ringLines: number;
}

export interface App {
  ports: Ports;
  log: Logger;
  sections: SectionRunner[];
  configs: Section[];
  board: BoardInfo;
  /** status listeners (MQTT, web): called with a section name whenever its status changes */
  onChange: (fn: (name: string) => void) => void;
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

function readConfig(ports: Ports, print: (s: string) => void): any {
  var text = loadConfigText(ports.storage);
  if (text === null) { print('ddns: no config yet: upload ddns.json (see README)'); return {}; }
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

// Composition root: board ports + config -> sections -> services.
export function start(board: BoardInfo) {
  closeTelnet(false);
  var print = function (s: string) { ports.console.print(s); };
  var ports: Ports = espruinoPorts({ wifi: board.wifi });
  takeInbox(ports, print);
  var raw = readConfig(ports, print);
  var cfg = normalizeConfig(raw, { lookupService: lookupService, board: board.name });
  var g = cfg.global;
  var log = createLogger({ print: print, clock: ports.clock, storage: ports.storage,
    dateformat: g.dateformat, ringLines: board.ringLines, fileLines: g.loglines });
  print('ddns ' + VERSION + ' on ' + board.name + ': ' + cfg.sections.length + ' section(s)');
  var named: { [n: string]: boolean } = {};
  cfg.sections.forEach(function (s) { named[s.name] = true; });
  cfg.errors.forEach(function (e) { if (!named[e.section]) print('config ' + e.level + ': ' + e.msg); });
  var changeFns: Array<(name: string) => void> = [];
  var app: App = { ports: ports, log: log, sections: [], configs: cfg.sections, board: board,
    onChange: function (fn) { changeFns.push(fn); } };
  var changed = function (n: string) { for (var c = 0; c < changeFns.length; c++) changeFns[c](n); };
  var sawHeaders = clockFromHeaders(ports);
  cfg.sections.forEach(function (sec) {
    var secrets: string[] = [];
    if (sec.opts.password) secrets.push(sec.opts.password);
    if (sec.opts.param_enc && sec.opts.service_name === 'bind-nsupdate') secrets.push(sec.opts.param_enc);
    log.configure(sec.name, { secrets: secrets, useLogfile: sec.opts.use_logfile === '1' });
    for (var j = 0; j < sec.errors.length; j++) {
      var e = sec.errors[j];
      log.write(sec.name, e.level === 'error' ? 'err' : e.level === 'warn' ? 'warn' : 'info', e.msg);
    }
    app.sections.push(createSection(sec, { ports: ports, log: log, userAgent: 'esp32-ddns/' + VERSION,
      allowPrivate: sec.allowPrivate, cfgHash: checksum(JSON.stringify(sec.opts)), sawHeaders: sawHeaders,
      dnsRecheckMs: Math.max(sec.checkMs, 3600000), changed: changed,
      apiFor: function (k: string) { return API[k] || null; } }));
  });
  startServices(app, raw, { version: VERSION, dateformat: g.dateformat });
  ports.net.onUp(function (info) {
    for (var k = 0; k < app.sections.length; k++) app.sections[k].netUp(info);
  });
  ports.net.onDown(function () {
    for (var k = 0; k < app.sections.length; k++) app.sections[k].netDown();
  });
  for (var k = 0; k < app.sections.length; k++) app.sections[k].start();
  var now = ports.net.info();
  if (now && now.ip) for (var m = 0; m < app.sections.length; m++) app.sections[m].netUp(now);
  exposeConsole(installCommands(app));
  return app;
}
