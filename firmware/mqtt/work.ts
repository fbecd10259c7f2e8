// The work module of MQTT, ddns.mqtt.work: loaded by the resident ddns.mqtt (index.ts) for one
// event and dropped after it. Each export is the handler of one event name of index.ts's ev();
// every one takes the state object (state.ts) first. Nothing here lives between events.

import { Severity, NetInfo } from '../core/ports';
import { readMqttConfig, MqttConfig } from './config';
import { MqttState, Starter, EvKind } from './state';
import { cutPacket, CONNACK } from './wire';
import { lost, handle, begin, netUp, netDown, stopClient, MAX_PACKET } from './client';
import { initStatus, subscriptions, startDrip, message, stopStatus } from './status';

export { opened, closed, tick } from './client';
export { changes, flush, drip } from './status';

// 'ddns-<hostname>' when the user named the board, else a random suffix so two boards with the
// default name do not throw each other off the broker.
function clientIdFor(c: MqttConfig, random: () => number): string {
  if (c.clientId) return c.clientId;
  if (c.hostnameSet) return ('ddns-' + c.hostname).substr(0, 23);
  var r = Math.floor(random() * 16777216) + 16777216;
  return 'ddns-' + r.toString(16).substr(1);
}

/** Reads the config (its problems to the log, one line each) and starts the client: boot.svc
 *  stays null when the block is absent or wrong. ev is the resident dispatcher every callback is bound to. */
// Why: the client, the status reporter and the host's hooks are wired in one place, away from
// main.ts; the config is checked here once, the handlers read it again from h.run.mqtt.
export function start(boot: Starter, o: { backoffMs?: number }, ev: (kind: EvKind, a?: any, b?: any, c?: any) => void) {
  var h = boot.h;
  var mq = readMqttConfig(h.run.mqtt);
  for (var i = 0; i < mq.errors.length; i++) {
    h.log.write('mqtt', (mq.errors[i].level === 'error' ? 'err' : 'warn') as Severity, mq.errors[i].msg);
  }
  var c = mq.config;
  if (!c) return;
  h.log.configure('mqtt', { secrets: [c.password, c.commandToken] });
  var b0 = o.backoffMs || 5000;
  var S: MqttState = { h: h, ev: ev, stop: null as any, cid: clientIdFor(c, h.ports.random || Math.random),
    ka: c.keepalive, dm: Math.min(15000, Math.max(1000, c.keepalive * 500)), b0: b0, bk: b0,
    st: 'new', up: false, gen: 0, conn: null, tf: '', pp: false, id: 0, ip: '', ps: '', fl: [] };
  S.stop = ev.bind(S, 'stop');
  initStatus(S);
  h.onChange!(ev.bind(S, 'change'));
  // Without an address a connect only fails (and prints an error): the first attempt waits for
  // the network when the board can tell.
  var net = h.ports.net;
  if (net) {
    net.onUp(ev.bind(S, 'up'));
    net.onDown(ev.bind(S, 'down'));
    var now = net.info();
    if (now) up(S, now);
  } else {
    begin(S);
  }
  boot.svc = S;
}

/** Bytes of connection myGen (stale connections are ignored): whole packets are handled, at
 *  most MAX_PACKET bytes each; malformed data ends the connection. */
export function data(S: MqttState, myGen: number, d: string) {
  if (myGen !== S.gen || !S.conn) return;
  var buf = (S.rb || '') + d;
  while (myGen === S.gen) {
    // the bytes not handled yet stay in the state (no field at all when there are none)
    if (buf) S.rb = buf;
    else delete S.rb;
    var cut = cutPacket(buf, MAX_PACKET);
    if (cut.err) { lost(S, 'malformed data from broker (' + cut.err + ')'); return; }
    if (!cut.p) return;
    buf = buf.substr(cut.len);
    var got = handle(S, cut.p, cut.p.type === CONNACK ? subscriptions(S) : []);
    if (got === true) startDrip(S);
    else if (got && typeof got === 'object') message(S, got.topic, got.payload);
  }
}

/** The network has an address: the first connect, or a reconnect at once. */
export function up(S: MqttState, info: NetInfo | null) {
  begin(S);
  netUp(S, info && info.ip ? info.ip : '');
}

/** The network is gone. */
export function down(S: MqttState) {
  netDown(S);
}

/** Ends MQTT (a restart of the services, a config change): DISCONNECT, no timer left. */
export function stop(S: MqttState) {
  stopStatus(S);
  stopClient(S);
}
