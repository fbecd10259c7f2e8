// Follows: Linode API v4 reference (techdocs.akamai.com/linode-api): Update a domain record, https://techdocs.akamai.com/linode-api/reference/put-domain-record, with List domains / List domain records and their Filterable fields.
// A fake of Linode's DNS Manager API (api.linode.com/v4) on loopback, as documented:
// 'Authorization: Bearer {token}', GET /v4/domains and GET /v4/domains/{domainId}/records as
// paginated lists {data, page, pages, results} that honour an 'X-Filter' JSON header on their
// filterable fields (domain; name, type), PUT /v4/domains/{domainId}/records/{recordId} taking
// any of the record's fields ({target}) and answering the updated record. Record names are
// relative to the zone, '' for the apex. Errors {errors: [{reason, field?}]}.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// token: the personal access token; zones: domain names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startLinode({ port = 0, host = '127.0.0.1', token = 'linode-token', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  const domains = [...new Set(names)].map((d, i) => ({ id: 1234 + i, domain: d, type: 'master', status: 'active',
    soa_email: `admin@${d}`, ttl_sec: 0, tags: [] }));
  let next = 5000;
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    return { domainId: domains.find((d) => d.domain === z).id, id: next++, type: r.type, name: rel === '@' ? '' : rel,
      target: r.value, priority: 0, weight: 0, port: 0, service: null, protocol: null, ttl_sec: r.ttl || 0, tag: null,
      created: '2026-01-01T00:00:00', updated: '2026-01-01T00:00:00' };
  });
  const api = jsonApi({ failBody: () => ({ errors: [{ reason: 'Internal Server Error' }] }) });
  const { reply } = api;
  const error = (res, st, reason, field) => reply(res, st, { errors: [field ? { reason, field } : { reason }] });
  const page = (res, items) => reply(res, 200, { data: items, page: 1, pages: 1, results: items.length });
  const view = ({ domainId, ...r }) => r;

  // X-Filter: a JSON object of field: value (exact match); only filterable fields may be named.
  const filtered = (req, res, items, allowed) => {
    const h = req.headers['x-filter'];
    if (!h) return items;
    let f;
    try { f = JSON.parse(h); } catch { error(res, 400, 'Invalid JSON in X-Filter'); return null; }
    for (const k of Object.keys(f)) {
      if (!allowed.includes(k)) { error(res, 400, `Cannot filter on ${k}`, 'X-Filter'); return null; }
    }
    return items.filter((x) => Object.keys(f).every((k) => x[k] === f[k]));
  };

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'Invalid Token');
    if (url.pathname === '/v4/domains') {
      const list = filtered(req, res, domains, ['domain', 'type', 'status', 'tags']);
      return list && page(res, list);
    }
    const m = /^\/v4\/domains\/(\d+)\/records(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'Not found');
    const dom = domains.find((d) => d.id === Number(m[1]));
    if (!dom) return error(res, 404, 'Not found');
    const inZone = recs.filter((r) => r.domainId === dom.id);
    if (!m[2]) {
      const list = filtered(req, res, inZone.map(view), ['name', 'type', 'target', 'tag']);
      return list && page(res, list);
    }
    const rec = inZone.find((r) => r.id === Number(m[2]));
    if (!rec) return error(res, 404, 'Not found');
    if (req.method === 'GET') return reply(res, 200, view(rec));
    if (req.method !== 'PUT') return error(res, 405, 'Method Not Allowed');
    const b = entry.json;
    if (!b || typeof b !== 'object') return error(res, 400, 'Invalid JSON');
    if (b.target !== undefined && !validValue(rec.type, b.target)) return error(res, 400, 'Invalid IP address', 'target');
    for (const k of ['name', 'target', 'ttl_sec', 'priority', 'weight', 'port', 'tag']) if (b[k] !== undefined) rec[k] = b[k];
    rec.updated = new Date().toISOString().slice(0, 19);
    if (store && (rec.type === 'A' || rec.type === 'AAAA')) store.set(fullName(rec.name || '@', dom.domain), rec.type, rec.target, rec.ttl_sec || 300);
    return reply(res, 200, view(rec));
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v4`, records: recs, domains };
}
