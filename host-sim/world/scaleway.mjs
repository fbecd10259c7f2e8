// Follows: Scaleway Domains and DNS API, Records: List records / Update records within a DNS zone, https://www.scaleway.com/en/developers/api/domains-and-dns/#path-records-update-records-within-a-dns-zone (checked through its generated OpenAPI models: changes[].set {id?, id_fields {name, type, data?, ttl?}, records}).
// A fake of Scaleway's Domains and DNS API (api.scaleway.com/domain/v2beta1) on loopback, as
// documented: 'X-Auth-Token: {secret key}', GET /dns-zones/{dns_zone}/records?name=&type= answering
// {total_count, records: [{id, data, name, priority, ttl, type, comment}]} (names relative to the
// zone, '' for the apex), PATCH /dns-zones/{dns_zone}/records with {changes: [{set: {id_fields:
// {name, type}, records: [...]}}]} answering {records}; errors {message, type} (401
// denied_authentication, 404 not_found, 400 invalid_arguments).
import { randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// token: the secret key; zones: zone names; records: [{ name: fqdn, type, value, ttl? }].
export async function startScaleway({ port = 0, host = '127.0.0.1', token = 'scw-secret', zones, records = [] } = {}) {
  const names = zoneNames(zones, records);
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, names);
    return { zone, id: randomUUID(), data: r.value, name: n === zone ? '' : n.slice(0, -(zone.length + 1)), priority: 0,
      ttl: r.ttl || 3600, type: r.type, comment: null };
  });
  const api = jsonApi({ failBody: () => ({ message: 'internal error', type: 'internal' }) });
  const { reply } = api;
  const out = (r) => { const { zone, ...x } = r; return x; };

  const handle = (req, res, url, entry) => {
    if (req.headers['x-auth-token'] !== token) {
      return reply(res, 401, { message: 'authentication is denied', method: 'api_key', reason: 'invalid_argument', type: 'denied_authentication' });
    }
    const m = /^\/domain\/v2beta1\/dns-zones\/([^/]+)\/records$/.exec(url.pathname);
    const zone = m && decodeURIComponent(m[1]).toLowerCase();
    if (!zone || !names.includes(zone)) {
      return reply(res, 404, { message: 'resource is not found', resource: 'dns_zone', resource_id: zone, type: 'not_found' });
    }
    if (req.method === 'GET') {
      const q = url.searchParams;
      const list = recs.filter((r) => r.zone === zone && (!q.has('name') || r.name === q.get('name')) && (!q.get('type') || r.type === q.get('type')));
      return reply(res, 200, { total_count: list.length, records: list.map(out) });
    }
    if (req.method !== 'PATCH') return reply(res, 405, { message: 'method not allowed', type: 'invalid_arguments' });
    const changes = entry.json && entry.json.changes;
    if (!Array.isArray(changes)) return reply(res, 400, { message: 'invalid argument(s)', details: [{ argument_name: 'changes' }], type: 'invalid_arguments' });
    const changed = [];
    for (const c of changes) {
      const s = c && c.set;
      const f = s && s.id_fields;
      if (!f || typeof f.name !== 'string' || !f.type || !Array.isArray(s.records) ||
          !s.records.every((r) => r.type === f.type && r.name === f.name && validValue(r.type, r.data) && r.ttl > 0)) {
        return reply(res, 400, { message: 'invalid argument(s)', details: [{ argument_name: 'changes' }], type: 'invalid_arguments' });
      }
      for (let i = recs.length - 1; i >= 0; i--) if (recs[i].zone === zone && recs[i].name === f.name && recs[i].type === f.type) recs.splice(i, 1);
      for (const r of s.records) {
        const rec = { zone, id: randomUUID(), data: r.data, name: r.name, priority: 0, ttl: r.ttl, type: r.type, comment: null };
        recs.push(rec);
        changed.push(out(rec));
      }
    }
    return reply(res, 200, { records: changed });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/domain/v2beta1`, records: recs };
}
