// The soak's world and board: the built dist/esp32 on a SimBoard in virtual time with four
// sections (dyndns2 on the network source, dyndns2 on the web source, dyndns2 on the router
// source against a NAT-PMP fake, Cloudflare's API), MQTT (aedes), syslog and the web page. Every
// request the fakes see is stamped with the world's time (wt) for the invariants and the report.
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';
import { startCloudflare } from '../../host-sim/world/cloudflare.mjs';
import { startMqttBroker } from '../../host-sim/world/mqtt.mjs';
import { startNatPmp } from '../../host-sim/world/natpmp.mjs';

export const ZONE = 'example.com';
const CF_TOKEN = 'soak-cf-token-0123456789abcdef';
const MQTT_TOKEN = 'soak-mqtt-token-0123456789';
const PASS = 'Soak-pa55word-long';

/** The four sections: name, the provider's host, the fault kinds that keep it from updating. */
export const SECTIONS = [
  { name: 'dyn', host: 'dyn.example.com', provider: 'dyndns2', blockedBy: [] },
  { name: 'web', host: 'web.example.com', provider: 'dyndns2', blockedBy: ['checkipDown', 'checkipLie'] },
  { name: 'rtr', host: 'rtr.example.com', provider: 'dyndns2', blockedBy: [] },
  { name: 'cf', host: 'cf.example.com', provider: 'cloudflare', blockedBy: [] },
];

// Stamps every entry pushed on a fake's request list with the world time.
function stamp(list, now) {
  list.push = (...items) => {
    for (const it of items) it.wt = now();
    return Array.prototype.push.apply(list, items);
  };
  return list;
}

// A free loopback address for the router, so two soaks (CI and a manual run) never share 5351.
async function startRouter(now, ip) {
  for (let i = 0; i < 20; i++) {
    const host = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`;
    try {
      return await startNatPmp({ host, ip, clock: now });
    } catch {
      // taken: another address
    }
  }
  throw new Error('no free loopback address for the NAT-PMP fake');
}

// A syslog collector: counts datagrams (RFC 5424 lines).
async function startSyslog() {
  const sock = dgram.createSocket('udp4');
  const got = [];
  sock.on('message', (m) => got.push(m.toString('utf8')));
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  return { port: sock.address().port, got, close: () => new Promise((r) => sock.close(() => r())) };
}

// The config of the soak's board (ddns.json).
function config(w) {
  const dyndns = (user) => w.world.dyndns2.url.replace('http://', `http://${user}:[PASSWORD]@`) +
    '/nic/update?hostname=[DOMAIN]&myip=[IP]';
  const common = (s) => ({ enabled: '1', domain: s.host, lookup_host: s.host, password: PASS,
    dns_server: '127.0.0.1:' + w.world.dns.port });
  const [dyn, web, rtr, cf] = SECTIONS;
  return {
    global: { ntp_server: '127.0.0.1:' + w.world.sntp.port },
    service: {
      dyn: { ...common(dyn), update_url: dyndns('u_dyn'), username: 'u_dyn', ip_source: 'network', use_logfile: '1' },
      web: { ...common(web), update_url: dyndns('u_web'), username: 'u_web', ip_source: 'web', ip_url: w.world.checkIp.url + '/' },
      rtr: { ...common(rtr), update_url: dyndns('u_rtr'), username: 'u_rtr', ip_source: 'router', router_ip: w.router.host },
      cf: { ...common(cf), service_name: 'cloudflare.com-v4', domain: 'cf@' + ZONE, username: 'Bearer', password: CF_TOKEN,
        api_url: w.cf.apiUrl, ip_source: 'network' },
    },
    mqtt: { host: '127.0.0.1', port: String(w.mqttPort), hostname: 'soak', command_token: MQTT_TOKEN },
    syslog: { host: '127.0.0.1', port: String(w.syslog.port) },
    web: { port: '80', hostname: 'ddns.lan' },
  };
}

/**
 * Starts the world and a board (not booted) with the soak's config. now(): the world's clock
 * (epoch ms, served over SNTP and NAT-PMP); stampNow(): the time stamped on requests (wt). ip: the first public address. Returns the parts and close().
 */
export async function startSoakWorld({ now, stampNow = now, ip, flashDir }) {
  const users = {};
  for (const s of SECTIONS) if (s.provider === 'dyndns2') users['u_' + s.name] = { password: PASS, hosts: [s.host] };
  const world = await startWorld({ users, hosts: SECTIONS.map((s) => ({ name: s.host, type: 'A', value: '192.0.2.1' })),
    checkIp: ip, checkIpStyle: 'plain', zones: [ZONE], sntpClock: now });
  const w = { world, secrets: [PASS, CF_TOKEN, MQTT_TOKEN] };
  try {
    w.cf = await startCloudflare({ token: CF_TOKEN, records: world.records,
      zones: { [ZONE]: { records: [{ type: 'A', name: 'cf', content: '192.0.2.1' }] } } });
    w.router = await startRouter(now, ip);
    w.syslog = await startSyslog();
    w.mqtt = await startMqttBroker();
    w.mqttPort = w.mqtt.port;
  } catch (e) {
    await closeAll(w);
    throw e;
  }
  for (const list of [world.dyndns2.requests, world.checkIp.requests, world.dns.queries, world.sntp.requests, w.cf.requests, w.router.requests]) stamp(list, stampNow);
  w.mqttCount = { connect: 0, publish: 0, ping: 0, subscribe: 0 };
  watchBroker(w);
  w.dir = flashDir || mkdtempSync(join(tmpdir(), 'ddns-soak-'));
  // Real-time windows of virtual time: every HTTP request here is answered (no fake hangs), so
  // a long HTTP window costs nothing and keeps a loaded machine's slow answer from looking like
  // a timeout; a TCP write with no answer (an MQTT publish) and a datagram with none (syslog,
  // DNS while down) cost their window each, hence short ones. Answers arrive well within them.
  w.board = new SimBoard({ board: 'esp32', flashDir: w.dir, time: 'virtual', net: { ip, gw: '127.0.0.1', netmask: '255.255.255.0' },
    ioWaitMs: 30000, udpReplyWaitMs: 20, netReplyWaitMs: 5, quietMs: 0 });
  w.board.flashBuild('dist/esp32');
  w.board.storage.write('ddns.json', JSON.stringify(config(w)));
  w.board.flashStore.resetWear();
  w.close = async () => {
    await w.board.stop();
    await closeAll(w);
    if (!flashDir) rmSync(w.dir, { recursive: true, force: true });
  };
  return w;
}

// MQTT packets from the board, counted on the broker (its restarts included).
function watchBroker(w) {
  const c = w.mqttCount;
  const b = w.mqtt.broker;
  b.on('client', () => c.connect++);
  b.on('publish', (p, client) => { if (client) c.publish++; });
  b.on('ping', () => c.ping++);
  b.on('subscribe', () => c.subscribe++);
}

/** The broker goes away (every connection dropped) until restartBroker(). */
export async function stopBroker(w) {
  if (!w.mqtt) return;
  const m = w.mqtt;
  w.mqtt = null;
  await m.close();
}

export async function restartBroker(w) {
  if (w.mqtt) return;
  w.mqtt = await startMqttBroker({ port: w.mqttPort });
  watchBroker(w);
}

async function closeAll(w) {
  const parts = [w.cf, w.router, w.syslog, w.mqtt, w.world].filter(Boolean);
  await Promise.all(parts.map((p) => p.close().catch(() => {})));
}
