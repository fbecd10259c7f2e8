// Wires ip_source router into the app: the watcher is built on the first query (ipsource-router),
// asks the router named by the first section's router_ip (else the gateway), runs its safety
// query at the shortest check_interval of the router sections, and starts a check of those
// sections the moment the router reports a change.
import type { App } from '../main';
import type { Severity } from '../log/log';
import { createRouterWatcher, RouterWatcher } from './watcher';
import { useRouter } from '../section/router-source';

// Why: config can change at run time (console commit); read it at each use.
function routerConfig(app: App): { ip: string; checkMs: number } {
  var ip = '';
  var ms = 0;
  for (var i = 0; i < app.configs.length; i++) {
    var s = app.configs[i];
    if (s.ipSource !== 'router' || !s.enabled) continue;
    if (!ip && s.opts.router_ip) ip = s.opts.router_ip;
    if (!ms || s.checkMs < ms) ms = s.checkMs;
  }
  return { ip: ip, checkMs: ms || 600000 };
}

/** Call once from start(), after the sections exist. */
// Why: the composition root owns the ports; sections only see ipsource.
export function wireRouter(app: App): void {
  var w: RouterWatcher | null = null;
  useRouter(function () {
    if (w) return w;
    var p = app.ports;
    w = createRouterWatcher({ udp: p.udp, http: p.http, clock: p.clock, net: p.net, udpListen: p.udpListen,
      httpServer: p.httpServer,
      routerIp: function () { return routerConfig(app).ip; },
      checkMs: function () { return routerConfig(app).checkMs; },
      log: function (sev, msg) { app.log.write('router', sev as Severity, msg); } });
    w.onChange(function (ip) {
      for (var i = 0; i < app.configs.length; i++) {
        if (app.configs[i].ipSource === 'router' && app.sections[i]) app.sections[i].check('router ' + (ip || 'none'), false);
      }
    });
    return w;
  });
}
