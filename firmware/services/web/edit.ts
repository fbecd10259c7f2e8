// Config changes from the web: option edits (set, delete, add or remove a section) and the
// import of an OpenWrt /etc/config/ddns text. Both are checked by the console's validator
// (normalizeConfig), saved by the two-slot store and put into service at once (applyConfig),
// or only checked when commit is false. Each returns [HTTP status, JSON answer].

import type { App } from '../../main';
import { normalizeConfig, serializeConfig, setOption, deleteOption, getOption } from '../../core/config';
import { saveConfigText } from '../../core/configstore';
import { parseUci } from '../../core/uci';
import { applyConfig } from '../console-apply';
import { configSecrets, isSecretOption } from '../console-secrets';
import { isObj, shownValue, errorView, SET } from './views';

/** Checks a changed document and, when asked, saves and applies it. */
// Why: one path for edits and imports, so both refuse and report the same way. A section with
// errors is refused when this request touched it (touched null: only config-wide errors).
function finish(app: App, doc: any, touched: any, commit: boolean, extra: any[]): any[] {
  var text = serializeConfig(doc);
  var next = JSON.parse(text);
  var cfg = normalizeConfig(next, app.ctx);
  var errs: any[] = extra;
  var refused = false;
  for (var i = 0; i < cfg.errors.length; i++) {
    var e = cfg.errors[i];
    if (e.level === 'info' && e.code !== 'disabled') continue;
    errs.push(errorView(e));
    if (e.level === 'error' && (e.section === '' || (touched && touched[e.section]))) refused = true;
  }
  if (refused) return [422, { ok: false, committed: false, errors: errs }];
  if (!commit) return [200, { ok: true, committed: false, errors: errs }];
  if (text === serializeConfig(app.raw)) return [200, { ok: true, committed: false, changed: false, errors: errs }];
  if (!saveConfigText(app.ports.storage, text)) {
    return [507, { ok: false, committed: false, error: 'the flash refused the write: the saved config is unchanged' }];
  }
  var sum = applyConfig(app, next, cfg);
  return [200, { ok: true, committed: true, applied: sum, errors: errs }];
}

/** POST /api/config: {"set": {"sec.opt": "value", "sec": "service"}, "del": ["sec.opt", "sec"],
 *  "commit": true}. A value equal to what GET shows (a secret's '(set)', a masked URL) keeps
 *  the saved one. */
// Why: the editor sends a whole form; write-only secrets must survive a save untouched.
export function editConfig(app: App, body: string): any[] {
  var rq: any = null;
  try { rq = JSON.parse(body); } catch (e) { rq = null; }
  if (!isObj(rq)) return [400, { ok: false, error: 'expected a JSON object {"set": {...}, "del": [...], "commit": true}' }];
  var doc = JSON.parse(serializeConfig(app.raw));
  var secrets = configSecrets(app.raw, []);
  var bad: any[] = [];
  var touched: any = {};
  var set = isObj(rq.set) ? rq.set : {};
  for (var p in set) {
    var parts = String(p).split('.');
    var sec = parts.length > 1 ? parts[parts.length - 2] : parts[0];
    var cur = getOption(doc, p);
    if (parts.length > 1 && cur.ok && set[p] === shownValue(sec, parts[parts.length - 1], cur.value, secrets)) continue;
    if (sec === 'global' && !isObj(doc.global)) doc.global = {};
    var r = setOption(doc, p, set[p]);
    if (r.ok) touched[sec] = true;
    else bad.push({ section: sec, option: parts.length > 1 ? parts[parts.length - 1] : '', level: 'error', code: r.code, msg: p + ': ' + r.msg });
  }
  var del = rq.del instanceof Array ? rq.del : [];
  for (var i = 0; i < del.length; i++) {
    var d = deleteOption(doc, String(del[i]));
    if (!d.ok) bad.push({ section: String(del[i]).split('.')[0], option: '', level: 'error', code: d.code, msg: del[i] + ': ' + d.msg });
  }
  if (bad.length) return [422, { ok: false, committed: false, errors: bad }];
  return finish(app, doc, touched, rq.commit === true, []);
}

/** POST /api/uci[?commit=1]: an OpenWrt /etc/config/ddns text replaces the sections (and the
 *  global section when the text has one); a secret written as '***' (as GET /api/uci shows
 *  it) keeps the saved value. */
// Why: paste a router's config, or an exported one edited, without losing the passwords.
export function importUci(app: App, text: string, commit: boolean): any[] {
  var r = parseUci(text);
  var notes: any[] = [];
  for (var i = 0; i < r.errors.length; i++) {
    notes.push({ section: '', option: '', level: 'warn', code: 'uci', msg: 'line ' + r.errors[i].line + ': ' + r.errors[i].msg });
  }
  var svc = r.config.service || {};
  if (!Object.keys(svc).length && !r.config.global) {
    return [422, { ok: false, committed: false, errors: notes.concat([{ section: '', option: '', level: 'error',
      code: 'empty', msg: 'nothing to import: no "config service" or "config ddns global" section' }]) }];
  }
  var doc = JSON.parse(serializeConfig(app.raw));
  var old = isObj(doc.service) ? doc.service : {};
  for (var n in svc) {
    for (var k in svc[n]) {
      if ((svc[n][k] === '***' || svc[n][k] === SET) && isSecretOption(n, k) && isObj(old[n]) && old[n][k]) svc[n][k] = old[n][k];
    }
  }
  if (r.config.global) doc.global = r.config.global;
  doc.service = svc;
  return finish(app, doc, null, commit, notes);
}
