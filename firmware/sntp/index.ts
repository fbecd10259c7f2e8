// SNTP: sets the wall clock from ntp_server (our extension). A Storage module (ddns.sntp), loaded
// at boot when ntp_server is set.
import { Ports } from '../core/ports';
import { syncClock } from './sntp';
import { Logger } from '../core/ports';
import type { Host } from '../host';

// Keeps asking ntp_server (host[:port]) until the wall clock is set: at start, on every network
// up, and every 10 minutes while it is still 1970 on the board. Off when ntp_server is empty.
// onSet lets sections that failed for want of the time (TSIG, AWS signatures) try again at once.
export function keepClock(ports: Ports, log: Logger, server: string, onSet: () => void) {
  if (!server) return;
  var c = server.lastIndexOf(':');
  var host = c > 0 ? server.substr(0, c) : server;
  var port = c > 0 ? parseInt(server.substr(c + 1), 10) || 123 : 123;
  var timer: any;
  var busy = false;
  function ask() {
    if (busy || ports.clock.wallMs()) return;
    busy = true;
    syncClock({ udp: ports.udp, clock: ports.clock, server: host, port: port }, function (err) {
      busy = false;
      if (!err) { log.write('ntp', 'info', 'clock set from ' + server); onSet(); return; }
      log.write('ntp', 'warn', 'no time from ' + server + ': ' + err);
      if (timer === undefined) timer = ports.clock.setTimeout(function () { timer = undefined; ask(); }, 600000);
    });
  }
  ports.net.onUp(ask);
  var now = ports.net.info();
  if (now && now.ip) ask();
}

/** The module's entry (ddns.sntp, loaded at boot when ntp_server is set): once the clock is set,
 *  a section waiting to retry for want of it tries at once. */
export function start(h: Host) {
  keepClock(h.ports, h.log, h.run.g.ntp, function () {
    h.sections.forEach(function (s) { if (s.status().state === 'retry') s.check('clock', false); });
  });
}
