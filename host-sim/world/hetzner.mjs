// A fake of Hetzner's Cloud API DNS part (zones and RRSets, api.hetzner.cloud/v1) on loopback,
// as documented: 'Authorization: Bearer {token}', GET /v1/zones/{id_or_name}/rrsets/{name}/{type}
// answering {rrset}, POST .../actions/set_records replacing the records and answering 201
// {action}, JSON errors {error: {code, message, details}}, RateLimit-* headers.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

const LIMIT = 3600;

// token: the project API token; zones: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startHetzner({ port = 0, host = '127.0.0.1', token = 'hcloud-token', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  const zoneList = [...new Set(names)].map((name, i) => ({ id: 4711 + i, name }));
  const sets = [];
  for (const r of records) {
    const name = r.name.toLowerCase();
    const zname = zoneOf(name, names);
    const zone = zoneList.find((z) => z.name === zname);
    const rel = relName(name, zone.name);
    const s = sets.find((x) => x.zone === zone.id && x.name === rel && x.type === r.type);
    if (s) s.records.push({ value: r.value, comment: r.comment || '' });
    else sets.push({ id: `${rel}/${r.type}`, name: rel, type: r.type, ttl: r.ttl || null, labels: {},
      protection: { change: false }, records: [{ value: r.value, comment: r.comment || '' }], zone: zone.id });
  }
  let actionId = 1000;
  // Every answer carries the documented rate-limit headers.
  const api = jsonApi({
    headers: (requests) => ({ 'RateLimit-Limit': String(LIMIT), 'RateLimit-Remaining': String(LIMIT - requests.length),
      'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 1) }),
    failBody: () => ({ error: { code: 'server_error', message: 'internal server error', details: {} } }),
  });
  const { reply } = api;
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
    if (store && (type === 'A' || type === 'AAAA')) store.set(fullName(name, zone.name), type, recs[0].value, set.ttl || 3600);
    const now = new Date().toISOString();
    return reply(res, 201, { action: { id: actionId++, command: 'set_rrset_records', status: 'running', progress: 0,
      started: now, finished: null, resources: [{ id: zone.id, type: 'zone' }], error: null } });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v1`, records: sets, zones: zoneList };
}
