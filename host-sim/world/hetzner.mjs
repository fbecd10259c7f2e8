// A fake of Hetzner's Cloud API DNS part (zones and RRSets, api.hetzner.cloud/v1) on loopback,
// as documented: 'Authorization: Bearer {token}', GET /v1/zones/{id_or_name}/rrsets/{name}/{type}
// answering {rrset}, POST .../actions/set_records replacing the records and answering 201
// {action}, JSON errors {error: {code, message, details}}, RateLimit-* headers.
import http from 'node:http';
import net from 'node:net';

const LIMIT = 3600;

// The API's bodies are small JSON documents: read them whole before answering.
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// Records are seeded by full name; the zone is the longest configured zone that ends it.
function zoneOf(name, zones) {
  let best = null;
  for (const z of zones) {
    if ((name === z.name || name.endsWith(`.${z.name}`)) && (!best || z.name.length > best.name.length)) best = z;
  }
  return best;
}

// The values an A or AAAA RRSet accepts.
function validValue(type, v) {
  return type === 'A' ? net.isIPv4(v) : type === 'AAAA' ? net.isIPv6(v) : typeof v === 'string';
}

// token: the project API token; zones: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startHetzner({ port = 0, host = '127.0.0.1', token = 'hcloud-token', zones, records = [], store } = {}) {
  const names = (zones || records.map((r) => r.name.split('.').slice(-2).join('.'))).map((d) => d.toLowerCase());
  const zoneList = [...new Set(names)].map((name, i) => ({ id: 4711 + i, name }));
  const sets = [];
  for (const r of records) {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zoneList);
    const rel = name === zone.name ? '@' : name.slice(0, -(zone.name.length + 1));
    const s = sets.find((x) => x.zone === zone.id && x.name === rel && x.type === r.type);
    if (s) s.records.push({ value: r.value, comment: r.comment || '' });
    else sets.push({ id: `${rel}/${r.type}`, name: rel, type: r.type, ttl: r.ttl || null, labels: {},
      protection: { change: false }, records: [{ value: r.value, comment: r.comment || '' }], zone: zone.id });
  }
  const requests = [];
  let forced = [];
  let actionId = 1000;

  const reply = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? '' : JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json', 'RateLimit-Limit': String(LIMIT),
      'RateLimit-Remaining': String(LIMIT - requests.length), 'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 1),
      ...headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const error = (res, status, code, message) => reply(res, status, { error: { code, message, details: {} } });

  // GET of one RRSet and its set_records action.
  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'unauthorized', 'unable to authenticate');
    const m = /^\/v1\/zones\/([^/]+)\/rrsets\/([^/]+)\/([^/]+)(\/actions\/set_records)?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'not_found', 'not found');
    const key = decodeURIComponent(m[1]).toLowerCase();
    const zone = zoneList.find((z) => z.name === key || String(z.id) === key);
    if (!zone) return error(res, 404, 'not_found', 'zone not found');
    const name = decodeURIComponent(m[2]);
    const type = m[3];
    const set = sets.find((s) => s.zone === zone.id && s.name === name && s.type === type);
    if (!m[4]) {
      if (req.method !== 'GET') return error(res, 405, 'method_not_allowed', 'method not allowed');
      if (!set) return error(res, 404, 'not_found', 'rrset not found');
      return reply(res, 200, { rrset: set });
    }
    if (req.method !== 'POST') return error(res, 405, 'method_not_allowed', 'method not allowed');
    if (!set) return error(res, 404, 'not_found', 'rrset not found');
    const recs = entry.json && entry.json.records;
    if (!Array.isArray(recs) || !recs.length || !recs.every((r) => r && validValue(type, r.value))) {
      return error(res, 400, 'invalid_input', 'invalid input in field \'records\'');
    }
    set.records = recs.map((r) => ({ value: r.value, comment: r.comment || '' }));
    if (store && (type === 'A' || type === 'AAAA')) store.set(name === '@' ? zone.name : `${name}.${zone.name}`, type, recs[0].value, set.ttl || 3600);
    const now = new Date().toISOString();
    return reply(res, 201, { action: { id: actionId++, command: 'set_rrset_records', status: 'running', progress: 0,
      started: now, finished: null, resources: [{ id: zone.id, type: 'zone' }], error: null } });
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
    records: sets,
    zones: zoneList,
    // The next request (of `method`, when given) gets this status and JSON body.
    failNext(status, body = { error: { code: 'server_error', message: 'internal server error', details: {} } }, headers = {}, method = null) {
      forced.push({ status, body, headers, method });
    },
    close() {
      forced = [];
      return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}
