// Import and export of an OpenWrt /etc/config/ddns file (UCI syntax), so a router's
// ddns-scripts config moves to the board as is, and back.
//
// Read as libuci reads it:
// - commands `config <type> [name]`, `option <name> [value]`, `list <name> <value>`,
//   `package ddns`, also their one-letter forms; several commands on a line split by ';'
// - a word is made of unquoted text, '...' (taken literally) and "..." (backslash takes the
//   next character literally, as libuci: "\n" is the letter n) glued together, so
//   'it'\''s' is it's; quoted text may span lines; backslash-newline continues a line
// - '#' outside quotes starts a comment to the end of the line, also after a command
// - types and names use A-Z a-z 0-9 _ ; a name with '-' is an error and its section skipped
// Sections: `config ddns 'global'` becomes "global"; `config service 'x'` becomes service.x.
// Anonymous sections are named as libuci does it: 'cfg' + the section's 1-based position in
// the file as 2 hex digits + the low 16 bits of the djb2 hash (5381, *33 + char) of the type
// as 4 hex digits: the first anonymous `config service` in a file is cfg01xxxx where xxxx
// depends only on 'service'. Names are stable while sections keep their order.
// Lists: ddns-scripts reads a list as its values joined with spaces (config_get), so every
// `list` becomes one space-joined string: ip_url 'a' + ip_url 'b' -> "a b". Export writes
// list-type options (ip_url) holding several words, and JSON arrays, back as `list` lines.

import { optionTable, findOption } from './schema';

export interface UciError {
  line: number;
  msg: string;
}

export interface UciResult {
  /** { global?: {...}, service: { name: {...} } }, values as strings */
  config: any;
  errors: UciError[];
}

