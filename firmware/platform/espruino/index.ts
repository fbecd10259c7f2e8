import { Ports, ModulePort, ServersPort, NetPort } from '../../core/ports';
import { espruinoHttp } from './http';
import { espruinoUdp } from './udp';
import { later } from './once';
import { espruinoTcp } from './tcp';
import { espruinoStorage } from './storage';
import { espruinoClock } from './clock';
import { espruinoModules } from './modules';
import { espruinoMemory } from './memory';

/** net: the board's network port (Wifi on the ESP32, net.ts), chosen by its build's entry (boards/),
 *  so a build holds only its own. */
export interface PlatformOptions { net: NetPort; }

// Espruino's crypto module, when the board has it (taken once by espruinoPorts).
var crypto: any;

// The listening sockets live in the Storage modules ddns.servers (the page's, servers.ts) and
// ddns.listeners (the router watcher's, listeners.ts), loaded on first use: a board without the
// page and without router sections never loads their code. A missing module throws here, into
// the feature that asked (main.ts reports it and goes on).
var servers = function (kind: string): any {
  return espruinoModules().load(kind === 'web' ? 'servers' : 'listeners');
} as ServersPort;

// MQTT's connection is the Storage module ddns.socket (socket.ts), loaded by the first connect
// and kept while MQTT runs: a board without MQTT never loads it. Missing, a connect fails.
function connect(o: any, cb: (err: string | null, conn?: any) => void) {
  var m: any;
  try { m = espruinoModules().load('socket'); } catch (e) { later(function () { cb('nomodule'); }); return; }
  m.connect(o, cb);
}

// The ports that are plain functions, made at the root of .bootcde (see storage.ts for why).
var FNS = {
  socket: { connect: connect },
  // Espruino's own print (one argument: the line as it is)
  console: { print: print },
  sha256: function (d: string) { return E.toString(crypto.SHA256(d)); },
  random: function () { return (E.hwRand() >>> 0) / 4294967296; },
};

// Builds every port from Espruino's built-in modules; the only place that knows them.
export function espruinoPorts(o: PlatformOptions): Ports {
  var modules = espruinoModules();
  try { crypto = require('crypto'); } catch (e) { crypto = undefined; }
  return {
    http: espruinoHttp(),
    udp: espruinoUdp(),
    tcp: espruinoTcp(),
    socket: FNS.socket,
    servers: servers,
    storage: espruinoStorage(),
    clock: espruinoClock(),
    net: o.net,
    console: FNS.console,
    modules: modules,
    memory: espruinoMemory(),
    sha256: crypto ? FNS.sha256 : undefined,
    random: FNS.random,
  };
}

// The open telnet console needs no password: turn it off at every boot unless asked for.
export function closeTelnet(keep: boolean) {
  if (keep) return;
  try { require('TelnetServer').setOptions({ mode: 'off' }); } catch (e) { /* not on this board */ }
}
