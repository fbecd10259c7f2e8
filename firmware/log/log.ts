import { ClockPort, StoragePort, Logger, Severity, SectionLogSettings } from '../core/ports';
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
}

function fileBase(section: string): string { return 'log.' + section.substr(0, 18) + '.'; }

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

// Lines in a log file text (every line ends with '\n').
function countLines(text: string): number {
  var n = 0;
  for (var i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The RAM ring's size in chars: every section's newest lines, at most ringLines each. */
export var RING_CHARS = 1536;

// The RAM ring is ONE string of a fixed length, shared by all sections: records
// '<section>\x1f<line>\n' appended at the end while as many chars are cut from the front, so its
// blocks are taken once at boot (filled with spaces) and never more, however many lines come
// (a ring of arrays of lines grows until every section's ring is full, one string per line).
// Lines are control-free (escapeControls), so '\x1f' and '\n' cannot occur inside one; a section
// name is escaped the same way. The first record may be cut: it never matches a name.
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

// The tables below are keyed by '~' + section name. Why: section names are user text, and a
// plain object already has 'constructor', 'toString', '__proto__' (and on Espruino 'on',
// 'emit', 'clone'...): looked up bare, such a name finds the prototype's function and the first
// line written throws, at every boot. The validator refuses those names (config/validate.ts,
// validName), but a boot must survive any saved config, so the core does not rely on that.
//
// Every line is masked (then its control characters escaped) before it is kept or shown, so no secret reaches the console, the ring,
// the log file or any listener, at any verbose level.
export function createLogger(o: LogOptions): Logger {
  var size = o.ringChars || RING_CHARS;
  var ring = ' ';
  while (ring.length < size) ring += ring;
  ring = ring.substring(0, size);
  var settings: { [s: string]: SectionLogSettings } = {};
  var listeners: Array<(section: string, sev: Severity, line: string) => void> = [];
  // per section: [current generation, lines in it]; read from Storage on the first line
  var files: { [s: string]: number[] } = {};
  var half = Math.max(1, Math.ceil(o.fileLines / 2));

  // Two generations of append-only StorageFiles per section ('log.<name>.0' and '.1'): each
  // line is one append, never a rewrite. When the current one holds half of ddns_loglines, the
  // other is erased and becomes current, so between half and all ddns_loglines lines are kept.
  // After a reboot the current generation is the one that is not full (counted once).
  function fileState(section: string): number[] {
    var k = '~' + section;
    if (files[k]) return files[k];
    var base = fileBase(section);
    var n0 = countLines(o.storage.readLog(base + '0'));
    var n1 = countLines(o.storage.readLog(base + '1'));
    return files[k] = n1 > 0 && (n0 >= half || n0 === 0) && n1 < half ? [1, n1] : [0, n0];
  }

  function appendFile(section: string, line: string) {
    var base = fileBase(section);
    var f = fileState(section);
    if (f[1] >= half) {
      f[0] = 1 - f[0];
      f[1] = 0;
      o.storage.eraseLog(base + f[0]);
    }
    if (o.storage.appendLog(base + f[0], line)) f[1]++;
  }

  var log: Logger = {
    verbose: 1,
    configure: function (section, s) { settings['~' + section] = s; },
    secret: function (section, s) {
      var st = settings['~' + section] || (settings['~' + section] = { secrets: [], useLogfile: false });
      if (s && st.secrets.indexOf(s) < 0) st.secrets.push(s);
    },
    write: function (section, sev, msg) {
      var k = '~' + section;
      var st = settings[k];
      var text = escapeControls(st ? maskSecrets(msg, st.secrets) : msg);
      var line = formatTime(o.dateformat, o.clock.wallMs(), o.clock.uptimeMs()) + ' ' +
        (sev === 'info' ? '' : sev.toUpperCase() + ' ') + text;
      var rec = '\n' + escapeControls(section) + '\x1f' + line;
      ring = ring.length >= size ? (ring + rec).substring(rec.length) : ring + rec;
      if (log.verbose >= 1 || sev === 'err') o.print('[' + section + '] ' + line);
      if (st && (st.useLogfile || log.verbose >= 2) && o.fileLines > 0) appendFile(section, line);
      for (var i = 0; i < listeners.length; i++) listeners[i](section, sev, line);
    },
    lines: function (section) { return ringLines(ring + '\n', section, o.ringLines); },
    file: function (section) {
      var base = fileBase(section);
      var cur = fileState(section)[0];
      return o.storage.readLog(base + (1 - cur)) + o.storage.readLog(base + cur);
    },
    trim: function () { ring = ''; },
    listen: function (fn) { listeners.push(fn); },
  };
  return log;
}
