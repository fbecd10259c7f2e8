// Steps 6-8: MQTT with its retained status, the web page and its API, four sections at once
// (with MQTT and the page: the full load of a board).
import http from 'node:http';
import { applyConfig, accepted, until } from './kit.mjs';
import { MQTT_HOSTNAME, SECTIONS } from './config.mjs';
import { HOSTS } from './world.mjs';

const STATUS = `ddns/${MQTT_HOSTNAME}/${SECTIONS.http}/status`;
const AVAILABILITY = `ddns/${MQTT_HOSTNAME}/availability`;
const REPLY_CAP = 256 * 1024; // the page is a few KB gzip: more is a broken board, not a page

/** The broker sees the board connect and gets the section's retained status. */
export async function mqtt(ctx) {
  const { world } = ctx;
  const r = await applyConfig(ctx, { sections: ['http'], mqtt: true });
  const fresh = (topic) => { const m = world.retained.get(topic); return m && m.time >= r.t0 ? m : null; };
  const online = await until(() => { const m = fresh(AVAILABILITY); return m && m.payload === 'online' ? m : null; }, ctx.opts.updateMs);
  // The status once the update is in: the registered address is the one the provider took.
  const registered = (m) => {
    const sent = accepted(world, [HOSTS.http], r.t0)[HOSTS.http];
    try { return sent && JSON.parse(m.payload).registered_ip === sent.ip; } catch { return false; }
  };
  const status = await until(() => { const m = fresh(STATUS); return m && registered(m) ? m : null; }, ctx.opts.updateMs);
  const last = fresh(STATUS);
  let state = '-';
  try { if (last) state = `${JSON.parse(last.payload).state}, registered_ip ${JSON.parse(last.payload).registered_ip}`; } catch { state = 'not JSON'; }
  return {
    verdict: online && status ? 'pass' : 'fail',
    ms: status ? status.time - r.t0 : null,
    figures: {
      'online (retained) after': online ? `${online.time - r.t0} ms` : 'never',
      [`${SECTIONS.http}/status (retained) after`]: status ? `${status.time - r.t0} ms` : 'never',
      'status state': state,
      'clients on the broker': world.mqtt.clients().length,
    },
    note: 'load() to the retained status showing the address the provider took',
  };
}

/** GET `path` from the board's page: {status, bytes, ms} or {error}. */
export function get(ctx, path) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = http.get({ host: ctx.boardIp, port: ctx.opts.webPort, path, headers: { Host: ctx.boardIp }, timeout: 15000 }, (res) => {
      let bytes = 0;
      let body = '';
      res.on('data', (d) => {
        bytes += d.length;
        if (bytes > REPLY_CAP) { req.destroy(); return; }
        if (body.length < 64 * 1024) body += d.toString('latin1');
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, ms: Date.now() - t0, body, encoding: res.headers['content-encoding'] }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 15 s')));
    req.on('error', (e) => resolve({ error: e.message, ms: Date.now() - t0 }));
  });
}

/** The page and one /api call, from the PC to the board's address. */
export async function web(ctx) {
  const r = await applyConfig(ctx, { sections: ['http'], web: true });
  if (!ctx.boardIp) return { verdict: 'fail', ms: null, figures: {}, note: 'the board\'s address is unknown: give --board-ip' };
  // The page's server starts at boot; give it the update's time to be up.
  await until(() => accepted(ctx.world, [HOSTS.http], r.t0)[HOSTS.http], ctx.opts.updateMs);
  const page = await get(ctx, '/');
  const api = await get(ctx, '/api/status');
  let sections = null;
  try { sections = JSON.parse(api.body).sections.map((s) => `${s.name} ${s.state}`).join(', '); } catch { /* reported below */ }
  const show = (g) => (g.error ? `error: ${g.error}` : `${g.status}, ${g.bytes} bytes${g.encoding ? ` (${g.encoding})` : ''}, ${g.ms} ms`);
  return {
    verdict: page.status === 200 && api.status === 200 && sections ? 'pass' : 'fail',
    ms: (page.ms || 0) + (api.ms || 0),
    figures: { 'GET /': show(page), 'GET /api/status': show(api), sections: sections || 'not in the answer' },
    note: `http://${ctx.boardIp}:${ctx.opts.webPort}/ from the PC`,
  };
}

/** All four sections with MQTT and the page: each must update once after boot. */
export async function four(ctx) {
  const r = await applyConfig(ctx, { sections: ['http', 'https', 'web', 'custom'], mqtt: true, web: true });
  const hosts = Object.values(HOSTS);
  const got = await until(() => { const a = accepted(ctx.world, hosts, r.t0); return Object.keys(a).length === hosts.length ? a : null; }, ctx.opts.updateMs * 2);
  const seen = got || accepted(ctx.world, hosts, r.t0);
  const figures = {};
  for (const h of hosts) figures[h] = seen[h] ? `${seen[h].answer} after ${seen[h].ms} ms` : 'no accepted update';
  const page = await get(ctx, '/api/status');
  figures['GET /api/status meanwhile'] = page.error ? `error: ${page.error}` : `${page.status} in ${page.ms} ms`;
  ctx.four = r;
  return {
    verdict: got && page.status === 200 ? 'pass' : 'fail',
    ms: got ? Math.max(...Object.values(got).map((x) => x.ms)) : null,
    figures,
    note: 'load() to the last of the four answers (HTTP, HTTPS, check-IP source, custom URL) with MQTT and the page on',
  };
}
