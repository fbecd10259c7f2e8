// The web page's test kit: the built dist/esp32 (core, modules, www.gz) on a simulated board in a
// world on loopback, with the board's port 80 on an ephemeral loopback port (board.ports).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';
import { hashPassword } from '../../tools/webpass.mjs';
// The same account, host and dyndns2 section as the scenarios.
import { DOMAIN, PASSWORD, section, sleep } from '../sim/harness.mjs';

export { DOMAIN, PASSWORD, section, sleep };
export const ADMIN = 'correct-horse-battery';

/**
 * A world and a board with the web page. config(world) gives ddns.json; admin: set the admin
 * password hash in the web block (false: no password); web: more options of the web block.
 */
export async function webBoard({ config, admin = ADMIN, web = {}, registered = '192.0.2.1',
  ip = '198.51.100.10', page = true } = {}) {
  const world = await startWorld({
    users: { demo: { password: PASSWORD, hosts: [DOMAIN, 'other.example.com'] } },
    hosts: registered ? [{ name: DOMAIN, type: 'A', value: registered }] : [],
    zones: ['example.com'],
    checkIp: '203.0.113.50',
  });
  const dir = mkdtempSync(join(tmpdir(), 'ddns-web-'));
  const board = new SimBoard({ flashDir: dir, net: { ip, gw: '127.0.0.1', netmask: '255.255.255.0' } });
  board.flashBuild('dist/esp32', { skip: page ? [] : ['www.gz'] });
  const doc = config ? config(world) : { service: { myddns: section(world) } };
  // The simulator maps the board's port 80 to a loopback port: tests and the browser reach it as
  // 127.0.0.1, a name the board answers only when web.hostname lists it (as a port forward would).
  doc.web = { ...(admin ? { admin_password_hash: hashPassword(admin) } : {}), hostname: '127.0.0.1', ...web };
  board.storage.write('ddns.json', JSON.stringify(doc));
  await board.boot();
  await board.waitFor('web page on port', { timeoutMs: 5000, since: 0 });
  const port = await boardPort(board);
  return {
    world, board, port,
    base: `http://127.0.0.1:${port}`,
    updates: () => world.dyndns2.requests.filter((r) => r.path === '/nic/update'),
    async close() {
      await board.stop();
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The loopback port of the board's port 80 (the simulator binds it asynchronously). */
export async function boardPort(board) {
  for (let i = 0; i < 200 && !board.ports.has(80); i++) await sleep(10);
  if (!board.ports.has(80)) throw new Error('the board does not listen on port 80');
  return board.ports.get(80);
}

/** HTTP Basic for the admin password (any user name). */
export function basic(pw = ADMIN, user = 'admin') {
  return 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
}

/**
 * Sends raw bytes to the board and collects what comes back until the board closes the
 * connection (or waitMs passes: then closed is false). Resolves {text, ms, closed}.
 */
export function rawRequest(port, data, { waitMs = 15000, keepSending = null } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const t0 = Date.now();
    let text = '';
    let timer = null;
    let tick = null;
    const done = (closed) => {
      clearTimeout(timer);
      clearInterval(tick);
      s.destroy();
      resolve({ text, ms: Date.now() - t0, closed });
    };
    s.on('data', (d) => { text += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('close', () => done(true));
    s.write(data);
    if (keepSending) tick = setInterval(() => { if (!s.destroyed) s.write(keepSending); }, 200);
    timer = setTimeout(() => done(false), waitMs);
  });
}

/**
 * One request over node:http, which lets the test choose every header, Host included. Resolves
 * {status, headers, body (bytes), text (latin1), json (or null)}.
 */
export function hreq(port, { method = 'GET', path = '/api/status', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const rq = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const buf = Buffer.concat(parts);
        const text = buf.toString('latin1');
        let json = null;
        try { json = JSON.parse(text); } catch { /* text */ }
        resolve({ status: res.statusCode, headers: res.headers, body: buf, text, json });
      });
    });
    rq.on('error', reject);
    rq.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

/**
 * A client that sends `first`, then `piece` every `everyMs` until the board closes the
 * connection (or waitMs passes: then closed is false). Resolves {sent, ms, text, closed}: what
 * it had sent when the board closed, how long that took and what the board answered.
 */
export function trickle(port, first, piece, { everyMs = 10, waitMs = 15000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const t0 = Date.now();
    let sent = 0;
    let text = '';
    let tick = null;
    let timer = null;
    let over = false;
    const done = (closed) => {
      if (over) return;
      over = true;
      clearInterval(tick);
      clearTimeout(timer);
      s.destroy();
      resolve({ sent, ms: Date.now() - t0, text, closed });
    };
    const send = (d) => {
      if (!s.writable) return;
      sent += d.length;
      s.write(d);
    };
    s.on('data', (d) => { text += d.toString('latin1'); });
    s.on('error', () => done(true));
    s.on('end', () => done(true));
    s.on('close', () => done(true));
    s.on('connect', () => {
      send(first);
      tick = setInterval(() => send(piece), everyMs);
    });
    timer = setTimeout(() => done(false), waitMs);
  });
}
