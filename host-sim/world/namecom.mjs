// Follows: Name.com API v4 documentation, DNS: ListRecords / UpdateRecord, https://www.name.com/api-docs/DNS (GET/PUT /v4/domains/{domainName}/records[/{id}], Basic auth user:token, records with host '' or '@' for the apex).
// A fake of Name.com's API v4 DNS records (api.name.com/v4) on loopback, as documented: HTTP
// Basic auth with the user name and an API token, GET /v4/domains/{domainName}/records
// (perPage, page) answering {records: [{id, domainName, host, fqdn, type, answer, ttl}],
// lastPage} (an empty list is {}; the apex has host ''), PUT
// /v4/domains/{domainName}/records/{id} with {host, type, answer, ttl} answering the record.
// Errors {message, details}.
import { jsonApi, zoneNames, zoneOf, relName, fullName, validValue } from './json-api.mjs';

// user/token: the API credentials; zones: domain names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startNamecom({ port = 0, host = '127.0.0.1', user = 'nc-user', token = 'nc-token', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  let next = 100;
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    const rel = relName(r.name.toLowerCase(), z);
    return { id: next++, domainName: z, host: rel === '@' ? '' : rel, fqdn: `${r.name.toLowerCase()}.`, type: r.type, answer: r.value, ttl: r.ttl || 300 };
  });
  const api = jsonApi({ failBody: () => ({ message: 'Internal Server Error' }) });
  const { reply } = api;
  const auth = 'Basic ' + Buffer.from(`${user}:${token}`).toString('base64');
  // The API leaves out an empty host.
  const view = (r) => { const { host: h, ...rest } = r; return h ? { ...rest, host: h } : rest; };

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== auth) return reply(res, 401, { message: 'Unauthenticated' });
    const m = /^\/v4\/domains\/([^/]+)\/records(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return reply(res, 404, { message: 'Not Found' });
    const zone = decodeURIComponent(m[1]).toLowerCase();
    if (!names.includes(zone)) return reply(res, 404, { message: 'Not Found', details: 'Domain not found' });
    const inZone = recs.filter((r) => r.domainName === zone);
    if (!m[2]) {
      if (req.method !== 'GET') return reply(res, 405, { message: 'Method Not Allowed' });
      const per = Math.min(parseInt(url.searchParams.get('perPage') || '1000', 10) || 1000, 1000);
      const list = inZone.slice(0, per).map(view);
      return reply(res, 200, list.length ? { records: list, lastPage: 1 } : {});
    }
    const rec = inZone.find((r) => r.id === Number(m[2]));
    if (!rec) return reply(res, 404, { message: 'Not Found', details: 'Record not found' });
    if (req.method === 'GET') return reply(res, 200, view(rec));
    if (req.method !== 'PUT') return reply(res, 405, { message: 'Method Not Allowed' });
    const b = entry.json;
    if (!b || typeof b.type !== 'string' || !validValue(b.type, b.answer)) return reply(res, 400, { message: 'Invalid Argument', details: 'answer' });
    Object.assign(rec, { host: b.host || '', type: b.type, answer: b.answer, ttl: b.ttl || rec.ttl });
    rec.fqdn = `${fullName(rec.host || '@', zone)}.`;
    if (store && (rec.type === 'A' || rec.type === 'AAAA')) store.set(fullName(rec.host || '@', zone), rec.type, rec.answer, rec.ttl);
    return reply(res, 200, view(rec));
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v4`, records: recs };
}
