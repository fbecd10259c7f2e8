// The plumbing the JSON-API DNS fakes (DigitalOcean, GoDaddy, Hetzner, Gandi, Porkbun) share:
// listening on loopback, reading small JSON bodies, JSON replies, the request log, forced
// answers for failure tests (failNext) and close. Each fake only supplies its routes, its
// error bodies and the headers its provider sends on every reply.
import http from 'node:http';
import net from 'node:net';

// The APIs' bodies are small JSON documents: read them whole before answering.
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// A failure test names a method (or, for all-POST APIs, a path part) to aim failNext at.
function byMethod(key, req) {
  return key === req.method;
}

// Fakes without explicit zones serve the last two labels of each seeded record's name.
export function zoneNames(domains, records) {
  return (domains || records.map((r) => r.name.split('.').slice(-2).join('.'))).map((d) => d.toLowerCase());
}

// Records are seeded by full name; the zone is the longest configured domain that ends it.
export function zoneOf(name, domains) {
  let best = null;
  for (const d of domains) {
    if ((name === d || name.endsWith(`.${d}`)) && (!best || d.length > best.length)) best = d;
  }
  return best;
}

// The providers store names relative to the zone, '@' for the apex.
export function relName(name, zone) {
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

// The full name a relative one stands for, as the shared RecordStore keys it.
export function fullName(rel, zone) {
  return rel === '@' ? zone : `${rel}.${zone}`;
}

// The data an A or AAAA record accepts; other types take any string.
export function validValue(type, v) {
  return type === 'A' ? net.isIPv4(v) : type === 'AAAA' ? net.isIPv6(v) : typeof v === 'string';
}

// Made before the fake's routes so they can use reply and requests; listen() starts serving.
// headers(requests): what the provider adds to every reply (rate-limit counters...);
// failBody(status): the provider's default error body; fits(key, req, url): whether a
// failNext aimed at `key` applies to this request (default: key is the method).
export function jsonApi({ headers = () => ({}), failBody, fits = byMethod } = {}) {
  const requests = [];
  let forced = [];
  let server = null;
  let origin = '';

  // One JSON answer (no body when obj is undefined) with the provider's headers.
  const reply = (res, status, obj, extra = {}) => {
    const body = obj === undefined ? '' : JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers(requests), ...extra,
      'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  // Every request is logged with its parsed JSON body before a forced answer or the routes see it.
  const serve = (handle) => async (req, res) => {
    const url = new URL(req.url, 'http://fake.invalid');
    const body = await readBody(req);
    let parsed = null;
    try { parsed = body ? JSON.parse(body) : null; } catch { parsed = null; }
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers }, body, json: parsed };
    requests.push(entry);
    const fi = forced.findIndex((f) => !f.key || fits(f.key, req, url));
    if (fi >= 0) {
      const [f] = forced.splice(fi, 1);
      return reply(res, f.status, f.body, f.headers);
    }
    handle(req, res, url, entry);
  };

  return {
    requests,
    reply,
    // Port 0 is only known after bind; resolves the origin (http://host:port) once listening.
    async listen(port, host, handle) {
      server = http.createServer(serve(handle));
      await new Promise((resolve) => server.listen(port, host, resolve));
      origin = `http://${host}:${server.address().port}`;
      return origin;
    },
    // What every fake hands its tests besides its own records and apiUrl.
    face() {
      return {
        url: origin,
        port: server.address().port,
        requests,
        // The next request (that `key` fits, when given) gets this status and JSON body.
        failNext(status, body = failBody(status), extra = {}, key = null) {
          forced.push({ status, body, headers: extra, key });
        },
        // Tests must exit promptly: drop forced answers and keep-alive sockets, stop listening.
        close() {
          forced = [];
          return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
        },
      };
    },
  };
}
