// Follows: Hostinger API reference, DNS zone: Update zone records (PUT /api/dns/v1/zones/{domain}), https://developers.hostinger.com/#tag/dns-zone ; the page itself was not in the search corpus, only Hostinger's own agent-skill notes on it (zone-oriented: entries grouped by name and type, no per-record update).
// A fake of Hostinger's DNS API v1 (developers.hostinger.com) on loopback, as its API reference
// documents it: 'Authorization: Bearer {token}', PUT /api/dns/v1/zones/{domain} with
// {overwrite, zone: [{name, records: [{content}], ttl, type}]} answering 200
// {message: 'Request accepted'}; with overwrite the records of that name and type are replaced,
// without it the records are appended. Errors: 401 {message, correlation_id}, 422 {message,
// errors, correlation_id} for invalid input, 500 {error, correlation_id}.
import { randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'ALIAS'];

// token: the API token; zones: domain names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startHostinger({ port = 0, host = '127.0.0.1', token = 'hostinger-token', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  // Per zone, the record sets as the API lists them: {name, records: [{content, is_disabled}], ttl, type}.
  const sets = {};
  for (const z of names) sets[z] = [];
  for (const r of records) {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    const s = sets[z].find((x) => x.name === rel && x.type === r.type);
    if (s) s.records.push({ content: r.value, is_disabled: false });
    else sets[z].push({ name: rel, records: [{ content: r.value, is_disabled: false }], ttl: r.ttl || 14400, type: r.type });
  }
  const api = jsonApi({ failBody: () => ({ error: 'Internal server error', correlation_id: randomUUID() }) });
  const { reply } = api;
  const invalid = (res, field, msg) => reply(res, 422, { message: msg, errors: { [field]: [msg] }, correlation_id: randomUUID() });

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, { message: 'Unauthenticated', correlation_id: randomUUID() });
    const m = /^\/api\/dns\/v1\/zones\/([^/]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { message: 'Not found', correlation_id: randomUUID() });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!sets[zone]) return invalid(res, 'domain', 'The selected domain is invalid.');
    if (req.method === 'GET') return reply(res, 200, sets[zone]);
    if (req.method !== 'PUT') return reply(res, 405, { message: 'Method not allowed', correlation_id: randomUUID() });
    const b = entry.json;
    if (!b || !Array.isArray(b.zone) || !b.zone.length) return invalid(res, 'zone', 'The zone field is required.');
    for (const z of b.zone) {
      if (!z || typeof z.name !== 'string' || !z.name) return invalid(res, 'zone.0.name', 'The zone.0.name field is required.');
      if (!TYPES.includes(z.type)) return invalid(res, 'zone.0.type', 'The selected zone.0.type is invalid.');
      if (z.ttl !== undefined && !(Number.isInteger(z.ttl) && z.ttl > 0)) return invalid(res, 'zone.0.ttl', 'The zone.0.ttl must be an integer.');
      if (!Array.isArray(z.records) || !z.records.length || !z.records.every((r) => r && validValue(z.type, r.content))) {
        return invalid(res, 'zone.0.records', 'The zone.0.records field is invalid.');
      }
    }
    const overwrite = b.overwrite !== false;
    for (const z of b.zone) {
      const recs = z.records.map((r) => ({ content: r.content, is_disabled: false }));
      const s = sets[zone].find((x) => x.name === z.name && x.type === z.type);
      if (!s) sets[zone].push({ name: z.name, records: recs, ttl: z.ttl || 14400, type: z.type });
      else if (overwrite) { s.records = recs; if (z.ttl) s.ttl = z.ttl; }
      else { s.records.push(...recs); if (z.ttl) s.ttl = z.ttl; }
      if (store && (z.type === 'A' || z.type === 'AAAA')) store.set(fullName(z.name, zone), z.type, recs[0].content, z.ttl || 14400);
    }
    return reply(res, 200, { message: 'Request accepted' });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, sets };
}
