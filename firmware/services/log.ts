import { ClockPort, StoragePort } from '../core/ports';
import { formatTime } from '../core/timefmt';
import { maskSecrets } from '../core/mask';

export type Severity = 'info' | 'notice' | 'warn' | 'err';

export interface LogOptions {
  print: (line: string) => void;
  clock: ClockPort;
  storage: StoragePort;
  dateformat: string;
  /** lines kept in RAM per section (small: every line costs blocks) */
  ringLines: number;
  /** lines kept in a Storage log file per section when use_logfile is on */
  fileLines: number;
}

export interface SectionLogSettings {
  secrets: string[];
  useLogfile: boolean;
}

export interface Logger {
  /** verbose 0: only terminal errors reach the console; 1+: everything */
  verbose: number;
  configure(section: string, s: SectionLogSettings): void;
  write(section: string, sev: Severity, msg: string): void;
  lines(section: string): string[];
  /** extra listeners (syslog, MQTT) get every masked line */
  listen(fn: (section: string, sev: Severity, line: string) => void): void;
}

// Every line is masked before it is kept or shown, so no secret reaches the console, the ring,
// the log file or any listener, at any verbose level.
export function createLogger(o: LogOptions): Logger {
  var rings: { [s: string]: string[] } = {};
  var settings: { [s: string]: SectionLogSettings } = {};
  var listeners: Array<(section: string, sev: Severity, line: string) => void> = [];
  var fileCount: { [s: string]: number } = {};
  var log: Logger = {
    verbose: 1,
    configure: function (section, s) { settings[section] = s; },
    write: function (section, sev, msg) {
      var st = settings[section];
      var text = st ? maskSecrets(msg, st.secrets) : msg;
      var line = formatTime(o.dateformat, o.clock.wallMs(), o.clock.uptimeMs()) + ' ' +
        (sev === 'info' ? '' : sev.toUpperCase() + ' ') + text;
      var ring = rings[section] || (rings[section] = []);
      ring.push(line);
      if (ring.length > o.ringLines) ring.shift();
      if (log.verbose >= 1 || sev === 'err') o.print('[' + section + '] ' + line);
      if (st && st.useLogfile) appendFile(section, line);
      for (var i = 0; i < listeners.length; i++) listeners[i](section, sev, line);
    },
    lines: function (section) { return (rings[section] || []).slice(); },
    listen: function (fn) { listeners.push(fn); },
  };
  // Two generations of append-only StorageFiles per section: flash is appended, never rewritten
  // per line; when the current one holds half the lines, the older one is dropped.
  function appendFile(section: string, line: string) {
    var base = 'log.' + section.substr(0, 18) + '.';
    var n = fileCount[section] || 0;
    var gen = Math.floor(n / Math.max(1, Math.ceil(o.fileLines / 2))) % 2;
    var next = Math.floor((n + 1) / Math.max(1, Math.ceil(o.fileLines / 2))) % 2;
    o.storage.appendLog(base + gen, line);
    if (next !== gen) o.storage.eraseLog(base + next);
    fileCount[section] = n + 1;
  }
  return log;
}
