// A fake of GoDaddy's Domains API (v1 DNS records) on loopback, as documented:
// 'Authorization: sso-key {key}:{secret}', GET /v1/domains/{domain}/records/{type}/{name}
// answering an array (empty when there is no such record), PUT to the same path replacing the
// records with the array sent, JSON errors {code, message}, 429 with retryAfterSec.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// key/secret: the API credentials; domains: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startGodaddy({ port = 0, host = '127.0.0.1', key = 'gd-key', secret = 'gd-secret', domains, records = [], store } = {}) {
  const zones = zoneNames(domains, records);
  const recs = records.map((r) => {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zones);
    return { zone, name: relName(name, zone), type: r.type, data: r.value, ttl: r.ttl || 3600 };
  });
  const api = jsonApi({ failBody: () => ({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }) });
  const { reply } = api;

  // GET and PUT of one record set by type and name.
  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== `sso-key ${key}:${secret}`) {
      return reply(res, 401, { code: 'UNABLE_TO_AUTHENTICATE', message: 'Unauthorized : Could not authenticate API key/secret' });
    }
    const m = /^\/v1\/domains\/([^/]+)\/records\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { code: 'NOT_FOUND', message: 'The requested resource was not found' });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    const type = m[2];
    const name = decodeURIComponent(m[3]).toLowerCase();
    if (!zones.includes(zone)) {
      return reply(res, 404, { code: 'UNKNOWN_DOMAIN', message: `The given domain is not registered, or does not have a zone file: ${zone}` });
    }
    const match = (r) => r.zone === zone && r.type === type && r.name === name;
    if (req.method === 'GET') {
      return reply(res, 200, recs.filter(match).map((r) => ({ data: r.data, name: r.name, ttl: r.ttl, type: r.type })));
    }
    if (req.method !== 'PUT') return reply(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed' });
    const list = entry.json;
    if (!Array.isArray(list)) return reply(res, 422, { code: 'INVALID_BODY', message: 'Request body must be an array of records' });
    for (const r of list) {
      if (!r || !validValue(type, r.data)) {
        return reply(res, 422, { code: 'INVALID_BODY', message: `data is not a valid ${type} value` });
      }
      if (r.ttl !== undefined && !(r.ttl >= 600)) {
        return reply(res, 422, { code: 'INVALID_BODY', message: 'ttl must be at least 600' });
      }
    }
    for (let i = recs.length - 1; i >= 0; i--) if (match(recs[i])) recs.splice(i, 1);
    for (const r of list) recs.push({ zone, name, type, data: r.data, ttl: r.ttl || 3600 });
    if (store && list.length && (type === 'A' || type === 'AAAA')) {
      store.set(fullName(name, zone), type, list[0].data, list[0].ttl || 3600);
    }
    return reply(res, 200, undefined);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v1`, records: recs };
}
