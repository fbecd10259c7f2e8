import { ClockPort, StoragePort, Logger, Severity, SectionLogSettings, LogReader, ModulePort } from '../core/ports';
import type * as LogFileLib from './file';
import { formatTime } from '../core/timefmt';
import { maskSecrets } from '../core/mask';
import { indexOfStr } from '../core/text';

export type { Logger, Severity };

export interface LogOptions {
  print: (line: string) => void;
  clock: ClockPort;
  storage: StoragePort;
  dateformat: string;
  /** lines kept in RAM per section (small: every line costs blocks) */
  ringLines: number;
  /** chars of the RAM ring all sections share (default RING_CHARS) */
  ringChars?: number;
  /** ddns_loglines: lines kept in a Storage log file per section when use_logfile is on */
  fileLines: number;
  /** where the Storage log's code is (the module 'logfile', log/file.ts, which also reads a
   *  section's file for the page); without it no line goes to flash */
  modules?: ModulePort;
}

/** Control characters as rsyslog writes them, '#' and three octal digits (a line feed is
 *  '#012'): one log line stays one line wherever it goes. */
// Why: a provider's answer or a server's message is logged as it came; a line break in it
// would forge lines of its own in the console, the log file and syslog.
export function escapeControls(s: string): string {
  var out = '';
  var from = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c > 31 && c !== 127) continue;
    out += s.substring(from, i) + '#' + (c >> 6) + ((c >> 3) & 7) + (c & 7);
    from = i + 1;
  }
  return from ? out + s.substring(from) : s;
}

/** The RAM ring's size in chars: every section's newest lines, at most ringLines each. */
export var RING_CHARS = 1792;
/** The ring grows in steps of PIECE chars: one step at boot (the boot's own lines), SOURCE_PIECES
 *  for each log source configured (a section, MQTT), up to RING_CHARS. The ring is shared, so a
 *  board with one section (whose boot logged nothing) keeps 13 of its lines of about 85 chars in
 *  the five steps it has, the ESP32's 12 (board.ringLines) and one more; from two sources on it
 *  is RING_CHARS. */
var PIECE = 224;
var SOURCE_PIECES = 4;

// The RAM ring is shared by all sections and of a fixed size: records
// '\n<section>\x1f<line>' written byte by byte into one Uint8Array, round and round, over the
// oldest. Its blocks are taken when the sources are configured at boot and never grow however
// many lines come, and a line written copies nothing (a typed array holds 14 chars a block; the
// same chars in strings of a few hundred took a third more). Lines are control-free
// (escapeControls), so '\x1f' and '\n' cannot occur inside one; a section name is escaped the same
// way. The oldest record may be cut, and bytes never written are 0: neither matches a key.
function ringLines(ring: string, section: string, max: number): string[] {
  var out: string[] = [];
  var key = '\n' + escapeControls(section) + '\x1f';
  var at = indexOfStr(ring, key, 0);
  while (at >= 0) {
    var from = at + key.length;
    var end = ring.indexOf('\n', from);
    if (end < 0) break;
    out.push(ring.substring(from, end));
    at = indexOfStr(ring, key, end);
  }
  return out.length > max ? out.slice(out.length - max) : out;
}

// The chars of r from a to b (String.fromCharCode takes at most 256 arguments on Espruino).
function chars(r: Uint8Array, a: number, b: number): string {
  var t = '';
  for (var i = a; i < b; i += 128) t += String.fromCharCode.apply(null, r.subarray(i, Math.min(i + 128, b)) as any);
  return t;
}

// The ring's text, oldest first.
function ringText(L: Lg): string { return chars(L.r, L.h, L.r.length) + chars(L.r, 0, L.h); }

// Writes a record at the ring's head, over the oldest bytes. Chars beyond one byte (only
// in the simulator: Espruino's strings are bytes) become '?'.
function ringWrite(L: Lg, rec: string) {
  var r = L.r;
  var n = r.length;
  var h = L.h;
  if (!n) return;
  for (var i = 0; i < rec.length; i++) {
    var c = rec.charCodeAt(i);
    r[h] = c > 255 ? 63 : c;
    if (++h === n) h = 0;
  }
  L.h = h;
}

