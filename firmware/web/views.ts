// What the API shows (the GET routes): live status, options and the config with every secret
// replaced (the values of secret options by '(set)', passwords inside URLs by '***'), the
// log, the config as an OpenWrt text, the providers, the option help. Built per request and
// dropped with it.

import type { Host as App } from '../host';
import type * as ConfigTools from '../config/index';
import { maskSecrets, maskUrlPass } from '../core/mask';
import { isObj } from '../core/obj';
import { secretsInForce, configInForce } from '../config/in-force';
import { reasonOf } from '../section/reason';
import type { LogReader } from '../core/ports';
import { loadDoc } from '../config/store';
import type * as LogFile from '../log/file';

/** One option value as the API shows it: a secret option as '(set)', secrets inside masked. */
// Why: one rule for GET and for recognising an unchanged value that the page sends back.
/** How much of a section's flash log /api/log shows (the page polls it): the newest lines. */
var LOG_VIEW_CHARS = 4096;

export function shown(C: typeof ConfigTools, section: string, option: string, v: any, secrets: string[]): string {
  var s = v instanceof Array ? v.join(' ') : String(v);
  if (C.isSecretOption(section, option)) return s === '' ? '' : '(set)';
  return maskSecrets(C.isUrlOption(option) ? maskUrlPass(s) : s, secrets);
}

/** The answer to GET /api/<name>: [status, content type, text, extra headers?, reader?, its length
 *  (-1: not known)] (a reader: the text is sent as it reads); null for an unknown name. The
 *  config tools (ddns.config) are loaded for the reads that need them and dropped after. */
// Why: the page stays loaded while it serves; carrying the config tools would cost RAM all along.
export function view(app: App, name: string, section: string): any[] | null {
  // the polled ones (the overview, the log) read the compiled config only
  if (name === 'status') return [200, 'application/json', '', undefined, status(app), -1];
  if (name === 'log' || name === 'logfile') return views(null, app, name, section);
  var C = app.load('config');
  if (!C) return [503, 'application/json', '{"error":"the config tools (ddns.config) cannot be loaded"}'];
  try { return views(C, app, name, section); } finally { app.drop('config'); }
}

/** GET /api/status: one row per section, live; no secret in it (messages are masked text).
 *  A reader of its JSON: the head, then a row each time the socket drained. */
// Why: the overview polls it every few seconds: its own function, so none of the other reads'
// helpers is made for it, and its JSON is made a row at a time while it is sent: neither the
// rows as objects nor the whole text are ever in RAM at once (so no Content-Length: the answer
// ends when the connection closes).
function status(app: App): LogReader {
  var wall = app.ports.clock.wallMs();
  var net = app.ports.net.info();
  var w = isObj(app.run.web) ? app.run.web : {};
  // the next row to send; -1 the head first, -2 all sent
  var i = -1;
  // the JSON of row i (the last one with the closing ']}')
  function row(): string {
    var n = app.sections.length;
    // (a commit may have replaced the sections meanwhile: the rows end where they end now)
    if (i >= n) { i = -2; return ']}'; }
    var c = configInForce(app.ports.storage, app.configs[i]);
    var t = app.sections[i].status();
    var s = (i ? ',' : '') + JSON.stringify({ name: t.name, enabled: !!c.on, valid: !!c.ok, service: c.label || '', lookup_host: c.host || '',
      state: t.state, reason: reasonOf(t.state, t.error), current_ip: t.currentIp, registered_ip: t.registeredIp,
      last_update: Math.floor(t.lastUpdate), next_check_s: t.nextCheckInMs < 0 ? -1 : Math.round(t.nextCheckInMs / 1000),
      next_check: t.nextCheckInMs >= 0 && wall ? Math.floor(wall + t.nextCheckInMs) : 0, last_answer: t.lastAnswer,
      error: t.error, notes: t.notes, errors: c.errs || [] });
    if (++i >= n) { i = -2; s += ']}'; }
    return s;
  }
  // the head, then a row a piece (the last with the closing brackets): as many waits for the
  // socket as the whole text sent in 512-char pieces, a fraction of its RAM
  return { read: function () {
    if (i === -2) return undefined;
    if (i >= 0) return row();
    i = 0;
    var head = JSON.stringify({ board: app.board.name, uptime_s: Math.floor(app.ports.clock.uptimeMs() / 1000),
      time: Math.floor(wall), ip: net ? net.ip : '', verbose: app.log.verbose, dateformat: app.run.g.dateformat,
      log_ram_lines: app.board.ringLines, log_file_lines: app.run.g.loglines,
      password_set: !!w.admin_password_hash, auth_read: String(w.auth_read) === '1', sections: [] });
    // it ends with "sections":[]} : the rows go between the brackets
    return head.substring(0, head.length - 2);
  } };
}

