// The services notify talks to, each as its documentation describes it, on loopback:
//   ntfy (docs.ntfy.sh, "Publishing"): POST or PUT /<topic>, the body is the message; Title/X-Title,
//     Priority/X-Priority (1-5 or min/low/default/high/max), Tags/X-Tags (comma list); a protected
//     topic wants "Authorization: Bearer <token>" (or Basic): 403 without, 401 for an unknown one; the answer
//     is the message as JSON {id, time, event: "message", topic, message, title, priority, tags}.
//   Gotify (gotify.net/docs/pushmsg and its API spec): POST /message with the application token in
//     the X-Gotify-Key header or the token query parameter (401 without); JSON or form body with
//     message (required, 400 without), title, priority (integer); answers the stored message.
//   healthchecks.io ("Pinging API"): HEAD, GET or POST /<uuid> (or /ping/<uuid>) -> 200 "OK";
//     /<uuid>/fail signals a failure; an unknown UUID -> 404 "not found".
//   A generic webhook: records the JSON posted.
// Every fake records what arrived; failNext(n, status) makes the next n requests fail with status
// (0: the connection is closed without an answer).
import http from 'node:http';

async function serve(handle) {
  const requests = [];
  let fails = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d) => { if (body.length < 65536) body += d; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://fake.invalid');
      const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status: 0 };
      requests.push(entry);
      const f = fails.shift();
      if (f !== undefined) {
        entry.status = f;
        if (f === 0) { req.socket.destroy(); return; }
        res.writeHead(f, { 'Content-Type': 'text/plain', ...(f === 429 ? { 'Retry-After': '1' } : {}) });
        res.end('forced ' + f);
        return;
      }
      const a = handle(entry, url);
      entry.status = a.status;
      res.writeHead(a.status, { 'Content-Type': a.json ? 'application/json' : 'text/plain' });
      res.end(a.json ? JSON.stringify(a.json) : a.body || '');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    failNext(n, status) { fails = Array(n).fill(status); },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const PRIORITY = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

/** ntfy with topics; token: the access token a protected topic wants (null: open). */
export function startNtfy({ token = null } = {}) {
  let n = 0;
  return serve((r) => {
    const topic = r.path.slice(1);
    if ((r.method !== 'POST' && r.method !== 'PUT') || !/^[-_A-Za-z0-9]{1,64}$/.test(topic)) return { status: 404, json: { code: 40401, http: 404, error: 'page not found' } };
    // ntfy's server: anonymous on a protected topic 403 (40301), a token it does not know 401 (40101)
    if (token && !r.headers.authorization) return { status: 403, json: { code: 40301, http: 403, error: 'forbidden' } };
    if (token && r.headers.authorization !== 'Bearer ' + token) return { status: 401, json: { code: 40101, http: 401, error: 'unauthorized' } };
    const h = (k) => r.headers['x-' + k] ?? r.headers[k];
    const p = h('priority');
    const priority = p === undefined ? 3 : PRIORITY[p] ?? Number(p);
    if (!(priority >= 1 && priority <= 5)) return { status: 400, json: { code: 40007, http: 400, error: 'invalid priority' } };
    const msg = { id: 'm' + ++n, time: Math.floor(Date.now() / 1000), event: 'message', topic, message: r.body,
      title: h('title'), priority, tags: h('tags') ? h('tags').split(',') : undefined };
    r.message = msg;
    return { status: 200, json: msg };
  });
}

/** Gotify with one application token. */
export function startGotify({ token }) {
  let n = 0;
  return serve((r) => {
    if (r.path !== '/message' || r.method !== 'POST') return { status: 404, json: { error: 'Not Found', errorCode: 404 } };
    if ((r.headers['x-gotify-key'] || r.query.token) !== token) return { status: 401, json: { error: 'Unauthorized', errorCode: 401, errorDescription: 'you need to provide a valid access token or user credentials to access this api' } };
    let b;
    try { b = JSON.parse(r.body); } catch (e) { return { status: 400, json: { error: 'Bad Request', errorCode: 400, errorDescription: 'invalid JSON' } }; }
    if (typeof b.message !== 'string' || !b.message) return { status: 400, json: { error: 'Bad Request', errorCode: 400, errorDescription: "Field 'message' is required" } };
    if (b.priority !== undefined && !Number.isInteger(b.priority)) return { status: 400, json: { error: 'Bad Request', errorCode: 400, errorDescription: 'priority must be an integer' } };
    r.message = { id: ++n, appid: 1, message: b.message, title: b.title || 'app', priority: b.priority ?? 0, date: new Date().toISOString() };
    return { status: 200, json: r.message };
  });
}

/** A healthchecks.io-style ping service for the given check UUIDs. */
export function startHealthchecks({ uuids }) {
  return serve((r) => {
    const m = /^\/(?:ping\/)?([0-9a-f-]{36})(\/fail|\/start|\/\d+)?$/.exec(r.path);
    if (!m || !['GET', 'HEAD', 'POST'].includes(r.method)) return { status: 404, body: 'not found' };
    if (!uuids.includes(m[1])) return { status: 404, body: 'not found' };
    r.check = m[1];
    r.signal = m[2] ? m[2].slice(1) : 'success';
    return { status: 200, body: 'OK' };
  });
}

/** A generic webhook that takes JSON. */
export function startWebhook() {
  return serve((r) => {
    try { r.json = JSON.parse(r.body); } catch (e) { return { status: 400, body: 'not JSON' }; }
    return { status: 204, body: '' };
  });
}
