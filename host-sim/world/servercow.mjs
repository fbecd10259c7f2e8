// Follows: Servercow wiki, DNS API 'API Syntax', https://wiki.servercow.de/en/domains/dns_api/api-syntax (headers, GET of the active records, POST {type, name, content, ttl} creating or editing).
// A fake of the Servercow DNS API (api.servercow.de/dns/v1) on loopback, as documented:
// 'X-Auth-Username' and 'X-Auth-Password' headers, 'Content-Type: application/json', GET
// /dns/v1/domains/{domain} answering the active records [{name, ttl, type, content}] (name
// relative to the domain, '' for the domain itself), POST of {type, name, content, ttl}
// creating or changing the record and answering {message: 'ok'}; failures answer {error}.
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// user/pass: the DNS API access; domains; records: [{ name: fqdn, type, value, ttl? }].
export async function startServercow({ port = 0, host = '127.0.0.1', user = 'sc-user', pass = 'sc-pass', domains, records = [] } = {}) {
  const zones = zoneNames(domains, records);
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, zones);
    return { zone, name: n === zone ? '' : n.slice(0, -(zone.length + 1)), ttl: r.ttl || 3600, type: r.type, content: r.value };
  });
  const api = jsonApi({ failBody: () => ({ error: 'Internal error' }) });
  const { reply } = api;

  const handle = (req, res, url, entry) => {
    if (req.headers['x-auth-username'] !== user || req.headers['x-auth-password'] !== pass) {
      return reply(res, 401, { error: 'Authentication failed' });
    }
    if (req.headers['content-type'] !== 'application/json' && req.method === 'POST') return reply(res, 400, { error: 'Invalid content type' });
    const m = /^\/dns\/v1\/domains\/([^/]+)$/.exec(url.pathname);
    const zone = m && decodeURIComponent(m[1]).toLowerCase();
    if (!zone || !zones.includes(zone)) return reply(res, 404, { error: 'Domain not found' });
    const mine = recs.filter((r) => r.zone === zone);
    if (req.method === 'GET') return reply(res, 200, mine.map(({ zone: z, ...r }) => r));
    if (req.method !== 'POST') return reply(res, 405, { error: 'Method not allowed' });
    const b = entry.json;
    if (!b || typeof b.name !== 'string' || !['A', 'AAAA', 'TXT', 'CNAME', 'MX', 'TLSA', 'CAA'].includes(b.type) ||
        !validValue(b.type, b.content) || !(Number(b.ttl) > 0)) {
      return reply(res, 200, { error: 'Invalid record' });
    }
    for (let i = recs.length - 1; i >= 0; i--) if (recs[i].zone === zone && recs[i].name === b.name && recs[i].type === b.type) recs.splice(i, 1);
    recs.push({ zone, name: b.name, ttl: Number(b.ttl), type: b.type, content: b.content });
    return reply(res, 200, { message: 'ok' });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/dns/v1`, records: recs };
}
