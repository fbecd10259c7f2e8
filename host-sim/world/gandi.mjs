// A fake of Gandi's LiveDNS API (v5) on loopback, as documented: a personal access token as
// 'Authorization: Bearer' or a legacy API key as 'Authorization: Apikey',
// GET /v5/livedns/domains/{fqdn}/records/{rrset_name}/{rrset_type} answering the record set,
// PUT to the same path replacing it (201 'DNS Record Created'), JSON errors
// {code, message, object, cause}.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// token: a personal access token (Bearer); apiKey: a legacy key (Apikey), both optional;
// domains: zone names (default: parents of the records); records: [{ name: fqdn, type, value,
// ttl? }]; store: optional RecordStore mirrored on writes.
export async function startGandi({ port = 0, host = '127.0.0.1', token = 'gandi-pat', apiKey = null, domains, records = [], store } = {}) {
  const zones = zoneNames(domains, records);
  const sets = [];
  for (const r of records) {
    const name = r.name.toLowerCase();
    const zone = zoneOf(name, zones);
    const rel = relName(name, zone);
    const s = sets.find((x) => x.zone === zone && x.name === rel && x.type === r.type);
    if (s) s.values.push(r.value);
    else sets.push({ zone, name: rel, type: r.type, ttl: r.ttl || 10800, values: [r.value] });
  }
  let origin = '';
  const api = jsonApi({ failBody: (status) => ({ code: status, message: 'Internal Server Error',
    object: 'HTTPInternalServerError', cause: 'Internal Server Error' }) });
  const { reply } = api;
  const authorized = (h) => (token && h === `Bearer ${token}`) || (apiKey && h === `Apikey ${apiKey}`);

  // GET and PUT of one record set.
  const handle = (req, res, url, entry) => {
    if (!authorized(req.headers.authorization)) {
      return reply(res, 401, { code: 401, message: 'The server could not verify that you authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad api key) or your access token has expired', object: 'HTTPUnauthorized', cause: 'Unauthorized' });
    }
    const m = /^\/v5\/livedns\/domains\/([^/]+)\/records\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { code: 404, message: 'The resource could not be found.', object: 'HTTPNotFound', cause: 'Not Found' });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    const name = decodeURIComponent(m[2]).toLowerCase();
    const type = m[3];
    if (!zones.includes(zone)) {
      return reply(res, 404, { code: 404, message: 'Domain not found', object: 'HTTPNotFound', cause: 'Not Found' });
    }
    const idx = sets.findIndex((s) => s.zone === zone && s.name === name && s.type === type);
    if (req.method === 'GET') {
      if (idx < 0) return reply(res, 404, { code: 404, message: `Can't find the DNS record ${name}/${type} in LiveDNS`, object: 'dns-record', cause: 'Not Found' });
      const s = sets[idx];
      return reply(res, 200, { rrset_name: s.name, rrset_type: s.type, rrset_ttl: s.ttl, rrset_values: s.values,
        rrset_href: `${origin}/v5/livedns/domains/${zone}/records/${s.name}/${s.type}` });
    }
    if (req.method !== 'PUT') return reply(res, 405, { code: 405, message: 'Method not allowed', object: 'HTTPMethodNotAllowed', cause: 'Method Not Allowed' });
    const j = entry.json;
    const values = j && j.rrset_values;
    if (!Array.isArray(values) || !values.length || !values.every((v) => validValue(type, v)) ||
        (j.rrset_ttl !== undefined && !(j.rrset_ttl >= 300 && j.rrset_ttl <= 2592000))) {
      return reply(res, 400, { code: 400, message: 'Validation error', object: 'HTTPBadRequest', cause: 'Bad Request' });
    }
    const set = { zone, name, type, ttl: j.rrset_ttl || 10800, values: values.slice() };
    if (idx >= 0) sets[idx] = set; else sets.push(set);
    if (store && (type === 'A' || type === 'AAAA')) store.set(fullName(name, zone), type, values[0], set.ttl);
    return reply(res, 201, { message: 'DNS Record Created' });
  };

  origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v5/livedns`, records: sets };
}
