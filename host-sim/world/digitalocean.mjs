// A fake of DigitalOcean's DNS API (v2 domain records) on loopback, as documented: Bearer token
// auth, GET /v2/domains/{domain}/records with the name (fully qualified) and type filters and
// pagination, GET/PUT/PATCH /v2/domains/{domain}/records/{id}, JSON errors {id, message},
// ratelimit-* headers on every reply.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

const HOUR_LIMIT = 5000;

// Public shape of one record (the zone stays internal).
function view(r) {
  const { zone, ...rest } = r;
  return rest;
}

// token: the personal access token; domains: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startDigitalocean({ port = 0, host = '127.0.0.1', token = 'do-token', domains, records = [], store } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 3352892;
  const recs = records.map((r) => {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zones);
    return { id: nextId++, type: r.type, name: relName(name, zone), data: r.value, priority: null, port: null,
      ttl: r.ttl || 1800, weight: null, flags: null, tag: null, zone };
  });
  // Every answer carries the documented charset and rate-limit headers.
  const api = jsonApi({
    headers: (requests) => ({ 'Content-Type': 'application/json; charset=utf-8', 'ratelimit-limit': String(HOUR_LIMIT),
      'ratelimit-remaining': String(HOUR_LIMIT - requests.length),
      'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) }),
    failBody: () => ({ id: 'server_error', message: 'Server Error' }),
  });
  const { reply } = api;
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
        (!name || fullName(r.name, zone) === name.toLowerCase()));
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
    if (!validValue(type, data)) return reply(res, 422, { id: 'unprocessable_entity', message: 'Data needs to be a valid IP address' });
    rec.data = data;
    if (j.ttl) rec.ttl = j.ttl;
    if (j.name) rec.name = j.name;
    if (store && (type === 'A' || type === 'AAAA')) store.set(fullName(rec.name, zone), type, data, rec.ttl);
    return reply(res, 200, { domain_record: view(rec) });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v2`, records: recs };
}
