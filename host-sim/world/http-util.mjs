// The HTTP plumbing every fake in the world shares: listening on loopback, a request log, and the
// knobs failure tests turn (forced bodies, forced status, slow or hanging answers, a pretend
// client address). Each fake only supplies what its protocol answers.
import http from 'node:http';
import net from 'node:net';

// Everything the board sends comes from 127.0.0.1; Node reports it IPv4-mapped on dual-stack sockets.
export function plainAddress(address) {
  return String(address || '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

// Providers authenticate with Basic auth; a malformed header counts as no credentials at all.
export function parseBasicAuth(header) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header || '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

// An IPv6 listen address must be bracketed to be a usable URL.
function baseUrl(host, port) {
  return `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

// Port 0 is only known after bind, and tests must not start talking before the socket is ready.
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

// Starts one fake. handle(ctx) returns { status?, headers?, body } for a request that no test knob
// has overridden; ctx carries the parsed request and the client address the fake should believe.
export async function startHttpFake({ port = 0, host = '127.0.0.1', handle }) {
  const requests = [];
  let answers = [];
  let forcedStatus = null;
  let delayMs = 0;
  let clientIp = null;
  let outage = null;
  const timers = new Set();

  // A test that sets a long delay and then closes must not leave a timer holding the process open.
  const sleep = (ms) => new Promise((resolve) => {
    if (ms === Infinity) return; // hang: the request is never answered
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  const server = http.createServer(async (req, res) => {
    req.resume();
    const url = new URL(req.url, 'http://fake.invalid');
    const entry = {
      time: Date.now(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      auth: parseBasicAuth(req.headers.authorization),
      remote: plainAddress(req.socket.remoteAddress),
      status: null,
      answer: null,
    };
    requests.push(entry);
    if (delayMs) await sleep(delayMs);

    let reply;
    if (outage) {
      reply = { status: outage, body: http.STATUS_CODES[outage] || '' };
    } else if (answers.length || forcedStatus !== null) {
      const status = forcedStatus ?? 200;
      reply = { status, body: answers.length ? answers.shift() : http.STATUS_CODES[status] || '' };
      forcedStatus = null;
    } else {
      try {
        reply = await handle({ ...entry, url, clientIp: clientIp || entry.remote });
      } catch (err) {
        reply = { status: 500, body: `fake crashed: ${err.message}` };
      }
    }
    entry.status = reply.status || 200;
    entry.answer = reply.body;
    const body = Buffer.from(reply.body, 'utf8');
    if (res.destroyed) return;
    res.writeHead(entry.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      ...reply.headers,
      'Content-Length': body.length,
    });
    res.end(body);
  });

  const boundPort = await listen(server, port, host);
  return {
    server,
    url: baseUrl(host, boundPort),
    port: boundPort,
    requests,
    // Failure tests need the next reply to be exactly what a misbehaving provider would say.
    setNextAnswer(text) { answers.unshift(String(text)); },
    // A sequence of replies for retry and back-off scenarios, consumed one per request.
    setAnswers(list) { answers = list.map(String); },
    // Exercises the firmware's handling of 5xx and other HTTP-level failures on the next request.
    setStatus(code) { forcedStatus = code; },
    // Slow providers test the firmware's watchdog; Infinity never answers. Stays until set to 0.
    setDelay(ms) { delayMs = ms; },
    // An outage: every request gets this status (a 5xx) until set to null.
    setOutage(code) { outage = code || null; },
    // Down: nothing listens on the port (connections are refused) until set false again.
    setDown(on) {
      if (on && server.listening) server.close();
      if (!on && !server.listening) server.listen(boundPort, host);
      if (on) server.closeAllConnections();
    },
    // Everything on loopback is 127.0.0.1; this is the public address the fake should see instead.
    setClientIp(ip) { clientIp = ip || null; },
    // Tests must exit promptly: drop keep-alive sockets and pending delays, then stop listening.
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
