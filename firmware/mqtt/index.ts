// MQTT status (the top-level "mqtt" block of ddns.json): a Storage module (ddns.mqtt), loaded
// at boot when the block is there and kept while the client runs. Wrong options switch it off
// with a logged reason; the updater keeps running either way.

import type { Host } from '../host';
import { Severity } from '../core/ports';
import { readMqttConfig, MqttConfig, OptIssue } from './config';
import { createMqttClient, MqttClient } from './client';
import { startMqttStatus, MqttStatus } from './status';

export interface MqttStartOptions {
  /** first reconnect delay in ms (default 5000; tests use less) */
  backoffMs?: number;
}

// Config problems go to the service's own log (console, ring, syslog), one line each.
function report(h: Host, name: string, errs: OptIssue[]) {
  for (var i = 0; i < errs.length; i++) {
    h.log.write(name, errs[i].level === 'error' ? 'err' : 'warn', errs[i].msg);
  }
}

// The section's secrets (compiled from the schema's secret options and URL passwords).
function sectionSecrets(h: Host, name: string): string[] {
  for (var i = 0; i < h.configs.length; i++) if (h.configs[i].name === name) return h.configs[i].secrets;
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
function startMqtt(h: Host, c: MqttConfig, o: MqttStartOptions): { client: MqttClient; status: MqttStatus; stop: () => void } {
  var log = h.log;
  var own = [c.password, c.commandToken];
  log.configure('mqtt', { secrets: own, useLogfile: false });
  var client = createMqttClient({ socket: h.ports.socket, clock: h.ports.clock,
    log: function (sev, msg) { log.write('mqtt', sev as Severity, msg); },
    host: c.host, port: c.port, tls: c.tls, clientId: clientIdFor(c, h.ports.random || Math.random),
    username: c.username, password: c.password, keepalive: c.keepalive,
    will: { topic: c.base + '/availability', payload: 'offline', qos: 0, retain: true },
    backoffMs: o.backoffMs });
  var status = startMqttStatus({ sections: h.sections, gone: h.gone, clock: h.ports.clock,
    secretsOf: function (name) { return sectionSecrets(h, name).concat(own); },
    log: function (section, sev, msg) { log.write(section || 'mqtt', sev as Severity, msg); } },
  { client: client, base: c.base, nodeId: c.hostname, discovery: c.discovery,
    discoveryPrefix: c.discoveryPrefix, commandToken: c.commandToken, version: h.version });
  h.onChange(function (name) { status.changed(name); });
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

/** Starts MQTT from the config in force; null when the block is absent or wrong (logged). */
export function start(h: Host, o?: MqttStartOptions): { client: MqttClient; status: MqttStatus; stop: () => void } | null {
  var mq = readMqttConfig(h.run.mqtt);
  report(h, 'mqtt', mq.errors);
  return mq.config ? startMqtt(h, mq.config, o || {}) : null;
}
