import { Ports } from '../../core/ports';
import { espruinoHttp } from './http';
import { espruinoUdp, espruinoUdpSend } from './udp';
import { espruinoSocket } from './socket';
import { espruinoWebServer } from './webserver';
import { espruinoTcp } from './tcp';
import { espruinoStorage } from './storage';
import { espruinoClock } from './clock';
import { espruinoWifi, staticNet, WifiOptions } from './net';
import { espruinoUdpListen } from './udplisten';
import { espruinoHttpServer } from './httpserver';
import { espruinoModules } from './modules';
import { espruinoMemory } from './memory';

export interface PlatformOptions { wifi: boolean; wifiOpts?: WifiOptions; }

// One object for both UDP uses: exchanges (DNS, NAT-PMP) and sends (syslog).
function udpPort() {
  var a: any = espruinoUdp();
  a.send = espruinoUdpSend().send;
  return a;
}

// Builds every port from Espruino's built-in modules; the only place that knows them.
export function espruinoPorts(o: PlatformOptions): Ports {
  var crypto: any;
  try { crypto = require('crypto'); } catch (e) { crypto = undefined; }
  return {
    http: espruinoHttp(),
    udp: udpPort(),
    tcp: espruinoTcp(),
    socket: espruinoSocket(),
    webServer: espruinoWebServer,
    storage: espruinoStorage(),
    clock: espruinoClock(),
    net: o.wifi ? espruinoWifi(o.wifiOpts || {}) : staticNet(),
    console: { print: function (line: string) { print(line); } },
    modules: espruinoModules(),
    memory: espruinoMemory(o.wifi),
    sha256: crypto ? function (d: string) { return E.toString(crypto.SHA256(d)); } : undefined,
    sha1: crypto ? function (d: string) { return E.toString(crypto.SHA1(d)); } : undefined,
    random: function () { return (E.hwRand() >>> 0) / 4294967296; },
    udpListen: espruinoUdpListen(),
    httpServer: espruinoHttpServer(),
  };
}

// The open telnet console needs no password: turn it off at every boot unless asked for.
export function closeTelnet(keep: boolean) {
  if (keep) return;
  try { require('TelnetServer').setOptions({ mode: 'off' }); } catch (e) { /* not on this board */ }
}
