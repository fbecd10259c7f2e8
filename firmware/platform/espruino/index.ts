import { Ports, ModulePort } from '../../core/ports';
import { espruinoHttp } from './http';
import { espruinoUdp, espruinoUdpSend } from './udp';
import { espruinoSocket } from './socket';
import { espruinoTcp } from './tcp';
import { espruinoStorage } from './storage';
import { espruinoClock } from './clock';
import { espruinoWifi, staticNet, WifiOptions } from './net';
import { espruinoModules } from './modules';
import { espruinoMemory } from './memory';

export interface PlatformOptions { wifi: boolean; wifiOpts?: WifiOptions; }

// One object for both UDP uses: exchanges (DNS, NAT-PMP) and sends (syslog).
function udpPort() {
  var a: any = espruinoUdp();
  a.send = espruinoUdpSend().send;
  return a;
}

// The listening sockets live in the Storage module ddns.servers (servers.ts), loaded on first
// use: a board without the page and without router sections never loads their code. A missing
// module throws here, into the feature that asked (main.ts reports it and goes on).
function servers(modules: ModulePort): any { return modules.load('servers'); }

// Builds every port from Espruino's built-in modules; the only place that knows them.
export function espruinoPorts(o: PlatformOptions): Ports {
  var modules = espruinoModules();
  var crypto: any;
  try { crypto = require('crypto'); } catch (e) { crypto = undefined; }
  return {
    http: espruinoHttp(modules),
    udp: udpPort(),
    tcp: espruinoTcp(),
    socket: espruinoSocket(),
    webServer: function () { return servers(modules).webServer(); },
    storage: espruinoStorage(),
    clock: espruinoClock(),
    net: o.wifi ? espruinoWifi(o.wifiOpts || {}) : staticNet(),
    console: { print: function (line: string) { print(line); } },
    modules: modules,
    memory: espruinoMemory(o.wifi),
    sha256: crypto ? function (d: string) { return E.toString(crypto.SHA256(d)); } : undefined,
    sha1: crypto ? function (d: string) { return E.toString(crypto.SHA1(d)); } : undefined,
    random: function () { return (E.hwRand() >>> 0) / 4294967296; },
    udpListen: { listen: function (port, fn) { return servers(modules).udpListen().listen(port, fn); } },
    httpServer: { serve: function (port, fn, maxBody) { return servers(modules).httpServer().serve(port, fn, maxBody); } },
  };
}

// The open telnet console needs no password: turn it off at every boot unless asked for.
export function closeTelnet(keep: boolean) {
  if (keep) return;
  try { require('TelnetServer').setOptions({ mode: 'off' }); } catch (e) { /* not on this board */ }
}