// Why: one function holds the other reads so that their helpers exist only while a request runs.
function views(C: typeof ConfigTools | null, app: App, name: string, section: string): any[] | null {
  var JSON_TYPE = 'application/json';
  var TEXT_TYPE = 'text/plain; charset=utf-8';
  // the log is polled: it reads the compiled config only; the rest reads flash
  var raw = name === 'log' || name === 'logfile' ? { web: app.run.web } : loadDoc(app.ports.storage);


  // A section's options with secrets hidden: the editor fills its fields from these.
  function options(sec: string, opts: any, secrets: string[]): any {
    var out: any = {};
    for (var k in opts) out[k] = shown(C!, sec, k, opts[k], secrets);
    return out;
  }

  // A service block (mqtt, syslog, web) without passwords, tokens, keys and hashes.
  function block(b: any): any {
    var out: any = {};
    for (var k in b) {
      var l = k.toLowerCase();
      var secret = l.indexOf('pass') >= 0 || l.indexOf('token') >= 0 || l.indexOf('key') >= 0 || l.indexOf('hash') >= 0;
      out[k] = secret ? (b[k] ? '(set)' : '') : b[k];
    }
    return out;
  }

  // GET /api/config: the saved document, for the editor's lists and for scripts.
  function config(): any {
    var doc = JSON.parse(C!.serializeConfig(raw));
    var secrets = C!.configSecrets(raw, []);
    var out: any = { global: options('global', doc.global || {}, secrets), service: {} };
    for (var n in doc.service) out.service[n] = options(n, doc.service[n], secrets);
    var blocks = ['mqtt', 'syslog', 'device', 'web'];
    for (var i = 0; i < blocks.length; i++) if (isObj(doc[blocks[i]])) out[blocks[i]] = block(doc[blocks[i]]);
    return out;
  }

  // GET /api/options?section=: one section's saved options and what the validator says.
  function sectionOptions(): any {
    var svc = isObj(raw.service) ? raw.service : {};
    if (!Object.prototype.hasOwnProperty.call(svc, section) || !isObj(svc[section])) return null;
    var errs: any[] = [];
    var all = C!.normalizeConfig(raw, C!.configContext(app.board.name)).errors;
    for (var j = 0; j < all.length; j++) {
      var e = all[j];
      if (e.section === section) errs.push({ section: e.section, option: e.option, level: e.level, code: e.code, msg: e.msg });
    }
    return { section: section, options: options(section, svc[section], C!.configSecrets(raw, [])), errors: errs };
  }

  // GET /api/log?section=: the newest LOG_VIEW_CHARS of the flash log file and the RAM ring
  // merged, oldest first (the page turns them round): the ring is the newest stretch of every line
  // written, so each ring line the file lacks (written while the file was off: verbose below 2, no
  // use_logfile) goes just before the next ring line the file has, or at the end. null
  // for a name that is neither a running section nor a log kept in RAM ('web', 'mqtt'...): the
  // logger keeps a record for every name whose file it opened, so a name that exists nowhere
  // must never reach it. Lines are masked when written, with the section's secrets; masked again
  // here with every secret of the config in force (its compiled form: the log is polled, so the
  // config tools are not loaded for it).
  function log(): string | null {
    var l = app.log;
    var text = '';
    var known = isSection();
    if (section.substring(0, 2) === '__') return null;
    var F = known ? logFiles() : null;
    if (F) text = F.file(l, section, LOG_VIEW_CHARS);
    var lines: string[] = l.lines(section);
    if (!known && !lines.length) return null;
    var out = '';
    var pend = '';
    var pos = 0;
    for (var j = 0; j < lines.length; j++) {
      var at = text.indexOf(lines[j] + '\n', pos);
      if (at < 0) { pend += lines[j] + '\n'; continue; }
      out += text.substring(pos, at) + pend + lines[j] + '\n';
      pend = '';
      pos = at + lines[j].length + 1;
    }
    text = out + text.substring(pos) + pend;
    return maskSecrets(text, secretsInForce(app.configs, app.run));
  }

  // The Storage log's code (ddns.logfile, log/file.ts) for this request: out of the module cache
  // at once, so it is freed with the request (null: missing, the log said why).
  function logFiles(): typeof LogFile | null {
    var F = app.load('logfile');
    app.drop('logfile');
    return F;
  }

  function isSection(): boolean {
    for (var i = 0; i < app.configs.length; i++) if (app.configs[i].name === section) return true;
    return false;
  }

  // GET /api/logfile?section=: the whole flash log file, older generation first, as a download.
  // It can be larger than free RAM, so it is measured in one read and sent in pieces in a second
  // (routes.ts); its lines were masked when they were written.
  function logfile(): any[] {
    if (!isSection()) return [404, JSON_TYPE, '{"error":"no such section"}'];
    var F = logFiles();
    if (!F) return [503, JSON_TYPE, '{"error":"the module ddns.logfile cannot be loaded: flash the firmware again"}'];
    var r = F.reader(app.log, section);
    var n = 0;
    var c: string | undefined;
    while ((c = r.read(256)) !== undefined) n += c.length;
    return [200, TEXT_TYPE, '', { 'Content-Disposition': 'attachment; filename="ddns-' + section + '.log"' },
      F.reader(app.log, section), n];
  }

  if (name === 'config') return [200, JSON_TYPE, JSON.stringify(config())];
  if (name === 'options') {
    var o = sectionOptions();
    return o ? [200, JSON_TYPE, JSON.stringify(o)] : [404, JSON_TYPE, '{"error":"no such section"}'];
  }
  if (name === 'log') {
    var t = log();
    return t === null ? [404, JSON_TYPE, '{"error":"no such section"}'] : [200, TEXT_TYPE, t];
  }
  if (name === 'logfile') return logfile();
  if (name === 'uci') {
    return [200, TEXT_TYPE, maskSecrets(C!.exportUci(C!.maskedDoc(JSON.parse(C!.serializeConfig(raw)))), C!.configSecrets(raw, []))];
  }
  if (name === 'providers') return [200, JSON_TYPE, JSON.stringify(C!.serviceNames())];
  if (name === 'help') {
    return [200, JSON_TYPE, JSON.stringify({ format: 'name|type|default|unit|help; type b bool, i integer, ' +
      's string, p secret, l list, u unit, e:a,b one of', service: C!.optionTable(false), global: C!.optionTable(true) })];
  }
  return null;
}
