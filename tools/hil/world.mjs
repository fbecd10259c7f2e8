// The suite's world on the PC, bound to the PC's address on the board's network (--lan-ip):
// the simulator's fakes (host-sim/world: dyndns2, DNS, check-IP, MQTT broker), an HTTP fake for a
// custom update_url, and the HTTPS fake (tls-fake.mjs) in front of dyndns2. One RecordStore:
// what a fake accepts is what the DNS server answers.
import { randomBytes } from 'node:crypto';
import { RecordStore, startDyndns2, startCheckIp, startDns } from '../../host-sim/world/index.mjs';
import { startHttpFake } from '../../host-sim/world/http-util.mjs';
import { startMqttBroker } from '../../host-sim/world/mqtt.mjs';
import { startTlsFake } from './tls-fake.mjs';

export const ZONE = 'hil.test';
// One name per section of the suite's config (config.mjs).
export const HOSTS = { http: 'http.hil.test', https: 'https.hil.test', web: 'web.hil.test', custom: 'custom.hil.test' };
export const USER = 'hil';
export const STALE_IP = '192.0.2.1'; // what DNS says before a step wants an update (TEST-NET-1)

// A custom update_url's provider: `?host=&ip=&key=`, answers "OK <ip>" (the section's `answer`).
function customUpdate(records, key) {
  return (ctx) => {
    if (ctx.path !== '/update') return { status: 404, body: 'not found' };
    if (ctx.query.key !== key) return { status: 403, body: 'bad key' };
    const ip = ctx.query.ip;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip || '') || ctx.query.host !== HOSTS.custom) return { status: 400, body: 'bad request' };
    records.set(HOSTS.custom, 'A', ip);
    return { body: `OK ${ip}` };
  };
}

/** Starts every fake on `host`; returns them with `close()` and `openConnections()`. */
export async function startHilWorld({ host = '127.0.0.1' } = {}) {
  const records = new RecordStore();
  const password = randomBytes(9).toString('base64url'); // 12 characters: over the masking minimum
  const key = randomBytes(9).toString('base64url');
  const commandToken = randomBytes(12).toString('base64url');
  for (const name of Object.values(HOSTS)) records.set(name, 'A', STALE_IP);
  const started = [];
  const track = async (p) => { const s = await p; started.push(s); return s; };
  try {
    const dyndns2 = await track(startDyndns2({ host, records, users: { [USER]: { password, hosts: [HOSTS.http, HOSTS.https, HOSTS.web] } } }));
    const dns = await track(startDns({ host, records, zones: [ZONE] }));
    const checkIp = await track(startCheckIp({ host, ip: null, style: 'plain' }));
    const custom = await track(startHttpFake({ host, handle: customUpdate(records, key) }));
    const https = await track(startTlsFake({ host, backend: { host, port: dyndns2.port } }));
    const mqtt = await track(startMqttBroker({ host }));
    const retained = new Map();
    mqtt.broker.on('publish', (packet, client) => {
      if (client && packet.retain) retained.set(packet.topic, { time: Date.now(), payload: packet.payload.toString() });
    });
    return {
      host, records, password, key, commandToken, dyndns2, dns, checkIp, custom, https, mqtt, retained,
      /** TCP connections the board holds to the world now: [{server, n}] */
      async openConnections() {
        const count = (srv) => new Promise((r) => srv.getConnections((e, n) => r(e ? 0 : n)));
        return [
          { server: 'dyndns2', n: await count(dyndns2.server) },
          { server: 'check-ip', n: await count(checkIp.server) },
          { server: 'custom', n: await count(custom.server) },
          { server: 'https', n: https.open() },
          { server: 'mqtt', n: mqtt.clients().length },
        ];
      },
      close: () => Promise.all(started.map((s) => s.close())),
    };
  } catch (e) {
    await Promise.all(started.map((s) => s.close()));
    throw e;
  }
}
