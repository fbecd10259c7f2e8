// The POST routes: config changes (set, delete, add or remove a section), the import of an
// OpenWrt /etc/config/ddns text, and the section commands. Config changes are checked by the
// console's validator (normalizeConfig), saved by the two-slot store and put into service at
// once (applyConfig), or only checked when commit is not asked for.

import type { Host as App } from '../host';
import type * as ConfigTools from '../config/index';
import { shown } from './views';
import { isObj } from '../core/obj';
import { loadDoc } from '../config/store';

/** The answer to POST /api/<name>: [status, JSON object]; 404 for an unknown name.
 *    config   {"set": {"sec.opt": "v", "sec": "service"}, "del": ["sec.opt", "sec"], "commit": true}
 *             (also "mqtt.<key>" and "syslog.<key>": the blocks' options, checked by their own
 *             readers; '' deletes one; a block left without host is removed: the service is off)
 *    uci      an /etc/config/ddns text; commit when the query has commit=1
 *    command  {"cmd": "check"|"force"|"start"|"stop", "section": "name"} (no section: all), or
 *             {"cmd": "notify"}: the notify block's test message */
// Why: one function holds every change so that its helpers exist only while a request runs.
export function change(app: App, name: string, body: string, commit: boolean): any[] {
  var C = app.load('config');
  if (!C) return [503, { ok: false, error: 'the config tools (ddns.config) cannot be loaded' }];
  try { return changes(C, app, name, body, commit); } finally { app.drop('config'); }
}

