// require('Wifi') on the ESP32 (libs/network/esp32/jswrap_esp32_network.c): the station side
// of the simulated network. Events: 'associated' {ssid, mac, channel}, 'connected' {ip,
// netmask, gw} on every new address (GOT_IP), 'disconnected' {ssid, mac, reason, msg}.
// connect()'s callback gets null or the reason text; getIP() reports 0.0.0.0 while down.
import { storageName } from './flash.mjs';

const REASONS = { 8: 'ASSOC_LEAVE', 200: 'BEACON_TIMEOUT', 201: 'NO_AP_FOUND' };
const WIFI_CONFIG = '.wificfg';
const BSSID = '02:00:00:00:00:01';

export class WifiStation {
  constructor(session) {
    this.s = session;
    this.connected = false;
    this.wanted = false; // the station should be associated (boot auto-connect or connect())
    this.lastReason = 201;
    this.ssid = session.board.opts.ssid || 'SimNet';
    this.password = '';
    this.hostname = 'espressif';
    this.pendingCb = null;
    this.obj = null;
    this.upGen = 0;
  }

  get net() {
    return this.s.board.network;
  }

  mac() {
    return this.s.board.mac;
  }

  ipInfo() {
    const n = this.net;
    const up = this.connected;
    return {
      ip: up ? n.ip : '0.0.0.0',
      netmask: up ? n.netmask : '0.0.0.0',
      gw: up ? n.gw : '0.0.0.0',
    };
  }

  emit(event, details) {
    this.s.emitter.emit(this.obj, event, [this.s.realm.obj(details)]);
  }

  // The station gets (or renews) a lease: 'associated' when it (re)joins, the connect()
  // callback, then 'connected'.
  up(associate) {
    if (!this.net.ip || !this.net.apUp) return this.fail(201);
    const wasConnected = this.connected;
    this.connected = true;
    if (associate || !wasConnected) this.emit('associated', { ssid: this.ssid, mac: BSSID, channel: '6' });
    this.completeCb(null);
    this.emit('connected', this.ipInfo());
  }

  fail(reason) {
    this.connected = false;
    this.lastReason = reason;
    this.emit('disconnected', { ssid: this.ssid, mac: BSSID, reason: String(reason), msg: REASONS[reason] });
    this.completeCb(REASONS[reason]);
  }

  completeCb(err) {
    const cb = this.pendingCb;
    this.pendingCb = null;
    if (cb) this.s.queue(() => this.s.call(cb, undefined, [err]));
  }

  // Association takes wifiDelayMs; a later request supersedes a pending one, so connect()
  // right after boot gives one association, not two.
  scheduleUp() {
    const gen = ++this.upGen;
    this.s.sched.addTimer(() => {
      if (gen === this.upGen) this.up(true);
    }, this.s.board.wifiDelayMs, false, true);
  }

  // Board-side changes of the simulated network: a new lease ('connected' again); connections
  // bound to the old address hang.
  addressChanged(changed) {
    if (!this.connected) return;
    if (changed) this.s.stallConnections();
    this.up(false);
  }

  apLost() {
    if (!this.connected) return;
    this.s.stallConnections();
    this.fail(200);
  }

  apBack() {
    if (this.connected || !this.wanted || this.s.board.opts.wifiGivesUp) return;
    this.up(true);
  }

