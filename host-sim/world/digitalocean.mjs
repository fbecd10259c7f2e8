// A fake of DigitalOcean's DNS API (v2 domain records) on loopback, as documented: Bearer token
// auth, GET /v2/domains/{domain}/records with the name (fully qualified) and type filters and
// pagination, GET/PUT/PATCH /v2/domains/{domain}/records/{id}, JSON errors {id, message},
// ratelimit-* headers on every reply.
import http from 'node:http';
import net from 'node:net';

const HOUR_LIMIT = 5000;

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

// DigitalOcean stores names relative to the zone, '@' for the apex.
function relName(name, zone) {
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

// The data an A or AAAA record accepts.
function validData(type, data) {
  return type === 'A' ? net.isIPv4(data) : type === 'AAAA' ? net.isIPv6(data) : typeof data === 'string';
}

// Public shape of one record (the zone stays internal).
function view(r) {
  const { zone, ...rest } = r;
  return rest;
}

// token: the personal access token; domains: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startDigitalocean({ port = 0, host = '127.0.0.1', token = 'do-token', domains, records = [], store } = {}) {
  const zones = (domains || records.map((r) => r.name.split('.').slice(-2).join('.'))).map((d) => d.toLowerCase());
  let nextId = 3352892;
  const recs = records.map((r) => {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zones);
    return { id: nextId++, type: r.type, name: relName(name, zone), data: r.value, priority: null, port: null,
      ttl: r.ttl || 1800, weight: null, flags: null, tag: null, zone };
  });
  const requests = [];
  let forced = [];

  // One answer with the documented headers.
  const reply = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? '' : JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'ratelimit-limit': String(HOUR_LIMIT),
      'ratelimit-remaining': String(HOUR_LIMIT - requests.length),
      'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60), ...headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const notFound = (res) => reply(res, 404, { id: 'not_found', message: 'The resource you were accessing could not be found.' });

  // The routes of the domain records API.
  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return reply(res, 401, { id: 'Unauthorized', message: 'Unable to authenticate you' });
    }
    const m = /^\/v2\/domains\/([^/]+)\/records(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return notFound(res);
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!zones.includes(zone)) return notFound(res);
    const inZone = recs.filter((r) => r.zone === zone);
    if (!m[2]) {
      if (req.method !== 'GET') return reply(res, 405, { id: 'method_not_allowed', message: 'Method not allowed' });
      const name = url.searchParams.get('name');
      const type = url.searchParams.get('type');
      const list = inZone.filter((r) => (!type || r.type === type) &&
        (!name || (r.name === '@' ? zone : `${r.name}.${zone}`) === name.toLowerCase()));
      const per = Math.min(200, Math.max(1, parseInt(url.searchParams.get('per_page') || '20', 10)));
      const page = Math.max(1, parseInt(url.searchParams.get('page') || '1', 10));
      return reply(res, 200, { domain_records: list.slice((page - 1) * per, page * per).map(view), links: {},
        meta: { total: list.length } });
    }
    const rec = inZone.find((r) => String(r.id) === m[2]);
    if (!rec) return notFound(res);
    if (req.method === 'GET') return reply(res, 200, { domain_record: view(rec) });
    if (req.method !== 'PUT' && req.method !== 'PATCH') return reply(res, 405, { id: 'method_not_allowed', message: 'Method not allowed' });
    const j = entry.json;
    if (!j || typeof j !== 'object') return reply(res, 400, { id: 'bad_request', message: 'Invalid JSON body' });
    const type = j.type || rec.type;
    const data = j.data !== undefined ? j.data : rec.data;
    if (type !== rec.type) return reply(res, 422, { id: 'unprocessable_entity', message: 'Type cannot be changed' });
    if (!validData(type, data)) return reply(res, 422, { id: 'unprocessable_entity', message: 'Data needs to be a valid IP address' });
    rec.data = data;
    if (j.ttl) rec.ttl = j.ttl;
    if (j.name) rec.name = j.name;
    if (store && (type === 'A' || type === 'AAAA')) store.set(rec.name === '@' ? zone : `${rec.name}.${zone}`, type, data, rec.ttl);
    return reply(res, 200, { domain_record: view(rec) });
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
    apiUrl: `${origin}/v2`,
    port: bound,
    requests,
    records: recs,
    // The next request (of `method`, when given) gets this status and JSON body (5xx, 429...).
    failNext(status, body = { id: 'server_error', message: 'Server Error' }, headers = {}, method = null) {
      forced.push({ status, body, headers, method });
    },
    close() {
      forced = [];
      return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}
