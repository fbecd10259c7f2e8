// The uci-style config commands: get, set, del, changes, commit, revert, importUci, exportUci.
// Edits are staged in a pending copy of the saved config, as uci stages them; commit() checks the
// whole pending config, saves it atomically (two-slot store) and applies it at once.
// `del` stands for `uci delete`: `delete` is a JavaScript keyword and cannot be a function name.

import type { Host as App } from '../host';
import type * as ConfigTools from '../config/index';
import { maskUrlPass } from '../core/mask';
import { isObj } from '../core/obj';
import { loadDoc } from '../config/store';

/** The pending changes, shared with the console's masking (pending secrets are secrets too). */
export interface Staging {
  /** the edited copy of the saved config, or null when nothing is pending */
  pending: any;
}

/** The config commands, sharing `st` with the console, built for one command (console.ts). */
// Why: one place that knows the pending copy, so every command reads and edits the same one.
// Nothing here exists while the board idles: Espruino creates a scope's functions when it runs.
export function configCommands(C: typeof ConfigTools, app: App, st: Staging, say: (s: string) => void): { [name: string]: Function } {

  // An own property (an option may be called hasOwnProperty; uci allows the name).
  function has(o: any, k: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, k);
  }

  // A config document in its stored form: what is compared and what is saved.
  function canonical(doc: any): any {
    return JSON.parse(C.serializeConfig(doc));
  }

  // An option value as a uci line shows it: lists joined with spaces, secrets masked.
  function shownValue(section: string, option: string, v: any): string {
    var s = v instanceof Array ? v.join(' ') : String(v);
    if (C.isSecretOption(section, option) && s !== '') return C.MASK;
    return C.isUrlOption(option) ? maskUrlPass(s) : s;
  }

  // 'ddns.<section>' or 'ddns.<section>.<option>', the names uci prints.
  function path(section: string, option?: string): string {
    return 'ddns.' + section + (option ? '.' + option : '');
  }

  // The uci-changes lines for one section: options added, changed or removed.
  function sectionDiff(name: string, a: any, b: any, out: string[]) {
    var ka = Object.keys(a);
    var kb = Object.keys(b);
    for (var i = 0; i < kb.length; i++) {
      var o = kb[i];
      if (!has(a, o) || JSON.stringify(a[o]) !== JSON.stringify(b[o])) {
        out.push(path(name, o) + "='" + shownValue(name, o, b[o]) + "'");
      }
    }
    for (var j = 0; j < ka.length; j++) if (!has(b, ka[j])) out.push('-' + path(name, ka[j]));
  }

  // The changes from the saved document `a` to the pending one `b`, as `uci changes` lists them:
  // the user sees what commit() would do before doing it; secrets show as '***'.
  function configDiff(a: any, b: any): string[] {
    var out: string[] = [];
    var ga = isObj(a.global) ? a.global : null;
    var gb = isObj(b.global) ? b.global : null;
    if (gb && !ga) out.push(path('global') + "='ddns'");
    if (ga && !gb) out.push('-' + path('global'));
    if (gb) sectionDiff('global', ga || {}, gb, out);
    var sa = a.service || {};
    var sb = b.service || {};
    var nb = Object.keys(sb);
    for (var i = 0; i < nb.length; i++) {
      if (!has(sa, nb[i])) out.push(path(nb[i]) + "='service'");
      sectionDiff(nb[i], has(sa, nb[i]) ? sa[nb[i]] : {}, sb[nb[i]], out);
    }
    var na = Object.keys(sa);
    for (var j = 0; j < na.length; j++) if (!has(sb, na[j])) out.push('-' + path(na[j]));
    return out;
  }

  // Keeps the saved secret where an imported text has '***' (an C.exportUci() output edited and
  // pasted back), so a round trip through the console does not lose the passwords.
  function keepMaskedSecrets(saved: any, imported: any) {
    var svc = imported.service || {};
    var old = isObj(saved.service) ? saved.service : {};
    var names = Object.keys(svc);
    for (var i = 0; i < names.length; i++) {
      var opts = svc[names[i]];
      var keys = Object.keys(opts);
      for (var k = 0; k < keys.length; k++) {
        var prev = has(old, names[i]) && isObj(old[names[i]]) ? old[names[i]][keys[k]] : undefined;
        if (typeof prev !== 'string' || prev === '') continue;
        // a secret as '***', or a URL as exportUci shows it (its password masked)
        if (C.isSecretOption(names[i], keys[k]) ? opts[keys[k]] === C.MASK
          : C.isUrlOption(keys[k]) && prev !== opts[keys[k]] && maskUrlPass(prev) === opts[keys[k]]) {
          opts[keys[k]] = prev;
          say(names[i] + '.' + keys[k] + ': the text has ' + C.MASK + ': the saved value is kept');
        }
      }
    }
  }

  // The document the next edit applies to: the pending copy, made on the first edit.
  function editable(): any {
    if (!st.pending) st.pending = canonical(loadDoc(app.ports.storage));
    return st.pending;
  }
  // What get and exportUci read: the pending copy when there is one, as `uci get` does.
  function current(): any { return st.pending || loadDoc(app.ports.storage); }

  // Prints a refused edit: the path as typed and why.
  function refuse(what: string, p: any, msg: string) {
    say(what + '(' + (typeof p === 'string' ? "'" + p + "'" : String(p)) + '): ' + msg);
  }

  return {
    get: function (p: string) {
      var r = C.getOption(current(), p);
      if (!r.ok) { refuse('get', p, r.msg); return; }
      var parts = String(p).split('.');
      var opt = parts[parts.length - 1];
      var sec = parts.length > 1 ? parts[parts.length - 2] : '';
      if (sec && C.isSecretOption(sec, opt) && r.value) say(C.MASK + ' (set)');
      else say(r.value === '' ? "'' (empty)" : String(r.value));
    },
    set: function (p: string, value: any) {
      var r = C.setOption(editable(), p, value);
      if (!r.ok) { refuse('set', p, r.msg); return; }
      var parts = String(p).split('.');
      var shown = parts.length > 1 ? shownValue(parts[parts.length - 2], parts[parts.length - 1], value) : String(value);
      say('ddns.' + p + "='" + shown + "' staged: commit() applies, revert() drops");
    },
    del: function (p: string) {
      var doc = editable();
      var r = C.deleteOption(doc, p);
      // a section whose name is invalid (uploaded in ddns.json) can still be deleted by its name
      if (r.code === 'bad_path' && typeof p === 'string' && isObj(doc.service) && has(doc.service, p) && p !== '__proto__') {
        delete doc.service[p];
        r = { ok: true, code: '', msg: '', value: null };
      }
      if (!r.ok) { refuse('del', p, r.msg); return; }
      say('-ddns.' + p + ' staged: commit() applies, revert() drops');
    },
    changes: function () {
      if (!st.pending) { say('no pending changes'); return; }
      var lines = configDiff(canonical(loadDoc(app.ports.storage)), canonical(st.pending));
      if (!lines.length) say('no pending changes');
      for (var i = 0; i < lines.length; i++) say(lines[i]);
    },
    revert: function () {
      say(st.pending ? 'pending changes dropped' : 'no pending changes');
      st.pending = null;
    },
    commit: function () {
      if (!st.pending) { say('no pending changes'); return; }
      var text = C.serializeConfig(st.pending);
      var doc: any = null;
      try { doc = JSON.parse(text); } catch (e) { doc = null; }
      if (!isObj(doc)) { say('commit refused: the pending config is not a JSON object; nothing saved'); return; }
      if (text === C.serializeConfig(loadDoc(app.ports.storage))) { st.pending = null; say('no changes to commit'); return; }
      var cfg = C.normalizeConfig(doc, C.configContext(app.board.name));
      var same = C.unchangedSections(app, cfg);
      var named: { [n: string]: boolean } = {};
      for (var n = 0; n < cfg.sections.length; n++) named[cfg.sections[n].name] = true;
      var bad: string[] = [];
      var later: string[] = [];
      for (var i = 0; i < cfg.errors.length; i++) {
        var e = cfg.errors[i];
        if (e.level === 'info' && e.code !== 'disabled') continue;
        if (e.level === 'error' && e.section === '') { say('error: ' + e.msg); say('commit refused: nothing saved'); return; }
        if (e.level === 'error' && bad.indexOf(e.section) < 0) bad.push(e.section);
        // a rebuilt section logs its own problems as it starts; the others are printed here
        // '=== true': a section's name is user text, and a plain object has 'constructor'...
        if (named[e.section] !== true || same[e.section] === true) say(e.level + ': ' + e.msg);
        else later.push(e.level + ': ' + e.msg);
      }
      var sum = C.commitConfig(app, doc, cfg);
      if (!sum) {
        for (var l = 0; l < later.length; l++) say(later[l]);
        say('commit failed: the flash refused the write; the saved config is unchanged and the changes stay pending');
        return;
      }
      st.pending = null;
      say('committed: restarted ' + (sum.restarted.join(' ') || '-') + ', added ' + (sum.added.join(' ') || '-') +
        ', removed ' + (sum.removed.join(' ') || '-'));
      if (bad.length) say('not running (errors above): ' + bad.join(' '));
      if (sum.rebootFor.length) say(sum.rebootFor.join(', ') + ': takes effect after a reboot');
    },
    importUci: function (text: string) {
      var r = C.parseUci(text);
      for (var i = 0; i < r.errors.length; i++) say('line ' + r.errors[i].line + ': ' + r.errors[i].msg);
      var names = Object.keys(r.config.service || {});
      if (!names.length && !r.config.global) { say('importUci: nothing to import'); return; }
      var doc = editable();
      keepMaskedSecrets(canonical(loadDoc(app.ports.storage)), r.config);
      if (r.config.global) doc.global = r.config.global;
      doc.service = r.config.service;
      say('importUci: staged ' + names.length + ' section(s): ' + names.join(' ') +
        ' (changes() lists them, commit() applies, revert() drops)');
    },
    exportUci: function () {
      if (st.pending) say('# with uncommitted changes');
      var text = C.exportUci(C.maskedDoc(canonical(current())));
      if (!text) { say('# no config'); return; }
      var lines = text.split('\n');
      for (var i = 0; i < lines.length; i++) if (lines[i] !== '' || i < lines.length - 1) say(lines[i]);
    },
  };
}
