import { NetPort, NetInfo } from '../../core/ports';

export interface WifiOptions { ssid?: string; password?: string; }

// The board's own address from Wifi. Wifi gives up after a few failed reconnects, so when
// credentials are known we keep reconnecting with back-off (5 s doubling to 5 min).
export function espruinoWifi(given?: WifiOptions): NetPort {
  var opts = given || {};
  var Wifi = require('Wifi');
  var backoff = 5000;
  var retry: any;
  function reconnect() {
    if (!opts.ssid || retry !== undefined) return;
    retry = setTimeout(function () {
      retry = undefined;
      try { Wifi.connect(opts.ssid, { password: opts.password }, function () { /* events report */ }); } catch (e) { /* next try */ }
      backoff = Math.min(backoff * 2, 300000);
    }, backoff);
  }
  Wifi.on('disconnected', reconnect);
  Wifi.on('connected', function () { backoff = 5000; });
  if (opts.ssid) {
    try { Wifi.connect(opts.ssid, { password: opts.password }, function () { /* events report */ }); } catch (e) { reconnect(); }
  }
  return {
    info: function () {
      var i = Wifi.getIP();
      if (!i || !i.ip || i.ip === '0.0.0.0') return null;
      return { ip: i.ip, gw: i.gw, netmask: i.netmask };
    },
    onUp: function (cb) {
      Wifi.on('connected', function (d: any) {
        var i = Wifi.getIP() || {};
        cb({ ip: (d && d.ip) || i.ip, gw: (d && d.gw) || i.gw, netmask: (d && d.netmask) || i.netmask });
      });
    },
    onDown: function (cb) { Wifi.on('disconnected', function () { cb(); }); },
  };
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
