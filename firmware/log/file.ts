// The Storage log of a section (use_logfile, verbose 2 and 3), as the Storage module
// ddns.logfile: loaded for a line written to flash or for reading a section's file, let go after
// (log.ts). A board that keeps no log file never has these functions in RAM.

import { LogReader, StoragePort, Logger } from '../core/ports';

/** What the logger keeps for its log files between loads of this module (log.ts Lg). */
export interface LogFiles {
  o: { storage: StoragePort; fileLines: number };
  /** per section ('~' + name): [current generation, lines in it]; read from Storage on first use
   *  (made by the first, so a board that writes no log file holds none of it) */
  fs?: { [s: string]: number[] };
}

// Half of ddns_loglines (at least 1): the lines of one generation.
function half(L: LogFiles): number { return Math.max(1, Math.ceil(L.o.fileLines / 2)); }

function fileBase(section: string): string { return 'log.' + section.substr(0, 18) + '.'; }

// Lines of a Storage log, read 256 chars at a time: a file may be larger than free RAM.
function countLines(r: LogReader): number {
  var n = 0;
  var c: string | undefined;
  while ((c = r.read(256)) !== undefined) for (var i = 0; i < c.length; i++) if (c.charCodeAt(i) === 10) n++;
  return n;
}

// The last max chars of a Storage log, kept while it is read: at most max + 256 in RAM.
function tail(r: LogReader, max: number): string {
  var t = '';
  var c: string | undefined;
  while ((c = r.read(256)) !== undefined) {
    t += c;
    if (t.length > max) t = t.substring(t.length - max);
  }
  return t;
}

// Two generations of append-only StorageFiles per section ('log.<name>.0' and '.1'): each
// line is one append, never a rewrite. When the current one holds half of ddns_loglines, the
// other is erased and becomes current, so between half and all ddns_loglines lines are kept.
// After a reboot the current generation is the one that is not full (counted once).
function fileState(L: LogFiles, section: string): number[] {
  var k = '~' + section;
  var fs = L.fs || (L.fs = {});
  if (fs[k]) return fs[k];
  var base = fileBase(section);
  var n0 = countLines(L.o.storage.openLog(base + '0', 'r'));
  var n1 = countLines(L.o.storage.openLog(base + '1', 'r'));
  var h = half(L);
  return fs[k] = n1 > 0 && (n0 >= h || n0 === 0) && n1 < h ? [1, n1] : [0, n0];
}

/** One line into the section's Storage log. */
export function append(L: LogFiles, section: string, line: string) {
  var base = fileBase(section);
  var f = fileState(L, section);
  if (f[1] >= half(L)) {
    f[0] = 1 - f[0];
    f[1] = 0;
    L.o.storage.openLog(base + f[0], 'r').erase();
  }
  try {
    L.o.storage.openLog(base + f[0], 'a').write(line + '\n');
    f[1]++;
  } catch (e) { /* the flash refused it: the line is in the RAM log only */ }
}

/** The newest max chars (whole lines) of a section's Storage log ('' when there is none). The
 *  logger is one log.ts made (its fields are LogFiles): the page and tests read with these two. */
export function file(log: Logger, section: string, max: number): string {
  var L = log as any as LogFiles;
  var base = fileBase(section);
  var cur = fileState(L, section)[0];
  // one char more than max: it tells whether the kept text starts a line
  var t = tail(L.o.storage.openLog(base + cur, 'r'), max + 1);
  if (t.length <= max) t = tail(L.o.storage.openLog(base + (1 - cur), 'r'), max + 1 - t.length) + t;
  return t.length <= max ? t : t.substring(t.indexOf('\n') + 1);
}

/** The whole Storage log of a section, older generation first, piece by piece. */
export function reader(log: Logger, section: string): LogReader {
  var L = log as any as LogFiles;
  var base = fileBase(section);
  var cur = fileState(L, section)[0];
  var st = L.o.storage;
  var r: LogReader = st.openLog(base + (1 - cur), 'r');
  var second = true;
  return { read: function (n: number) {
    var c = r.read(n);
    if (c === undefined && second) {
      second = false;
      r = st.openLog(base + cur, 'r');
      c = r.read(n);
    }
    return c;
  } };
}