// The tables below are keyed by '~' + section name. Why: section names are user text, and a
// plain object already has 'constructor', 'toString', '__proto__' (and on Espruino 'on',
// 'emit', 'clone'...): looked up bare, such a name finds the prototype's function and the first
// line written throws, at every boot. The validator refuses those names (config/validate.ts,
// validName), but a boot must survive any saved config, so the core does not rely on that.
//
// A logger is ONE object whose methods come from LOG (below): functions made at the root of
// .bootcde cost fewer blocks than closures made inside createLogger, and no scope is kept.
interface Lg extends Logger {
  o: LogOptions;
  /** the ring's bytes and where the next record starts */
  r: Uint8Array;
  h: number;
  /** per section: masking and log file settings */
  set: { [s: string]: SectionLogSettings };
  /** the listeners (MQTT, syslog), made by the first */
  ls?: Array<(section: string, sev: Severity, line: string) => void>;
  /** per section: [current generation, lines in it] (log/file.ts, made by the first line to a file) */
  fs?: { [s: string]: number[] };
}

// The Storage log's code (ddns.logfile, log/file.ts) for one use: out of the module cache at once,
// so it is freed when the caller is done with it. null: a board without it, or the module missing
// (said on the console, not in the log, which is what is being written).
function files(L: Lg): typeof LogFileLib | null {
  var m = L.o.modules;
  if (!m) return null;
  try {
    var F = m.load('logfile');
    m.drop('logfile');
    return F;
  } catch (e) {
    L.o.print('ddns: the Storage log is off: module ddns.logfile cannot be loaded (' + e + ')');
    return null;
  }
}

// Makes the ring n pieces larger, up to its most (ringChars), its lines kept.
function grow(L: Lg, n: number) {
  var size = Math.min(L.o.ringChars || RING_CHARS, L.r.length + n * PIECE);
  if (size <= L.r.length) return;
  var text = ringText(L);
  L.r = new Uint8Array(size);
  L.h = 0;
  ringWrite(L, text);
}

// Every line is masked (then its control characters escaped) before it is kept or shown, so no
// secret reaches the console, the ring, the log file or any listener, at any verbose level.
var LOG = {
  // A source seen for the first time makes room for its lines in the ring: a board with one
  // section does not hold a ring sized for many.
  configure: function (this: Lg, section: string, s: SectionLogSettings) {
    if (!this.set['~' + section]) grow(this, SOURCE_PIECES);
    this.set['~' + section] = s;
  },
  write: function (this: Lg, section: string, sev: Severity, msg: string) {
    var o = this.o;
    var st = this.set['~' + section];
    var text = escapeControls(st ? maskSecrets(msg, st.secrets) : msg);
    var line = formatTime(o.dateformat, o.clock.wallMs(), o.clock.uptimeMs()) + ' ' +
      (sev === 'info' ? '' : sev.toUpperCase() + ' ') + text;
    ringWrite(this, '\n' + escapeControls(section) + '\x1f' + line);
    if (this.verbose >= 1 || sev === 'err') o.print('[' + section + '] ' + line);
    if (st && (st.logfile === 1 || this.verbose >= 2) && o.fileLines > 0) {
      var F = files(this);
      if (F) F.append(this, section, line);
    }
    var ls = this.ls;
    for (var i = 0; ls && i < ls.length; i++) ls[i](section, sev, line);
  },
  lines: function (this: Lg, section: string) { return ringLines(ringText(this) + '\n', section, this.o.ringLines); },
  trim: function (this: Lg) { this.r = new Uint8Array(0); this.h = 0; },
  listen: function (this: Lg, fn: (section: string, sev: Severity, line: string) => void) {
    (this.ls || (this.ls = [])).push(fn);
  },
};

export function createLogger(o: LogOptions): Logger {
  var L: Lg = Object.create(LOG);
  L.verbose = 1;
  L.o = o;
  L.r = new Uint8Array(0);
  L.h = 0;
  grow(L, 1);
  L.set = {};
  return L;
}
