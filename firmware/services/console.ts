import type { App } from '../main';
import { formatTime } from '../core/timefmt';
import { SectionRunner } from '../core/section';

function find(app: App, name: string): SectionRunner | null {
  for (var i = 0; i < app.sections.length; i++) if (app.sections[i].name === name) return app.sections[i];
  return null;
}

function secs(ms: number): string { return ms < 0 ? '-' : Math.round(ms / 1000) + 's'; }

// The commands in the spirit of /etc/init.d/ddns and dynamic_dns_updater.sh; every one prints
// only masked text (the log ring is masked when written).
export function installCommands(app: App): { [name: string]: Function } {
  var print = function (s: string) { app.ports.console.print(s); };
  function each(name: string | undefined, fn: (s: SectionRunner) => void) {
    if (name === undefined) { app.sections.forEach(fn); return; }
    var s = find(app, name);
    if (s) fn(s); else print('no section ' + name);
  }
  return {
    status: function (name?: string) {
      each(name, function (s) {
        var t = s.status();
        var last = t.lastUpdate ? formatTime('%F %T', t.lastUpdate, 0) : 'never';
        print(t.name + ': ' + t.state + ' ip=' + (t.currentIp || '-') + ' dns=' + (t.registeredIp || '-') +
          ' last=' + last + ' next=' + secs(t.nextCheckInMs) + ' answer=' + (t.lastAnswer || '-') +
          (t.error ? ' error="' + t.error + '"' : '') + (t.notes.length ? ' [' + t.notes.join('; ') + ']' : ''));
      });
    },
    check: function (name?: string) { each(name, function (s) { s.check('command', false); }); },
    force: function (name?: string) { each(name, function (s) { s.check('command', true); }); },
    start: function (name?: string) { each(name, function (s) { s.start(); }); },
    stop: function (name?: string) { each(name, function (s) { s.stop(); }); },
    verbose: function (level: number) { app.log.verbose = level; print('verbose ' + level); },
    showlog: function (name: string) { each(name, function (s) { app.log.lines(s.name).forEach(print); }); },
    help: function () {
      print('status([section])  check([section])  force([section])  start([section])  stop([section])');
      print('verbose(0-3)  showlog(section)  help()');
    },
  };
}
