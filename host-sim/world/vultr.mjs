// Follows: Vultr API v2, DNS: List Records / Update Record, https://www.vultr.com/api/#tag/dns/operation/update-dns-domain-record (PATCH answers 204).
// A fake of Vultr's DNS API (api.vultr.com/v2) on loopback, as documented: 'Authorization:
// Bearer {api-key}', GET /v2/domains/{dns-domain}/records (per_page, cursor) answering
// {records: [{id, type, name, data, priority, ttl}], meta: {total, links: {next, prev}}},
// GET .../records/{record-id} answering {record}, PATCH .../records/{record-id} with any of
// {name, data, ttl, priority} answering 204 No Content. Names are relative to the zone, '' for
// the apex. Errors {error, status}.
import { randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// token: the API key; zones: domain names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startVultr({ port = 0, host = '127.0.0.1', token = 'vultr-key', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    return { zone: z, id: r.id || randomUUID(), type: r.type, name: rel === '@' ? '' : rel, data: r.value, priority: -1, ttl: r.ttl || 300 };
  });
  const api = jsonApi({ failBody: (st) => ({ error: 'Internal server error', status: st }) });
  const { reply } = api;
  const error = (res, st, msg) => reply(res, st, { error: msg, status: st });
  const view = ({ zone, ...r }) => r;

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'Invalid API token.');
    const m = /^\/v2\/domains\/([^/]+)\/records(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'Not found.');
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!names.includes(zone)) return error(res, 404, 'Domain not found.');
    const inZone = recs.filter((r) => r.zone === zone);
    if (!m[2]) {
      if (req.method !== 'GET') return error(res, 405, 'Method not allowed.');
      const per = Math.min(Math.max(parseInt(url.searchParams.get('per_page') || '100', 10) || 100, 1), 500);
      return reply(res, 200, { records: inZone.slice(0, per).map(view),
        meta: { total: inZone.length, links: { next: inZone.length > per ? 'bmV4dA==' : '', prev: '' } } });
    }
    const rec = inZone.find((r) => r.id === decodeURIComponent(m[2]));
    if (!rec) return error(res, 404, 'Record not found.');
    if (req.method === 'GET') return reply(res, 200, { record: view(rec) });
    if (req.method !== 'PATCH') return error(res, 405, 'Method not allowed.');
    const b = entry.json;
    if (!b || typeof b !== 'object') return error(res, 400, 'Invalid JSON body.');
    if (b.data !== undefined && !validValue(rec.type, b.data)) return error(res, 400, 'Invalid record data.');
    if (b.name !== undefined) rec.name = String(b.name);
    if (b.data !== undefined) rec.data = b.data;
    if (b.ttl !== undefined) rec.ttl = b.ttl;
    if (store && (rec.type === 'A' || rec.type === 'AAAA')) store.set(fullName(rec.name || '@', zone), rec.type, rec.data, rec.ttl);
    res.writeHead(204);
    return res.end();
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v2`, records: recs };
}
