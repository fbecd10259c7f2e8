// Follows: NameSilo API Reference, https://www.namesilo.com/api-reference (dnsListRecords, dnsUpdateRecord); the page itself was not in the search corpus, so this is read from clients that cite it (ddns-scripts update_namesilo_com_v1.sh, ddns-updater providers/namesilo).
// A fake of the NameSilo API on loopback, as documented: GET /api/{operation}?version=1&type=json&
// key={API key}&..., every answer HTTP 200 with {request: {operation, ip}, reply: {code, detail,
// ...}}; code 300 is success, 110 an invalid API key, 200 a domain not active or not of this
// user, 280 a DNS modification error. dnsListRecords?domain= answers reply.resource_record
// [{record_id, type, host (the full name), value, ttl, distance}]; dnsUpdateRecord?domain=&rrid=
// &rrhost= (the host part, empty for the domain)&rrvalue=&rrttl= (optional: the TTL is kept
// when it is left out) answers the new record_id.
import net from 'node:net';
import { jsonApi, zoneNames, zoneOf } from './json-api.mjs';

// key: the API key; domains: the account's domains; records: [{ name: fqdn, type, value, ttl? }];
// stringCodes: reply.code as a string ("300"), which the live API also sends (noted by ddns-updater).
export async function startNamesilo({ port = 0, host = '127.0.0.1', key = 'ns-key', domains, records = [], stringCodes = false } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 1;
  const recs = records.map((r) => ({ record_id: `rr${nextId++}`, type: r.type, host: r.name.toLowerCase(),
    value: r.value, ttl: String(r.ttl || 7207), distance: 0, zone: zoneOf(r.name.toLowerCase(), zones) }));
  const api = jsonApi({ failBody: () => ({ reply: { code: 0, detail: 'error' } }), fits: (k, req, url) => url.pathname.endsWith(k) });
  const answer = (res, url, reply) => api.reply(res, 200,
    { request: { operation: url.pathname.split('/').pop(), ip: '127.0.0.1' }, reply: stringCodes ? { ...reply, code: String(reply.code) } : reply });

  const handle = (req, res, url) => {
    const p = url.searchParams;
    const op = url.pathname.replace(/^\/api\//, '');
    if (p.get('version') !== '1' || p.get('type') !== 'json') return answer(res, url, { code: 103, detail: 'Invalid API version' });
    if (p.get('key') !== key) return answer(res, url, { code: 110, detail: 'Invalid API Key' });
    const domain = (p.get('domain') || '').toLowerCase();
    if (!zones.includes(domain)) return answer(res, url, { code: 200, detail: 'Domain is not active, or does not belong to this user' });
    const mine = recs.filter((r) => r.zone === domain);
    if (op === 'dnsListRecords') {
      return answer(res, url, { code: 300, detail: 'success', resource_record: mine.map(({ zone, ...r }) => r) });
    }
    if (op !== 'dnsUpdateRecord') return answer(res, url, { code: 107, detail: 'Invalid API operation' });
    const rec = mine.find((r) => r.record_id === p.get('rrid'));
    const sub = p.get('rrhost');
    const value = p.get('rrvalue') || '';
    if (!rec || sub === null) return answer(res, url, { code: 280, detail: 'DNS modification error' });
    if ((rec.type === 'A' && !net.isIPv4(value)) || (rec.type === 'AAAA' && !net.isIPv6(value)) || (p.has('rrttl') && !(Number(p.get('rrttl')) >= 3600))) {
      return answer(res, url, { code: 280, detail: 'DNS modification error' });
    }
    Object.assign(rec, { record_id: `rr${nextId++}`, host: sub ? `${sub}.${domain}` : domain, value, ttl: p.get('rrttl') || rec.ttl });
    return answer(res, url, { code: 300, detail: 'success', record_id: rec.record_id });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/api`, records: recs };
}
