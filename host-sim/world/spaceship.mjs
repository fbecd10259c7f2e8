// Follows: Spaceship API, DNS records, https://docs.spaceship.dev/ (GET and PUT /v1/dns/records/{domain}, X-API-Key/X-API-Secret); only summaries of the page were in the search corpus (ddns-updater's docs/spaceship.md and clients citing it), so the reply fields are as ddns-updater's spaceship provider reads them.
// A fake of Spaceship's DNS records API (spaceship.dev/api/v1) on loopback, as documented:
// 'X-API-Key' and 'X-API-Secret' headers, GET /v1/dns/records/{domain}?take=N&skip=M (take
// 1..500 required) answering {items: [{type, name, address, ttl, group: {type}}], total},
// PUT /v1/dns/records/{domain} with {force, items: [{type, name, address, ttl}]} saving the
// records (an existing identical record is kept, others are added) and answering 204,
// DELETE /v1/dns/records/{domain} with [{type, name, address}] removing exactly those and
// answering 204. Names are relative, '@' for the apex. Errors {detail} with a
// 'spaceship-error-code' header.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// key/secret: the API key pair; zones: domain names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startSpaceship({ port = 0, host = '127.0.0.1', key = 'ss-key', secret = 'ss-secret', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    return { zone: z, type: r.type, name: relName(r.name.toLowerCase(), z), address: r.value, ttl: r.ttl || 3600, group: { type: 'custom' } };
  });
  const api = jsonApi({ failBody: () => ({ detail: 'Internal server error.' }) });
  const { reply } = api;
  const error = (res, st, code, detail) => reply(res, st, { detail }, { 'spaceship-error-code': code });
  const view = ({ zone, ...r }) => r;
  const same = (a, b) => a.type === b.type && a.name.toLowerCase() === String(b.name).toLowerCase() && a.address === b.address;

  const handle = (req, res, url, entry) => {
    if (req.headers['x-api-key'] !== key || req.headers['x-api-secret'] !== secret) return error(res, 401, 'Unauthorized', 'Unauthorized.');
    const m = /^\/api\/v1\/dns\/records\/([^/]+)$/.exec(url.pathname);
    if (!m) return error(res, 404, 'NotFound', 'Not found.');
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!names.includes(zone)) return error(res, 404, 'NotFound', `SOA record for domain ${zone} not found.`);
    const inZone = recs.filter((r) => r.zone === zone);
    if (req.method === 'GET') {
      const take = parseInt(url.searchParams.get('take') || '', 10);
      const skip = parseInt(url.searchParams.get('skip') || '', 10);
      if (!(take >= 1 && take <= 500) || !(skip >= 0)) return error(res, 422, 'ValidationError', 'take and skip are required.');
      return reply(res, 200, { items: inZone.slice(skip, skip + take).map(view), total: inZone.length });
    }
    const b = entry.json;
    if (req.method === 'PUT') {
      if (!b || !Array.isArray(b.items) || !b.items.length) return error(res, 422, 'ValidationError', 'items is required.');
      for (const it of b.items) {
        if (!it || typeof it.name !== 'string' || !['A', 'AAAA'].includes(it.type) || !validValue(it.type, it.address)) {
          return error(res, 422, 'ValidationError', 'Invalid record.');
        }
        if (it.ttl !== undefined && !(it.ttl >= 60 && it.ttl <= 3600)) return error(res, 422, 'ValidationError', 'ttl must be 60..3600.');
      }
      for (const it of b.items) {
        if (inZone.some((r) => same(r, it))) continue;
        recs.push({ zone, type: it.type, name: it.name, address: it.address, ttl: it.ttl || 3600, group: { type: 'custom' } });
        if (store) store.set(fullName(it.name, zone), it.type, it.address, it.ttl || 3600);
      }
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'DELETE') {
      if (!Array.isArray(b) || !b.length) return error(res, 422, 'ValidationError', 'A list of records is required.');
      for (const d of b) {
        const i = recs.findIndex((r) => r.zone === zone && same(r, d));
        if (i >= 0) recs.splice(i, 1);
      }
      res.writeHead(204);
      return res.end();
    }
    return error(res, 405, 'MethodNotAllowed', 'Method not allowed.');
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/api/v1`, records: recs };
}
