// Entry for a bundle that runs only the router watcher on Espruino's Linux build (copied to
// boards/ of the temporary build by integrate.mjs, see espruino.test.mjs): the real interpreter's
// dgram (bind 5350, multicast search) and http (client and server) against miniupnpd. Prints
// LOG and CHANGE lines.
import { espruinoHttp, useHttpLoader } from '../firmware/platform/espruino/http';
import { run } from '../firmware/platform/espruino/httprun';
import { espruinoUdp } from '../firmware/platform/espruino/udp';
import { espruinoClock } from '../firmware/platform/espruino/clock';
import { espruinoUdpListen } from '../firmware/platform/espruino/udplisten';
import { espruinoHttpServer } from '../firmware/platform/espruino/httpserver';
import * as webconn from '../firmware/platform/espruino/webconn';
import { createRouterWatcher } from '../firmware/router/watcher';

declare var print: any;

// The Linux build has no Wifi: the lan namespace's address and gateway are given here.
// The HTTP client's wire code is bundled here, not loaded from the Storage module ddns.http, and
// so is the HTTP server's request reader (ddns.webconn).
useHttpLoader({ load: function () { return { run: run }; }, drop: function () { /* bundled */ } });
var w = createRouterWatcher({ udp: espruinoUdp(), http: espruinoHttp(), clock: espruinoClock(),
  net: { info: function () { return { ip: '192.168.77.10', gw: '192.168.77.1', netmask: '255.255.255.0' }; },
    onUp: function () { /* fixed address */ }, onDown: function () { /* never down */ } },
  udpListen: espruinoUdpListen(), httpServer: espruinoHttpServer(function () { return webconn; }), checkMs: function () { return 600000; },
  log: function (sev, msg) { print('LOG ' + sev + ' ' + msg); } });
w.onChange(function (ip) { print('CHANGE ' + (ip || 'none') + ' ' + w.status().source); });
