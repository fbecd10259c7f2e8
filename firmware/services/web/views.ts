// What the API shows: live status, options and the config with every secret replaced (the
// values of secret options by '(set)', passwords inside URLs by '***'), the log, the option
// help. Objects are built per request and dropped with it.

import type { App } from '../../main';
import { serializeConfig, ConfigError } from '../../core/config';
import { maskSecrets } from '../../core/mask';
import { isSecretOption, configSecrets } from '../console-secrets';
import { storedHash } from './auth';

/** What a secret shows as: the API never gives a secret back, it only says it is set. */
export var SET = '(set)';

/** A JSON object (not null, not an array). */
// Why: config documents come from users; every level is checked before it is walked.
export function isObj(v: any): boolean {
  return v !== null && typeof v === 'object' && !(v instanceof Array);
}

/** One option value as the API shows it. */
// Why: one rule for GET and for recognising an unchanged value sent back by the page.
export function shownValue(section: string, option: string, v: any, secrets: string[]): string {
  var s = v instanceof Array ? v.join(' ') : String(v);
  if (isSecretOption(section, option)) return s === '' ? '' : SET;
  return maskSecrets(s, secrets);
}

/** A section's options with secrets hidden. */
// Why: the editor fills its fields from these; a secret field shows '(set)' and stays write-only.
function shownOptions(name: string, opts: any, secrets: string[]): any {
  var out: any = {};
  for (var k in opts) out[k] = shownValue(name, k, opts[k], secrets);
  return out;
}

/** A service block (mqtt, syslog, web) without its secrets. */
// Why: scripts may read the whole config; passwords, tokens, keys and hashes stay on the board.
function shownBlock(b: any): any {
  var out: any = {};
  for (var k in b) {
    var l = k.toLowerCase();
    var secret = l.indexOf('pass') >= 0 || l.indexOf('token') >= 0 || l.indexOf('key') >= 0 || l.indexOf('hash') >= 0;
    out[k] = secret ? (b[k] ? SET : '') : b[k];
  }
  return out;
}

/** The saved config document as the API shows it. */
// Why: GET /api/config, for the editor's lists and for scripts (config get).
export function configView(app: App): any {
  var doc = JSON.parse(serializeConfig(app.raw));
  var secrets = configSecrets(app.raw, []);
  var out: any = { global: shownOptions('global', doc.global || {}, secrets), service: {} };
  for (var n in doc.service) out.service[n] = shownOptions(n, doc.service[n], secrets);
  var blocks = ['mqtt', 'syslog', 'device', 'web'];
  for (var i = 0; i < blocks.length; i++) if (isObj(doc[blocks[i]])) out[blocks[i]] = shownBlock(doc[blocks[i]]);
  return out;
}

/** A validator message as JSON. */
// Why: the page puts each message next to the option it names.
export function errorView(e: ConfigError): any {
  return { section: e.section, option: e.option, level: e.level, code: e.code, msg: e.msg };
}

/** One section's saved options (secrets hidden) and what the validator says about them. */
// Why: GET /api/options?section=..., the editor's data; null when there is no such section.
export function optionsView(app: App, name: string): any {
  var svc = isObj(app.raw.service) ? app.raw.service : {};
  if (!Object.prototype.hasOwnProperty.call(svc, name) || !isObj(svc[name])) return null;
  var errs: any[] = [];
  for (var i = 0; i < app.configs.length; i++) {
    var c = app.configs[i];
    if (c.name !== name) continue;
    for (var j = 0; j < c.errors.length; j++) errs.push(errorView(c.errors[j]));
  }
  return { section: name, options: shownOptions(name, svc[name], configSecrets(app.raw, [])), errors: errs };
}

/** The overview: one row per section, live. */
// Why: GET /api/status, polled by the page; no secrets in it (notes and errors are masked text).
export function statusView(app: App): any {
  var rows: any[] = [];
  for (var i = 0; i < app.sections.length; i++) {
    var c = app.configs[i];
    var t = app.sections[i].status();
    var errs: string[] = [];
    for (var j = 0; j < c.errors.length; j++) if (c.errors[j].level === 'error') errs.push(c.errors[j].msg);
    rows.push({ name: t.name, enabled: c.enabled, valid: c.valid,
      service: c.opts.service_name || (c.opts.update_url ? 'custom URL' : ''), lookup_host: c.lookupHost,
      state: t.state, current_ip: t.currentIp, registered_ip: t.registeredIp, last_update: t.lastUpdate,
      next_check_s: t.nextCheckInMs < 0 ? -1 : Math.round(t.nextCheckInMs / 1000), last_answer: t.lastAnswer,
      error: t.error, notes: t.notes, errors: errs });
  }
  var net = app.ports.net.info();
  var w = isObj(app.raw.web) ? app.raw.web : {};
  return { board: app.board.name, uptime_s: Math.floor(app.ports.clock.uptimeMs() / 1000),
    time: app.ports.clock.wallMs(), ip: net ? net.ip : '', verbose: app.log.verbose,
    password_set: !!storedHash(app.raw), auth_read: String(w.auth_read) === '1', sections: rows };
}

/** A section's log: the flash log when there is one, else the lines kept in RAM. */
// Why: GET /api/log; the text is masked when written, so it is shown as it is.
export function logText(app: App, name: string): string {
  var l: any = app.log;
  var text = typeof l.file === 'function' ? l.file(name) : '';
  if (!text) {
    var lines: string[] = l.lines(name);
    text = lines.length ? lines.join('\n') + '\n' : '';
  }
  return text;
}
