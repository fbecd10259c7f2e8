import { NetPort, NetInfo } from '../../core/ports';

export interface WifiOptions { ssid?: string; password?: string; }

// The board's own address from Wifi. Wifi gives up after a few failed reconnects, so when
// credentials are known we keep reconnecting with back-off (5 s doubling to 5 min). Its state
// and functions are at the root, like every port's (see storage.ts for why): the build may write
// espruinoWifi in where the boot calls it, and closures made there would keep the boot's scope
// alive.
var Wifi: any;
var creds: WifiOptions = {};
var backoff = 5000;
var retry: any;

function join() { Wifi.connect(creds.ssid, { password: creds.password }, function () { /* events report */ }); }

function reconnect() {
  if (!creds.ssid || retry !== undefined) return;
  retry = setTimeout(retryNow, backoff);
}
function retryNow() {
  retry = undefined;
  try { join(); } catch (e) { /* next try */ }
  backoff = Math.min(backoff * 2, 300000);
}
function connected() { backoff = 5000; }

// A listener's view of a 'connected' event (its details, or what Wifi reports now).
function wifiUp(cb: (i: NetInfo) => void, d: any) {
  var i = Wifi.getIP() || {};
  cb({ ip: (d && d.ip) || i.ip, gw: (d && d.gw) || i.gw, netmask: (d && d.netmask) || i.netmask });
}

var WIFI_NET: NetPort = {
  info: function () {
    var i = Wifi.getIP();
    if (!i || !i.ip || i.ip === '0.0.0.0') return null;
    return { ip: i.ip, gw: i.gw, netmask: i.netmask };
  },
  onUp: function (cb) { Wifi.on('connected', wifiUp.bind(null, cb)); },
  // (the listener is called without arguments: it is given none)
  onDown: function (cb) { Wifi.on('disconnected', function () { cb(); }); },
};

export function espruinoWifi(given?: WifiOptions): NetPort {
  creds = given || {};
  Wifi = require('Wifi');
  Wifi.on('disconnected', reconnect);
  Wifi.on('connected', connected);
  if (creds.ssid) {
    try { join(); } catch (e) { reconnect(); }
  }
  return WIFI_NET;
}

// A board without Wifi (Espruino's Linux build): the network is simply there, address unknown.
// One object at the root (see storage.ts for why): made inside the boot, its functions would keep
// the boot's scope alive.
var STATIC_NET: NetPort = {
  info: function () { return { ip: '', gw: '', netmask: '' }; },
  onUp: function (cb) { setTimeout(cb, 0, { ip: '', gw: '', netmask: '' }); },
  onDown: function () { /* never goes down */ },
};

export function staticNet(): NetPort { return STATIC_NET; }