  createModule() {
    const { realm } = this.s;
    const s = this.s;
    const checkCb = (cb) => {
      if (cb !== undefined && cb !== null && typeof cb !== 'function') {
        throw realm.error('Error', `Expecting callback function but got ${String(cb)}`);
      }
    };
    const later = (fn) => s.sched.addTimer(() => fn(), s.board.wifiDelayMs, false, true);
    this.obj = realm.obj();
    const methods = {
      connect: (ssid, options, cb) => {
        if (typeof ssid !== 'string') throw realm.error('Error', 'No SSID provided');
        if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
          throw realm.error('Error', `Expecting Object, got ${typeof options}`);
        }
        checkCb(cb);
        if (options && options.password !== undefined && typeof options.password !== 'string') {
          throw realm.error('Error', `Expecting options.password to be a string but got ${typeof options.password}`);
        }
        this.ssid = ssid.slice(0, 32);
        this.password = options && options.password ? options.password : '';
        this.pendingCb = typeof cb === 'function' ? cb : null;
        this.wanted = true;
        this.scheduleUp();
      },
      disconnect: (cb) => {
        checkCb(cb);
        const was = this.connected;
        this.connected = false;
        this.wanted = false;
        this.lastReason = 8;
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, []));
        if (was) {
          s.stallConnections();
          this.emit('disconnected', { ssid: this.ssid, mac: BSSID, reason: '8', msg: REASONS[8] });
          if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, []));
        }
      },
      getIP: (cb) => {
        checkCb(cb);
        const info = realm.obj({ ...this.ipInfo(), mac: this.mac() });
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, [null, info]));
        return info;
      },
      getDetails: (cb) => {
        checkCb(cb);
        const d = this.connected
          ? realm.obj({ ssid: this.ssid, password: this.password, status: 'connected', authMode: 'wpa2' })
          : realm.obj({ status: REASONS[this.lastReason] });
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, [d]));
        return d;
      },
      getStatus: () => realm.obj(this.connected
        ? { station: 'connected', ssid: this.ssid, bssid: BSSID, channel: 6, rssi: -50, htMode: 'HT20', authMode: 'wpa2', mode: 'STA', powersave: 'none' }
        : { station: REASONS[this.lastReason], mode: 'NULL', powersave: 'none' }),
      getHostname: () => this.hostname,
      setHostname: (name, cb) => {
        this.hostname = String(name).slice(0, 255);
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, []));
      },
      getHostByName: (name, cb) => {
        if (typeof name !== 'string') throw realm.error('Error', 'Hostname parameter is not a string');
        if (typeof cb !== 'function') throw realm.error('Error', 'Callback is not a function');
        const ip = s.netstack.resolve(name);
        s.queue(() => s.call(cb, undefined, [ip || null]));
      },
      save: (what) => {
        s.storage.erase(WIFI_CONFIG);
        if (what === 'clear') return;
        s.storage.write(WIFI_CONFIG, realm.obj({
          ssid: this.ssid, password: this.password, mode: 1, sleepType: 0, ssidAP: '', passwordAP: '',
          authmodeAP: 0, hiddenAP: 0, channelAP: 1, hostname: this.hostname,
        }));
      },
      restore: () => {
        const cfg = s.storage.readJSON(storageName(WIFI_CONFIG), true);
        if (cfg && cfg.ssid) methods.connect(cfg.ssid, realm.obj({ password: cfg.password }));
      },
      setSNTP: (server, zone) => {
        if (typeof zone !== 'string') throw realm.error('Error', 'Zone is not a string');
        if (typeof server !== 'string') throw realm.error('Error', 'Server is not a string');
        s.sched.addTimer(() => {
          if (this.connected) s.clockJump(Date.now());
        }, s.board.sntpDelayMs, false, true);
      },
      setConfig: () => {},
      stopAP: (cb) => {
        checkCb(cb);
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, []));
      },
      startAP: (ssid, options, cb) => {
        checkCb(cb);
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, [null]));
      },
      getAPIP: (cb) => {
        const info = realm.obj({ ip: '192.168.4.1', netmask: '255.255.255.0', gw: '192.168.4.1', mac: this.mac() });
        if (typeof cb === 'function') s.queue(() => s.call(cb, undefined, [null, info]));
        return info;
      },
      getAPDetails: () => realm.obj({ authMode: 'open', hidden: false, maxConn: 4, ssid: '', password: '' }),
      scan: (cb) => {
        if (typeof cb === 'function') later(() => s.call(cb, undefined, [realm.arr([])]));
      },
    };
    for (const [k, fn] of Object.entries(methods)) {
      Object.defineProperty(this.obj, k, { value: fn, writable: true, configurable: true, enumerable: false });
    }
    return this.obj;
  }
}
