// Helpers for the section scenarios (sections, policy, logging): virtual time, the section's
// status line, its flash state, a scripted HTTP provider and a loopback forward proxy.
import http from 'node:http';
import { scenario } from './harness.mjs';

export const MIN = 60e3;
export const HOUR = 3600e3;

/**
 * scenario() in virtual time (hung requests cost little real time); before(s) runs after the
 * world is up and before the board boots (to script the provider's first answer).
 */
export async function vscenario(opts) {
  const extra = opts.boardOpts || (() => ({}));
  const s = await scenario({ ...opts, boot: false, time: 'virtual', boardOpts: (w) => ({ ioWaitMs: 300, ...extra(w) }) });
  if (opts.before) await opts.before(s);
  if (opts.boot !== false) await s.board.boot();
  return s;
}

/** Advances the board clock to `ms` after boot (board.now()). */
export async function at(board, ms) {
  const d = ms - board.now();
  if (d > 0) await board.advance(d);
}

/** The section's status line parsed: { state, answer, error, line }. */
export async function status(board, name = 'myddns') {
  const since = board.output.length;
  await board.type(`status(${JSON.stringify(name)})`);
  const m = await board.waitFor(new RegExp(`${name}: (\\S+) [^\\n]*answer=(\\S+)([^\\n]*)`), { since, timeoutMs: 2000 });
  const err = /error="([^"]*)"/.exec(m[3]);
  return { state: m[1], answer: m[2], error: err ? err[1] : '', line: m[0] };
}

/** The section's state file in flash (st.<name>), parsed, or null. */
export function stateFile(board, name = 'myddns') {
  const t = board.storage.read('st.' + name);
  return t ? JSON.parse(t) : null;
}

/** Text of a StorageFile log ('log.<name>.<gen>'), without the erased (0xFF) tail. */
export function logFile(board, name, gen) {
  let out = '';
  for (let c = 1; c < 20; c++) {
    const t = board.storage.read(`log.${name}.${gen}` + String.fromCharCode(c));
    if (t === undefined) break;
    const ff = t.indexOf('\xff');
    out += ff >= 0 ? t.slice(0, ff) : t;
    if (ff >= 0) break;
  }
  return out;
}

/**
 * A provider whose every answer the test scripts: answer(n, req) -> { status, headers, body }
 * for the n-th request (1-based). Records each request.
 */
export async function scriptedProvider(answer) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, headers: req.headers });
    const a = answer(requests.length, req) || {};
    res.writeHead(a.status || 200, { 'Content-Type': 'text/plain', ...(a.headers || {}) });
    res.end(a.body || '');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * A forward HTTP proxy on loopback: takes absolute-URL requests, checks Proxy-Authorization
 * against `auth` ('user:pass' or null), forwards them and counts them. CONNECT is refused
 * (counted) so a test can see that nothing tried to tunnel.
 */
export async function startProxy({ auth = null } = {}) {
  const seen = [];
  let connects = 0;
  const server = http.createServer((req, res) => {
    const entry = { method: req.method, url: req.url, headers: req.headers, status: 0 };
    seen.push(entry);
    const want = auth ? 'Basic ' + Buffer.from(auth).toString('base64') : null;
    if (want && req.headers['proxy-authorization'] !== want) {
      entry.status = 407;
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"', 'Content-Length': 0 });
      res.end();
      return;
    }
    if (!/^http:\/\//.test(req.url)) {
      entry.status = 400;
      res.writeHead(400, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const target = new URL(req.url);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = http.request({ host: target.hostname, port: target.port || 80, path: target.pathname + target.search,
      method: req.method, headers }, (r) => {
      entry.status = r.statusCode;
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { entry.status = 502; res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  server.on('connect', (req, sock) => { connects++; sock.end('HTTP/1.1 405 Not Allowed\r\n\r\n'); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    seen,
    connects: () => connects,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
