// Follows: Vercel REST API, dns: List existing DNS records (GET /v5/domains/{domain}/records) https://vercel.com/docs/rest-api/dns/list-existing-dns-records and Update an existing DNS record (PATCH /v1/domains/records/{recordId}) https://vercel.com/docs/rest-api/dns/update-an-existing-dns-record.
// A fake of Vercel's DNS REST API (api.vercel.com) on loopback, as documented:
// 'Authorization: Bearer {token}' and an optional teamId query parameter on every call,
// GET /v5/domains/{domain}/records (limit) answering {records: [{id, slug, name, type, value,
// creator, created, updated, createdAt, updatedAt, ttl}], pagination: {count, next, prev}},
// PATCH /v1/domains/records/{recordId} taking any of {name, value, type, ttl, comment} and
// answering the record. Names are relative to the domain, '' for the apex. Errors
// {error: {code, message}}; a bad token is 403 forbidden.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// token: the access token; team: the team id the domains belong to ('' = personal account);
// zones: domain names (default: parents of the records); records: [{ name: fqdn, type, value, ttl? }];
// store: optional RecordStore mirrored on writes.
export async function startVercel({ port = 0, host = '127.0.0.1', token = 'vercel-token', team = '', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  let next = 1;
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    const id = `rec_${String(next++).padStart(8, '0')}`;
    return { zone: z, id, slug: `${rel}-${r.type}-${id}`, name: rel === '@' ? '' : rel, type: r.type, value: r.value,
      creator: 'user_1', created: 1700000000000, updated: 1700000000000, createdAt: 1700000000000, updatedAt: 1700000000000, ttl: r.ttl || 60 };
  });
  const api = jsonApi({ failBody: () => ({ error: { code: 'internal_server_error', message: 'An unexpected internal error occurred.' } }) });
  const { reply } = api;
  const error = (res, st, code, message) => reply(res, st, { error: { code, message } });
  const view = ({ zone, ...r }) => r;

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 403, 'forbidden', 'Not authorized');
    if ((url.searchParams.get('teamId') || '') !== team) return error(res, 403, 'forbidden', 'You don\'t have permission to access this domain');
    let m = /^\/v5\/domains\/([^/]+)\/records$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const zone = decodeURIComponent(m[1]).toLowerCase();
      if (!names.includes(zone)) return error(res, 404, 'not_found', 'Domain not found');
      const limit = Math.min(parseInt(url.searchParams.get('limit') || '20', 10) || 20, 100);
      const all = recs.filter((r) => r.zone === zone);
      return reply(res, 200, { records: all.slice(0, limit).map(view),
        pagination: { count: Math.min(all.length, limit), next: all.length > limit ? 1 : null, prev: null } });
    }
    m = /^\/v1\/domains\/records\/([^/]+)$/.exec(url.pathname);
    if (!m) return error(res, 404, 'not_found', 'Not found');
    if (req.method !== 'PATCH') return error(res, 405, 'method_not_allowed', 'Method not allowed');
    const rec = recs.find((r) => r.id === decodeURIComponent(m[1]));
    if (!rec) return error(res, 404, 'not_found', 'Record not found');
    const b = entry.json;
    if (!b || typeof b !== 'object') return error(res, 400, 'bad_request', 'Invalid request body');
    if (b.value !== undefined && !validValue(rec.type, b.value)) return error(res, 400, 'invalid_value', 'Invalid value for the record type');
    for (const k of ['name', 'value', 'ttl', 'comment']) if (b[k] !== undefined) rec[k] = b[k];
    rec.updated = rec.updatedAt = Date.now();
    if (store && (rec.type === 'A' || rec.type === 'AAAA')) store.set(fullName(rec.name || '@', rec.zone), rec.type, rec.value, rec.ttl);
    return reply(res, 200, view(rec));
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: recs };
}
