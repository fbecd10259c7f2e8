// Follows: PowerDNS Authoritative HTTP API, swagger spec docs/http-api/swagger/authoritative-api-swagger.yaml (https://doc.powerdns.com/authoritative/http-api/zone.html).
// A fake of the PowerDNS Authoritative HTTP API on loopback, as documented: 'X-API-Key' header,
// PATCH /api/v1/servers/localhost/zones/{zone_id} (the zone name with its trailing dot) with
// {rrsets: [{name, type, ttl, changetype: 'REPLACE'|'DELETE', records: [{content, disabled?}]}]}
// answering 204 No Content; 401 'Unauthorized' as text; JSON {error} for an unknown zone (404)
// and for a malformed rrset (422).
import { jsonApi, validValue } from './json-api.mjs';

// key: the API key; zones: zone names without the dot; records: [{ name: fqdn, type, value, ttl? }].
export async function startPdns({ port = 0, host = '127.0.0.1', key = 'pdns-key', zones = [], records = [] } = {}) {
  const sets = records.map((r) => ({ name: `${r.name.toLowerCase()}.`, type: r.type, ttl: r.ttl || 3600,
    records: [{ content: r.value, disabled: false }] }));
  const api = jsonApi({ failBody: () => ({ error: 'Internal Server Error' }) });
  const { reply } = api;

  const handle = (req, res, url, entry) => {
    if (req.headers['x-api-key'] !== key) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      return res.end('Unauthorized');
    }
    const m = /^\/api\/v1\/servers\/localhost\/zones\/([^/]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { error: 'Not Found' });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!zone.endsWith('.') || !zones.includes(zone.slice(0, -1))) return reply(res, 404, { error: `Could not find domain '${zone}'` });
    if (req.method !== 'PATCH') return reply(res, 405, { error: 'Method Not Allowed' });
    const list = entry.json && entry.json.rrsets;
    if (!Array.isArray(list)) return reply(res, 422, { error: 'No rrsets given in update request' });
    for (const s of list) {
      if (!s.name || !s.name.endsWith('.') || !(s.name === zone || s.name.endsWith(`.${zone}`))) {
        return reply(res, 422, { error: `RRset ${s.name} IN ${s.type}: Name is out of zone` });
      }
      if (s.changetype === 'DELETE') continue;
      if (s.changetype !== 'REPLACE' || !Array.isArray(s.records) || !(s.ttl > 0) ||
          !s.records.every((r) => validValue(s.type, r.content) && (r.disabled === undefined || typeof r.disabled === 'boolean'))) {
        return reply(res, 422, { error: `RRset ${s.name} IN ${s.type}: invalid` });
      }
    }
    for (const s of list) {
      const old = sets.findIndex((x) => x.name === s.name && x.type === s.type);
      if (old >= 0) sets.splice(old, 1);
      if (s.changetype !== 'DELETE') sets.push({ name: s.name, type: s.type, ttl: s.ttl, records: s.records });
    }
    res.writeHead(204);
    return res.end();
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: sets };
}