function changes(C: typeof ConfigTools, app: App, name: string, body: string, commit: boolean): any[] {
  // the saved document, read from flash once for this request
  var saved = loadDoc(app.ports.storage);


  // A validator message for the page, which puts it next to the option it names.
  function msg(section: string, option: string, level: string, code: string, text: string): any {
    return { section: section, option: option, level: level, code: code, msg: text };
  }

  // Checks a changed document and, when asked, saves and applies it. An enabled section with
  // errors is refused when this request touched it (touched null: only config-wide errors);
  // a disabled one may be saved half done, as a new section is.
  function finish(doc: any, touched: any, errs: any[]): any[] {
    var text = C.serializeConfig(doc);
    var next = JSON.parse(text);
    var cfg = C.normalizeConfig(next, C.configContext(app.board.name));
    var on: any = {};
    for (var s = 0; s < cfg.sections.length; s++) on[cfg.sections[s].name] = cfg.sections[s].enabled;
    var refused = false;
    // sections that would be saved but not run (disabled, or not touched here, with errors):
    // the page says so in the error colour instead of a plain success
    var idle: any[] = [];
    for (var i = 0; i < cfg.errors.length; i++) {
      var e = cfg.errors[i];
      if (e.level === 'info' && e.code !== 'disabled') continue;
      errs.push(msg(e.section, e.option, e.level, e.code, e.msg));
      if (e.level !== 'error') continue;
      if (e.section === '' || (touched && touched[e.section] && on[e.section])) refused = true;
      else if (idle.indexOf(e.section) < 0) idle.push(e.section);
    }
    if (refused) return [422, { ok: false, committed: false, errors: errs }];
    var out: any = { ok: true, committed: false, errors: errs, idle: idle };
    if (!commit) return [200, out];
    if (text === C.serializeConfig(saved)) { out.changed = false; return [200, out]; }
    var applied = C.commitConfig(app, next, cfg);
    if (!applied) return [507, { ok: false, committed: false, error: 'the flash refused the write: the saved config is unchanged' }];
    out.committed = true;
    out.applied = applied;
    return [200, out];
  }

  // POST /api/config. A value equal to what GET shows (a secret's '(set)', a masked URL)
  // keeps the saved one: write-only secrets survive a save of the whole form.
  function edit(rq: any): any[] {
    var doc = JSON.parse(C.serializeConfig(saved));
    var secrets = C.configSecrets(saved, []);
    var bad: any[] = [];
    var touched: any = {};
    var blocks: any = {};
    var set = isObj(rq.set) ? rq.set : {};
    for (var p in set) {
      var parts = String(p).split('.');
      var opt = parts.length > 1 ? parts[parts.length - 1] : '';
      var sec = parts.length > 1 ? parts[parts.length - 2] : parts[0];
      if (parts.length === 2 && (sec === 'mqtt' || sec === 'syslog')) {
        // a block's option: a secret shown as '(set)' comes back unchanged
        var v = String(set[p]);
        if (v === '(set)') continue;
        var word = opt.length > 0 && opt.length <= 24;
        for (var w = 0; w < opt.length; w++) if ('abcdefghijklmnopqrstuvwxyz_'.indexOf(opt.charAt(w)) < 0) word = false;
        if (!word || opt.charAt(0) === '_') { bad.push(msg(sec, '', 'error', 'unknown', p + ': not an option name')); continue; }
        if (v.length > 256) { bad.push(msg(sec, opt, 'error', 'too_long', p + ': longer than 256 characters')); continue; }
        if (!isObj(doc[sec])) doc[sec] = {};
        if (v === '') delete doc[sec][opt]; else doc[sec][opt] = v;
        blocks[sec] = true;
        continue;
      }
      var cur = C.getOption(doc, p);
      if (opt && cur.ok && set[p] === shown(C, sec, opt, cur.value, secrets)) continue;
      if (sec === 'global' && !isObj(doc.global)) doc.global = {};
      var r = C.setOption(doc, p, set[p]);
      if (r.ok) touched[sec] = true;
      else bad.push(msg(sec, opt, 'error', r.code, p + ': ' + r.msg));
    }
    for (var b in blocks) {
      var blk = doc[b];
      if (!blk.host) { delete doc[b]; continue; }
      var rd = b === 'mqtt' ? C.readMqttConfig(blk) : C.readSyslogConfig(blk, 'esp32-ddns');
      for (var j = 0; j < rd.errors.length; j++) {
        var x = rd.errors[j];
        if (x.level === 'error') bad.push(msg(b, x.option.substring(b.length + 1), x.level, 'block', x.msg));
      }
    }
    var del = rq.del instanceof Array ? rq.del : [];
    for (var i = 0; i < del.length; i++) {
      var d = C.deleteOption(doc, String(del[i]));
      if (!d.ok) bad.push(msg(String(del[i]).split('.')[0], '', 'error', d.code, del[i] + ': ' + d.msg));
    }
    if (bad.length) return [422, { ok: false, committed: false, errors: bad }];
    return finish(doc, touched, []);
  }

  // POST /api/uci: the text's sections replace the saved ones (and its global section the
  // saved one); a value as GET /api/uci shows it (a secret as '***', a URL with its password
  // masked) keeps the saved value.
  function importUci(): any[] {
    var r = C.parseUci(body);
    var notes: any[] = [];
    for (var i = 0; i < r.errors.length; i++) notes.push(msg('', '', 'warn', 'uci', 'line ' + r.errors[i].line + ': ' + r.errors[i].msg));
    var svc = r.config.service || {};
    if (!Object.keys(svc).length && !r.config.global) {
      notes.push(msg('', '', 'error', 'empty', 'nothing to import: no "config service" or "config ddns global" section'));
      return [422, { ok: false, committed: false, errors: notes }];
    }
    var doc = JSON.parse(C.serializeConfig(saved));
    var old = isObj(doc.service) ? doc.service : {};
    var secrets = C.configSecrets(saved, []);
    for (var n in svc) {
      if (!isObj(old[n])) continue;
      for (var k in svc[n]) {
        var v = svc[n][k];
        var was = old[n][k];
        if (was === undefined || was === '') continue;
        if (C.isSecretOption(n, k) ? v === '***' || v === '(set)' : v === shown(C, n, k, was, secrets)) svc[n][k] = was;
      }
    }
    if (r.config.global) doc.global = r.config.global;
    doc.service = svc;
    // every imported section counts as touched: an enabled one with errors refuses the import,
    // as the section editor refuses it
    var touched: any = {};
    for (var t in svc) touched[t] = true;
    return finish(doc, touched, notes);
  }

  // POST /api/command: the overview's buttons, the same commands the console and MQTT have.
  function command(rq: any): any[] {
    var cmd = rq.cmd;
    // the notify block's test message (our extension)
    if (cmd === 'notify') {
      var m = app.run.notify ? app.load('notify') : null;
      if (!m || !m.handle(app, 'test')) return [409, { ok: false, error: 'notifications are off: no usable "notify" block in the config (see the log)' }];
      return [200, { ok: true, done: ['notify'] }];
    }
    if (cmd !== 'check' && cmd !== 'force' && cmd !== 'start' && cmd !== 'stop') {
      return [400, { ok: false, error: 'expected {"cmd": "check"|"force"|"start"|"stop", "section": "name"}' }];
    }
    var done: string[] = [];
    for (var i = 0; i < app.sections.length; i++) {
      var s = app.sections[i];
      if (rq.section !== undefined && rq.section !== s.name) continue;
      if (cmd === 'start') s.start();
      else if (cmd === 'stop') s.stop();
      else s.check('command', cmd === 'force');
      done.push(s.name);
    }
    if (!done.length) return [404, { ok: false, error: 'no section ' + rq.section }];
    return [200, { ok: true, done: done }];
  }

  if (name === 'uci') return importUci();
  if (name !== 'config' && name !== 'command') return [404, { error: 'no such API: POST /api/config, /api/command or /api/uci' }];
  var rq: any = null;
  try { rq = JSON.parse(body); } catch (e) { rq = null; }
  if (!isObj(rq)) return [400, { ok: false, error: 'the body must be a JSON object' }];
  if (name === 'command') return command(rq);
  commit = rq.commit === true;
  return edit(rq);
}
