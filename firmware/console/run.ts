// The commands of /etc/init.d/ddns and dynamic_dns_updater.sh: status, start, stop, restart,
// check, force, run (one verbose run like `dynamic_dns_updater.sh -S section -v N`), verbose,
// showlog, providers. They act on the running sections and print only masked text.

import type { Host as App } from '../host';
import type { SectionRunner as LiveSection } from '../section/types';
import { formatTime } from '../core/timefmt';
import { indexOfStr } from '../core/text';
import type * as ConfigTools from '../config/index';
import { RunSection } from '../section/types';
import { sectionInForce } from '../config/store';

/** What outlives one command: the run() in progress (the section being run, the level to go
 *  back to, the poll timer and the deadline), or null. */
export interface RunState {
  running: { name: string; prev: number; timer: any; until: number } | null;
}

/** The section commands, built for one command (console.ts) with everything they use. */
// Why: kept apart from the config commands; both only print through `say`, which masks. Nothing
// here exists while the board idles: Espruino creates a scope's functions when the scope runs.
export function runCommands(app: App, st: RunState, say: (s: string) => void,
  C: typeof ConfigTools | null): { [name: string]: Function } {
  var clock = app.ports.clock;
  // States in which a section is still busy with a check; any other one ends a run().
  var BUSY = ' checking updating starting ';

  // The running section of that name, or null.
  function find(name: string): LiveSection | null {
    for (var i = 0; i < app.sections.length; i++) if (app.sections[i].name === name) return app.sections[i];
    return null;
  }

  // Milliseconds as '12s', or '-' for none.
  function secs(ms: number): string { return ms < 0 ? '-' : Math.round(ms / 1000) + 's'; }

  // One status line: what status() prints and run() ends with; the same words everywhere, so a
  // user (or a script on the serial line) reads one format.
  function statusLine(s: LiveSection): string {
    var t = s.status();
    var last = t.lastUpdate ? formatTime('%F %T', t.lastUpdate, 0) : 'never';
    return t.name + ': ' + t.state + ' ip=' + (t.currentIp || '-') + ' dns=' + (t.registeredIp || '-') +
      ' last=' + last + ' next=' + secs(t.nextCheckInMs) + ' answer=' + (t.lastAnswer || '-') +
      (t.error ? ' error="' + t.error + '"' : '') + (t.notes.length ? ' [' + t.notes.join('; ') + ']' : '');
  }

  // A verbose level 0..3 from what was typed, or -1.
  function level(v: any): number {
    var n = typeof v === 'number' ? v : parseInt(String(v), 10);
    return n === 0 || n === 1 || n === 2 || n === 3 ? n : -1;
  }

  // Provider names joined into lines of about 76 characters.
  function columns(names: string[]) {
    var line = '';
    for (var i = 0; i < names.length; i++) {
      if (line && line.length + names[i].length > 76) { say(line); line = ''; }
      line += (line ? '  ' : '') + names[i];
    }
    if (line) say(line);
  }

  // The validated config of a running section (for its check interval and run-once flag), from
  // flash: null when it is not there.
  function configOf(name: string): RunSection | null {
    for (var i = 0; i < app.configs.length; i++) {
      if (app.configs[i].name === name) return sectionInForce(app.ports.storage, name, app.configs[i].hash);
    }
    return null;
  }

  // Applies fn to the named section, or to all of them without a name (as /etc/init.d/ddns).
  function each(name: string | undefined, fn: (s: LiveSection) => void) {
    if (name === undefined) { app.sections.slice().forEach(fn); return; }
    var s = find(name);
    if (s) fn(s); else say('no section ' + name);
  }

  // After a run at verbose 2 or 3 the section ends its pass ('done' or 'failed'), as
  // dynamic_dns_updater.sh exits; the console puts it back on its schedule: a normal check
  // after check_interval (not at once: a dry run must not be followed by the real update).
  function resumeLater(s: LiveSection) {
    var c = configOf(s.name);
    var end = s.status().state;
    if (!c || c.forceMs === 0 || (end !== 'done' && end !== 'failed')) return;
    say(s.name + ': back on its schedule in ' + secs(c.checkMs) + " (start('" + s.name + "') resumes it now)");
    clock.setTimeout(function () {
      if (find(s.name) === s && s.status().state === end) s.start();
    }, c.checkMs);
  }

  // Ends a run(): the previous verbose level comes back, then the section's status line.
  function endRun() {
    if (!st.running) return;
    var r = st.running;
    st.running = null;
    if (r.timer !== undefined) clock.clearTimeout(r.timer);
    app.log.verbose = r.prev;
    var s = find(r.name);
    say('run ' + r.name + ' finished: ' + (s ? statusLine(s) : 'section gone') + '; verbose back to ' + r.prev);
    if (s) resumeLater(s);
  }

  // Polls the section until it leaves the busy states (or two minutes passed).
  function watchRun() {
    if (!st.running) return;
    st.running.timer = undefined;
    var s = find(st.running.name);
    if (!s || indexOfStr(BUSY, ' ' + s.status().state + ' ') < 0 || clock.uptimeMs() > st.running.until) { endRun(); return; }
    st.running.timer = clock.setTimeout(watchRun, 200);
  }

  return {
    status: function (name?: string) { each(name, function (s) { say(statusLine(s)); }); },
    check: function (name?: string) { each(name, function (s) { s.check('command', false); }); },
    force: function (name?: string) { each(name, function (s) { s.check('command', true); }); },
    start: function (name?: string) { each(name, function (s) { s.start(); }); },
    stop: function (name?: string) { each(name, function (s) { s.stop(); }); },
    restart: function (name?: string) { each(name, function (s) { s.stop(); s.start(); }); },
    run: function (name: string, lvl?: number) {
      var n = lvl === undefined ? 1 : level(lvl);
      if (n < 0) { say('run(section, level): level is 0..3 (1 console, 2 no retry, 3 dry run)'); return; }
      if (st.running) { say('run: ' + st.running.name + ' is still running'); return; }
      var s = find(name);
      if (!s) { say('no section ' + name); return; }
      st.running = { name: name, prev: app.log.verbose, timer: undefined, until: clock.uptimeMs() + 120000 };
      app.log.verbose = n;
      say('run ' + name + ' at verbose ' + n + (n === 3 ? ' (dry run: nothing is sent)' : n === 2 ? ' (no retry)' : ''));
      s.check('command', true);
      // (the pass starts on the next tick: watched from then on)
      st.running.timer = clock.setTimeout(watchRun, 200);
    },
    verbose: function (lvl: number) {
      var n = level(lvl);
      if (n < 0) { say('verbose(0..3): 0 errors only, 1 console, 2 no retry, 3 dry run'); return; }
      if (st.running) st.running.prev = n;
      app.log.verbose = n;
      say('verbose ' + n);
    },
    showlog: function (name?: string) { each(name, function (s) { app.log.lines(s.name).forEach(say); }); },
    providers: function (filter?: string) {
      var f = filter === undefined ? '' : String(filter).toLowerCase();
      if (!C) { say('providers: the config tools (ddns.config) cannot be loaded'); return; }
      var all = C.serviceNames();
      var out: string[] = [];
      for (var i = 0; i < all.length; i++) if (!f || indexOfStr(all[i].toLowerCase(), f) >= 0) out.push(all[i]);
      columns(out);
      say(out.length + ' provider(s)' + (f ? " matching '" + f + "'" : '') + '; service_name takes one of them');
    },
  };
}
