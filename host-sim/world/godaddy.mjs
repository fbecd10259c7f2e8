// A fake of GoDaddy's Domains API (v1 DNS records) on loopback, as documented:
// 'Authorization: sso-key {key}:{secret}', GET /v1/domains/{domain}/records/{type}/{name}
// answering an array (empty when there is no such record), PUT to the same path replacing the
// records with the array sent, JSON errors {code, message}, 429 with retryAfterSec.
import http from 'node:http';
import net from 'node:net';

// The API's bodies are small JSON documents: read them whole before answering.
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// Records are seeded by full name; the zone is the longest configured domain that ends it.
function zoneOf(name, domains) {
  let best = null;
  for (const d of domains) {
    if ((name === d || name.endsWith(`.${d}`)) && (!best || d.length > best.length)) best = d;
  }
  return best;
}

// The data an A or AAAA record accepts.
function validData(type, data) {
  return type === 'A' ? net.isIPv4(data) : type === 'AAAA' ? net.isIPv6(data) : typeof data === 'string';
}

// key/secret: the API credentials; domains: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startGodaddy({ port = 0, host = '127.0.0.1', key = 'gd-key', secret = 'gd-secret', domains, records = [], store } = {}) {
  const zones = (domains || records.map((r) => r.name.split('.').slice(-2).join('.'))).map((d) => d.toLowerCase());
  const recs = records.map((r) => {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zones);
    return { zone, name: name === zone ? '@' : name.slice(0, -(zone.length + 1)), type: r.type, data: r.value, ttl: r.ttl || 3600 };
  });
  const requests = [];
  let forced = [];

  const reply = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? '' : JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  // GET and PUT of one record set by type and name.
  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `sso-key ${key}:${secret}`) {
      return reply(res, 401, { code: 'UNABLE_TO_AUTHENTICATE', message: 'Unauthorized : Could not authenticate API key/secret' });
    }
    const m = /^\/v1\/domains\/([^/]+)\/records\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { code: 'NOT_FOUND', message: 'The requested resource was not found' });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    const type = m[2];
    const name = decodeURIComponent(m[3]).toLowerCase();
    if (!zones.includes(zone)) {
      return reply(res, 404, { code: 'UNKNOWN_DOMAIN', message: `The given domain is not registered, or does not have a zone file: ${zone}` });
    }
    const match = (r) => r.zone === zone && r.type === type && r.name === name;
    if (req.method === 'GET') {
      return reply(res, 200, recs.filter(match).map((r) => ({ data: r.data, name: r.name, ttl: r.ttl, type: r.type })));
    }
    if (req.method !== 'PUT') return reply(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed' });
    const list = entry.json;
    if (!Array.isArray(list)) return reply(res, 422, { code: 'INVALID_BODY', message: 'Request body must be an array of records' });
    for (const r of list) {
      if (!r || !validData(type, r.data)) {
        return reply(res, 422, { code: 'INVALID_BODY', message: `data is not a valid ${type} value` });
      }
      if (r.ttl !== undefined && !(r.ttl >= 600)) {
        return reply(res, 422, { code: 'INVALID_BODY', message: 'ttl must be at least 600' });
      }
    }
    for (let i = recs.length - 1; i >= 0; i--) if (match(recs[i])) recs.splice(i, 1);
    for (const r of list) recs.push({ zone, name, type, data: r.data, ttl: r.ttl || 3600 });
    if (store && list.length && (type === 'A' || type === 'AAAA')) {
      store.set(name === '@' ? zone : `${name}.${zone}`, type, list[0].data, list[0].ttl || 3600);
    }
    return reply(res, 200, undefined);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://fake.invalid');
    const body = await readBody(req);
    let parsed = null;
    try { parsed = body ? JSON.parse(body) : null; } catch { parsed = null; }
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers }, body, json: parsed };
    requests.push(entry);
    const fi = forced.findIndex((f) => !f.method || f.method === req.method);
    if (fi >= 0) {
      const [f] = forced.splice(fi, 1);
      return reply(res, f.status, f.body, f.headers);
    }
    handle(req, res, url, entry);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const bound = server.address().port;
  const origin = `http://${host}:${bound}`;
  return {
    url: origin,
    apiUrl: `${origin}/v1`,
    port: bound,
    requests,
    records: recs,
    // The next request (of `method`, when given) gets this status and JSON body.
    failNext(status, body = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }, headers = {}, method = null) {
      forced.push({ status, body, headers, method });
    },
    close() {
      forced = [];
      return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}