// Built for one import or export (console commands): Espruino creates the function objects of a
// scope when the scope runs, so none of this costs RAM while the board idles.
function uciLib() {
  var MAX_TEXT = 65536;

  function isNameChar(c: number): boolean {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  }

  function isName(s: string): boolean {
    if (!s.length || s.length > 64 || s === '__proto__') return false;
    for (var i = 0; i < s.length; i++) if (!isNameChar(s.charCodeAt(i))) return false;
    return true;
  }

  function hex(n: number, digits: number): string {
    var s = n.toString(16);
    while (s.length < digits) s = '0' + s;
    return s.substring(s.length - digits);
  }

  function anonName(index: number, type: string): string {
    var h = 5381;
    // the low 16 bits of djb2, computed mod 2^16 all along so no step leaves small integers
    for (var i = 0; i < type.length; i++) h = (h * 33 + type.charCodeAt(i)) % 65536;
    return 'cfg' + hex(index, 2) + hex(h, 4);
  }

  // Splits the text into commands: each a list of words, with the line it starts on.
  // Errors (unterminated quotes) are pushed to errs.
  function tokenize(text: string, errs: UciError[]): any[] {
    var cmds: any[] = [];
    var words: string[] = [];
    var word = '';
    var inWord = false;
    var line = 1;
    var cmdLine = 1;
    var i = 0;
    var n = text.length;
    var endCmd = function () {
      if (inWord) { words.push(word); word = ''; inWord = false; }
      if (words.length) cmds.push({ line: cmdLine, words: words });
      words = [];
    };
    while (i < n) {
      var ch = text.charAt(i);
      if (!words.length && !inWord) cmdLine = line;
      if (ch === '\n') { endCmd(); line++; i++; continue; }
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        if (inWord) { words.push(word); word = ''; inWord = false; }
        i++;
        continue;
      }
      if (ch === ';') { endCmd(); i++; continue; }
      if (ch === '#') {
        var eol = text.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (ch === '\\') {
        if (text.charAt(i + 1) === '\n') { line++; i += 2; continue; }
        if (text.charAt(i + 1) === '\r' && text.charAt(i + 2) === '\n') { line++; i += 3; continue; }
        if (i + 1 < n) { word += text.charAt(i + 1); inWord = true; }
        i += 2;
        continue;
      }
      if (ch === "'") {
        var close = text.indexOf("'", i + 1);
        if (close < 0) {
          errs.push({ line: line, msg: "unterminated ' quote" });
          return cmds;
        }
        var part = text.substring(i + 1, close);
        word += part;
        inWord = true;
        for (var k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) line++;
        i = close + 1;
        continue;
      }
      if (ch === '"') {
        var startLine = line;
        i++;
        var start = i;
        var done = false;
        while (i < n) {
          var c = text.charAt(i);
          if (c === '"') { done = true; break; }
          if (c === '\\') {
            word += text.substring(start, i);
            var next = text.charAt(i + 1);
            if (next === '\n') line++;
            else if (next === '\r' && text.charAt(i + 2) === '\n') { line++; i++; }
            else word += next;
            i += 2;
            start = i;
            continue;
          }
          if (c === '\n') line++;
          i++;
        }
        if (!done) {
          errs.push({ line: startLine, msg: 'unterminated " quote' });
          return cmds;
        }
        word += text.substring(start, i);
        inWord = true;
        i++;
        continue;
      }
      // a run of plain characters
      var j = i;
      while (j < n) {
        var d = text.charAt(j);
        if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';' || d === '#' ||
            d === '\\' || d === "'" || d === '"') break;
        j++;
      }
      word += text.substring(i, j);
      inWord = true;
      i = j;
    }
    endCmd();
    return cmds;
  }

  function cmdIs(w: string, full: string): boolean {
    return w === full || w === full.charAt(0);
  }

  /** Reads an OpenWrt /etc/config/ddns text into the raw config object that ddns.json holds. */
  // Why: users move from a router with their existing file; every problem is reported with its
  // line and the rest is still imported, so one mistake does not lose the whole file.
  function parseUci(text: string): UciResult {
    var errors: UciError[] = [];
    var config: any = {};
    if (typeof text !== 'string') {
      errors.push({ line: 0, msg: 'expected the text of a UCI file' });
      return { config: { service: {} }, errors: errors };
    }
    if (text.length > MAX_TEXT) {
      errors.push({ line: 0, msg: 'the file is longer than ' + MAX_TEXT + ' characters' });
      return { config: { service: {} }, errors: errors };
    }
    var cmds = tokenize(text, errors);
    var global: any = null;
    var service: any = {};
    var cur: any = null; // options object of the open section, or null (none or skipped)
    var skipping = false;
    var count = 0;
    for (var i = 0; i < cmds.length; i++) {
      var line = cmds[i].line;
      var w: string[] = cmds[i].words;
      var c = w[0];
      if (cmdIs(c, 'package')) {
        if (w[1] !== 'ddns') errors.push({ line: line, msg: "package '" + (w[1] || '') + "' is not ddns" });
        continue;
      }
      if (cmdIs(c, 'config')) {
        count++;
        cur = null;
        skipping = true;
        var type = w[1] || '';
        var name = w[2] || '';
        if (w.length > 3) errors.push({ line: line, msg: 'too many words after config' });
        if (!type) { errors.push({ line: line, msg: 'config without a type' }); continue; }
        if (!isName(type)) { errors.push({ line: line, msg: "invalid character in type '" + type + "'" }); continue; }
        if (name && !isName(name)) {
          errors.push({ line: line, msg: "invalid character in section name '" + name + "' (use A-Z a-z 0-9 _ only); section skipped" });
          continue;
        }
        if (type === 'ddns') {
          if (name !== 'global') {
            errors.push({ line: line, msg: "config ddns must be named 'global' (ddns-scripts reads only that one); section skipped" });
            continue;
          }
          if (!global) global = {};
          cur = global;
        } else if (type === 'service') {
          if (!name) name = anonName(count, type);
          if (!Object.prototype.hasOwnProperty.call(service, name)) service[name] = {};
          cur = service[name];
        } else {
          errors.push({ line: line, msg: "unknown section type '" + type + "' (expected ddns or service); section skipped" });
          continue;
        }
        skipping = false;
        continue;
      }
      var isList = cmdIs(c, 'list');
      if (cmdIs(c, 'option') || isList) {
        if (!cur) {
          if (!skipping) errors.push({ line: line, msg: c + ' before the first config line' });
          continue;
        }
        var opt = w[1] || '';
        if (!opt) { errors.push({ line: line, msg: c + ' without a name' }); continue; }
        if (!isName(opt)) { errors.push({ line: line, msg: "invalid character in option name '" + opt + "'" }); continue; }
        if (w.length > 3) errors.push({ line: line, msg: 'too many words after ' + c + ' ' + opt });
        var value = w.length > 2 ? w[2] : '';
        var had = Object.prototype.hasOwnProperty.call(cur, opt);
        if (isList && had && cur[opt] !== '') {
          if (value !== '') cur[opt] = cur[opt] + ' ' + value;
        } else {
          cur[opt] = value;
        }
        continue;
      }
      errors.push({ line: line, msg: "invalid command '" + c + "'" });
    }
    if (global) config.global = global;
    config.service = service;
    return { config: config, errors: errors };
  }

  function quote(s: string): string {
    return "'" + s.split("'").join("'\\''") + "'";
  }

  function valueOf(v: any): any {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && isFinite(v)) return String(v);
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (v instanceof Array) {
      var out: string[] = [];
      for (var i = 0; i < v.length; i++) {
        var e = valueOf(v[i]);
        if (typeof e === 'string') out.push(e);
      }
      return out;
    }
    return null;
  }

  function splitWords(s: string): string[] {
    var out: string[] = [];
    var p = s.split(' ');
    for (var i = 0; i < p.length; i++) if (p[i]) out.push(p[i]);
    return out;
  }

  function exportSection(lines: string[], type: string, name: string, opts: any, table: string, global: boolean) {
    if (lines.length) lines.push('');
    lines.push('config ' + type + ' ' + quote(name));
    if (!opts || typeof opts !== 'object') return;
    var keys = Object.keys(opts);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (!isName(k)) continue;
      var v = valueOf(opts[k]);
      if (v === null) continue;
      if (typeof v === 'string') {
        var info = findOption(table, k, global);
        var parts = info && info.type === 'list' ? splitWords(v) : [];
        if (parts.length > 1) v = parts;
      }
      if (typeof v === 'string') lines.push('\toption ' + k + ' ' + quote(v));
      else for (var j = 0; j < v.length; j++) lines.push('\tlist ' + k + ' ' + quote(v[j]));
    }
  }

  /** Writes a raw config as an OpenWrt /etc/config/ddns text (`config service 'x'`, tab, option). */
  // Why: the way back to a router, and a readable dump of the whole config for the console.
  function exportUci(config: any): string {
    var lines: string[] = [];
    if (!config || typeof config !== 'object') return '';
    var has = Object.prototype.hasOwnProperty;
    if (has.call(config, 'global') && config.global && typeof config.global === 'object') {
      exportSection(lines, 'ddns', 'global', config.global, optionTable(true), true);
    }
    var svc = has.call(config, 'service') ? config.service : null;
    if (svc && typeof svc === 'object' && !(svc instanceof Array)) {
      var table = optionTable(false);
      var names = Object.keys(svc);
      for (var i = 0; i < names.length; i++) {
        if (!isName(names[i])) continue;
        var s = svc[names[i]];
        if (s && typeof s === 'object' && !(s instanceof Array)) exportSection(lines, 'service', names[i], s, table, false);
      }
    }
    return lines.length ? lines.join('\n') + '\n' : '';
  }

  return { parseUci: parseUci, exportUci: exportUci };
}

// The entry points, each building the parser or the writer for one call.
export function parseUci(text: string): UciResult { return uciLib().parseUci(text); }
export function exportUci(config: any): string { return uciLib().exportUci(config); }
