// Starts the optional reporting services from the raw ddns.json: MQTT status (top-level "mqtt")
// and remote syslog (top-level "syslog"). Wrong options switch a service off with a logged
// reason; the updater keeps running either way.
//
// main.ts calls, after the sections are created and started:
//   startServices(app, raw, { version: VERSION, dateformat: g.dateformat });
// and App needs onChange(fn), fed by SectionDeps.changed (see the report of this issue).

import { SocketPort, ClockPort, UdpSendPort, NetPort, Dict } from '../core/ports';
import { SectionRunner } from '../section/engine';
import { readMqttConfig, MqttConfig, OptIssue } from './config';
import { createMqttClient, MqttClient } from './client';
import { startMqttStatus, MqttStatus } from './status';
import { readSyslogConfig, startSyslog } from '../syslog/syslog';
import type { Logger, Severity } from '../log/log';

/** What the services need of App (App from main.ts fits it). */
export interface ServiceHost {
  /** net: MQTT connects when the board has an address and reconnects at once on a new one */
  ports: { socket: SocketPort; clock: ClockPort; udp: UdpSendPort; net?: NetPort; random?: () => number };
  log: Logger;
  sections: SectionRunner[];
  configs: Array<{ name: string; opts: Dict<string> }>;
  /** registers a listener called with a section's name whenever its status changes */
  onChange?: (fn: (name: string) => void) => void;
}

export interface ServiceOptions {
  /** firmware version for Home Assistant's sw_version */
  version?: string;
  /** ddns_dateformat, so syslog can drop the time the Logger puts in front of a line */
  dateformat?: string;
  /** first reconnect delay in ms (default 5000; tests use less) */
  backoffMs?: number;
}

export interface Services {
  mqtt: MqttClient | null;
  status: MqttStatus | null;
  syslog: boolean;
  stop(): void;
}

// Config problems go to the service's own log (console, ring, syslog), one line each.
function report(log: Logger, name: string, errs: OptIssue[]) {
  for (var i = 0; i < errs.length; i++) {
    log.write(name, errs[i].level === 'error' ? 'err' : 'warn', errs[i].msg);
  }
}

// The section's options of type secret (schema 'p'), for masking.
function sectionSecrets(h: ServiceHost, name: string): string[] {
  for (var i = 0; i < h.configs.length; i++) {
    var c = h.configs[i];
    if (c.name === name) return [c.opts.password || '', c.opts.param_enc || ''];
  }
  return [];
}

// 'ddns-<hostname>' when the user named the board, else a random suffix so two boards with the
// default name do not throw each other off the broker.
function clientIdFor(c: MqttConfig, random: () => number): string {
  if (c.clientId) return c.clientId;
  if (c.hostnameSet) return ('ddns-' + c.hostname).substr(0, 23);
  var r = Math.floor(random() * 16777216) + 16777216;
  return 'ddns-' + r.toString(16).substr(1);
}

// Why: the MQTT client, the status reporter and the change hook belong together; this keeps
// their wiring out of main.ts.
function startMqtt(h: ServiceHost, c: MqttConfig, o: ServiceOptions): { client: MqttClient; status: MqttStatus; stop: () => void } {
  var log = h.log;
  var own = [c.password, c.commandToken];
  log.configure('mqtt', { secrets: own, useLogfile: false });
  var client = createMqttClient({ socket: h.ports.socket, clock: h.ports.clock,
    log: function (sev, msg) { log.write('mqtt', sev as Severity, msg); },
    host: c.host, port: c.port, tls: c.tls, clientId: clientIdFor(c, h.ports.random || Math.random),
    username: c.username, password: c.password, keepalive: c.keepalive,
    will: { topic: c.base + '/availability', payload: 'offline', qos: 0, retain: true },
    backoffMs: o.backoffMs });
  var status = startMqttStatus({ sections: h.sections, clock: h.ports.clock,
    secretsOf: function (name) { return sectionSecrets(h, name).concat(own); },
    log: function (section, sev, msg) { log.write(section || 'mqtt', sev as Severity, msg); } },
  { client: client, base: c.base, nodeId: c.hostname, discovery: c.discovery,
    discoveryPrefix: c.discoveryPrefix, commandToken: c.commandToken, version: o.version || '0' });
  if (h.onChange) h.onChange(function (name) { status.changed(name); });
  else log.write('mqtt', 'warn', 'no status change hook: status is published on connect only');
  // Without an address a connect only fails (and prints an error): the first attempt waits for
  // the network when the board can tell.
  var net = h.ports.net;
  var started = false;
  var go = function () { if (!started) { started = true; client.start(); } };
  if (net) {
    net.onUp(function (info) { go(); client.netUp(info && info.ip ? info.ip : ''); });
    net.onDown(function () { client.netDown(); });
    var now = net.info();
    if (now) { go(); client.netUp(now.ip || ''); }
  } else {
    go();
  }
  return { client: client, status: status, stop: function () { started = true; status.stop(); client.stop(); } };
}

// A section's use_syslog (ddns-scripts' default 2); lines of the services themselves: 2.
function levelOf(h: ServiceHost, name: string): number {
  for (var i = 0; i < h.configs.length; i++) {
    if (h.configs[i].name === name) {
      var v = parseInt(h.configs[i].opts.use_syslog || '2', 10);
      return v >= 0 && v <= 4 ? v : 2;
    }
  }
  return 2;
}

/** Starts MQTT and syslog when their objects are in the config; returns handles to stop them. */
// Why: one call for the composition root, and one place where the tests start the same wiring.
export function startServices(app: ServiceHost, raw: any, opts?: ServiceOptions): Services {
  var o = opts || {};
  var out: Services = { mqtt: null, status: null, syslog: false, stop: function () { /* set below */ } };
  var r = raw && typeof raw === 'object' ? raw : {};
  var syslogStop: (() => void) | null = null;
  var mqttStop: (() => void) | null = null;
  var mq = readMqttConfig(r.mqtt);
  var hostname = mq.config && mq.config.hostnameSet ? mq.config.hostname : '';
  var sl = readSyslogConfig(r.syslog, hostname);
  if (sl.config) {
    var df = o.dateformat || (r.global && typeof r.global.ddns_dateformat === 'string' ? r.global.ddns_dateformat : '%F %R');
    syslogStop = startSyslog({ udp: app.ports.udp, clock: app.ports.clock, log: app.log, config: sl.config,
      dateformat: df, levelOf: function (name) { return levelOf(app, name); }, net: app.ports.net }).stop;
    out.syslog = true;
  }
  // After syslog is listening, so the warnings (a password sent in clear) reach it too.
  report(app.log, 'syslog', sl.errors);
  report(app.log, 'mqtt', mq.errors);
  if (mq.config) {
    var m = startMqtt(app, mq.config, o);
    out.mqtt = m.client;
    out.status = m.status;
    mqttStop = m.stop;
  }
  out.stop = function () {
    if (mqttStop) mqttStop();
    if (syslogStop) syslogStop();
  };
  return out;
}
