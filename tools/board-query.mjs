// What the flash tool asks a board before it uploads: the SHA-1 of each Storage file it may
// replace, and the web admin password hash of the board's saved config. The questions run ON
// THE BOARD (sent with the espruino CLI's -e), so the functions marked "runs on the board" are
// written in the ES5 Espruino runs and sent as their source text (Function.prototype.toString):
// no comments inside them (the CLI sends code line by line), no arrow functions, no
// require("literal") of a module that is not built in (the CLI would try to download it).
// The board prints one line, `<<DDNS-FLASH {json} DDNS-FLASH>>`, which parseAnswer() finds in
// the CLI's output. Only what the tool needs leaves the board: hashes and sizes, never the
// config's other secrets.

const OPEN = '<<DDNS-FLASH ';
const CLOSE = ' DDNS-FLASH>>';

/**
 * FNV-1a as hex, the firmware's checksum of a config slot (firmware/config/store.ts).
 * Runs on the board; exported for tests that write config slots.
 */
export function checksum(s) {
  var h = 0x811c9dc5;
  for (var i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
  }
  return ('0000000' + h.toString(16)).substr(-8);
}

/**
 * Runs on the board: {crypto, files: {name: {s: size, h: sha1 hex or null}}} for the names
 * that exist in Storage. Without crypto only sizes (h null: the tool treats the file as changed).
 * The crypto module is required by a computed name so that the CLI does not try to fetch it.
 */
function fileHashes(names) {
  var S = require('Storage');
  var c = null;
  var cryptoName = 'crypto';
  try { c = require(cryptoName); } catch (e) { c = null; }
  if (c && typeof c.SHA1 !== 'function') c = null;
  var out = { crypto: !!c, files: {} };
  for (var i = 0; i < names.length; i++) {
    var d = S.read(names[i]);
    if (d === undefined) continue;
    var h = null;
    if (c) {
      var b = new Uint8Array(c.SHA1(d));
      h = '';
      for (var j = 0; j < b.length; j++) h += (b[j] < 16 ? '0' : '') + b[j].toString(16);
    }
    out.files[names[i]] = { s: d.length, h: h };
  }
  return out;
}

/**
 * Runs on the board: the web admin password hash of the newest whole config slot
 * ('cfg.a'/'cfg.b', each '<generation>\n<checksum>\n<json>', as firmware/config/store.ts keeps
 * them): {gen: 0} when there is no whole slot, else {gen, hash: string or null}.
 */
function adminHash(sum) {
  var S = require('Storage');
  var best = null;
  var names = ['cfg.a', 'cfg.b'];
  for (var i = 0; i < 2; i++) {
    var raw = S.read(names[i]);
    if (!raw) continue;
    var a = raw.indexOf('\n');
    var b = a < 0 ? -1 : raw.indexOf('\n', a + 1);
    if (b < 0) continue;
    var gen = parseInt(raw.substr(0, a), 10);
    var text = raw.substr(b + 1);
    if (!(gen > 0) || raw.substr(a + 1, b - a - 1) !== sum(text)) continue;
    if (!best || gen > best.gen) best = { gen: gen, text: text };
  }
  if (!best) return { gen: 0 };
  var hash = null;
  try {
    var w = JSON.parse(best.text).web;
    if (w && typeof w.admin_password_hash === 'string') hash = w.admin_password_hash;
  } catch (e) { hash = null; }
  return { gen: best.gen, hash: hash };
}

/**
 * The -e expression: asks for the hashes of `names` (when given) and for the admin password
 * hash (when `admin`), printing both on one marked line.
 */
export function queryExpression({ names, admin }) {
  const parts = [];
  if (names) parts.push(`r.files=(${oneLine(fileHashes)})(${JSON.stringify(names)});`);
  if (admin) parts.push(`r.admin=(${oneLine(adminHash)})(${oneLine(checksum)});`);
  return `(function(){var r={};${parts.join('')}print(${JSON.stringify(OPEN)}+JSON.stringify(r)+${JSON.stringify(CLOSE)});})()`;
}

// One line, so that the REPL runs the whole expression at once. Safe because these functions
// have no line comments and end every statement with ';' or '}'.
function oneLine(fn) {
  return String(fn).replace(/\n\s*/g, ' ');
}

/** The board's answer in the CLI's output, parsed; null when it is not there. */
export function parseAnswer(text) {
  const start = text.lastIndexOf(OPEN);
  if (start < 0) return null;
  const end = text.indexOf(CLOSE, start);
  if (end < 0) return null;
  try {
    return JSON.parse(text.slice(start + OPEN.length, end));
  } catch {
    return null;
  }
}

/** The CLI's output with the answer lines removed (for error messages: they may hold a hash). */
export function withoutAnswer(text) {
  return text.split('\n').filter((l) => !l.includes(OPEN.trim()) && !l.includes(CLOSE.trim())).join('\n');
}
