// ip_source router: the router watcher as a Storage module (ddns.router), loaded when a section
// first asks the router for the address, so a board without router sections never loads it
// nor binds its ports. It asks the router named by the first router section's router_ip (else
// the gateway), runs its safety query at the shortest check_interval of the router sections,
// and starts a check of those sections the moment the router reports a change.
import type { Host } from '../host';
import { Severity } from '../core/ports';
import { RouterSource } from '../section/router-source';
import { createRouterWatcher } from './watcher';
import { configInForce } from '../config/in-force';

// Why: config can change at run time (console commit); read it at each use.
function routerConfig(h: Host): { ip: string; checkMs: number } {
  var ip = '';
  var ms = 0;
  for (var i = 0; i < h.configs.length; i++) {
    if (h.configs[i].src !== 'router' || !h.configs[i].on) continue;
    var s = configInForce(h.ports.storage, h.configs[i]);
    if (!ip && s.routerIp) ip = s.routerIp;
    if (s.checkMs && (!ms || s.checkMs < ms)) ms = s.checkMs;
  }
  return { ip: ip, checkMs: ms || 600000 };
}

/** The watcher for this board, started now. */
export function create(h: Host): RouterSource {
  var p = h.ports;
  // the listening sockets (NAT-PMP announcements, UPnP events): without them the watcher still
  // asks the router at every check
  var sv = null;
  try { sv = p.servers ? p.servers('router') : null; } catch (e) { h.log.write('router', 'err', 'no announcements from the router: ' + e); }
  var w = createRouterWatcher({ udp: p.udp, http: p.http, clock: p.clock, net: p.net,
    udpListen: sv ? sv.udpListen() : undefined, httpServer: sv ? sv.httpServer() : undefined,
    routerIp: function () { return routerConfig(h).ip; },
    checkMs: function () { return routerConfig(h).checkMs; },
    log: function (sev, msg) { h.log.write('router', sev as Severity, msg); } });
  w.onChange(function (ip) {
    for (var i = 0; i < h.configs.length; i++) {
      if (h.configs[i].src === 'router' && h.sections[i]) h.sections[i].check('router ' + (ip || 'none'), false);
    }
  });
  return w;
}
