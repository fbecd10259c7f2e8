// Follows: NS1 REST API v1 (IBM NS1 Connect), https://ns1.com/api (X-NSONE-Key; Records: GET/PUT/POST /v1/zones/:zone/:domain/:type); the record pages were not in the search corpus, only the API's OpenAPI summary (X-NSONE-Key, PUT creates, POST updates).
// A fake of the NS1 REST API v1 (api.nsone.net/v1) on loopback, as documented: 'X-NSONE-Key'
// header, GET /v1/zones/{zone}/{domain}/{type} answering the record {id, zone, domain, type, ttl,
// answers: [{id, answer: [rdata]}], ...}, POST to the same path changing it (fields given), PUT
// creating it (zone, domain, type, answers); errors {message}: 401 'Unauthorized', 404 'zone not
// found' / 'record not found', 400 'record already exists' on a second PUT.
import { randomBytes } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

const id = () => randomBytes(12).toString('hex');

// key: the API key; zones; records: [{ name: fqdn, type, value, ttl? }].
export async function startNs1({ port = 0, host = '127.0.0.1', key = 'ns1-key', zones, records = [] } = {}) {
  const names = zoneNames(zones, records);
  const recs = records.map((r) => ({ id: id(), zone: zoneOf(r.name.toLowerCase(), names), domain: r.name.toLowerCase(), type: r.type,
    ttl: r.ttl || 3600, answers: [{ id: id(), answer: [r.value] }], filters: [], meta: {}, tier: 1, use_client_subnet: true }));
  const api = jsonApi({ failBody: () => ({ message: 'internal error' }) });
  const { reply } = api;
  const okAnswers = (type, a) => Array.isArray(a) && a.length > 0 && a.every((x) => x && Array.isArray(x.answer) && x.answer.length === 1 && validValue(type, x.answer[0]));

  const handle = (req, res, url, entry) => {
    if (req.headers['x-nsone-key'] !== key) return reply(res, 401, { message: 'Unauthorized' });
    const m = /^\/v1\/zones\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const zone = m && decodeURIComponent(m[1]).toLowerCase();
    if (!zone || !names.includes(zone)) return reply(res, 404, { message: 'zone not found' });
    const domain = decodeURIComponent(m[2]).toLowerCase();
    const type = m[3];
    const rec = recs.find((r) => r.zone === zone && r.domain === domain && r.type === type);
    const b = entry.json || {};
    if (req.method === 'PUT') {
      if (rec) return reply(res, 400, { message: 'record already exists' });
      if (b.zone !== zone || b.domain !== domain || b.type !== type || !okAnswers(type, b.answers)) return reply(res, 400, { message: 'invalid record' });
      if (!(domain === zone || domain.endsWith(`.${zone}`))) return reply(res, 400, { message: 'record is not in zone' });
      const made = { id: id(), zone, domain, type, ttl: Number(b.ttl) || 3600, answers: b.answers.map((a) => ({ id: id(), answer: a.answer })),
        filters: [], meta: {}, tier: 1, use_client_subnet: true };
      recs.push(made);
      return reply(res, 200, made);
    }
    if (!rec) return reply(res, 404, { message: 'record not found' });
    if (req.method === 'GET') return reply(res, 200, rec);
    if (req.method !== 'POST') return reply(res, 405, { message: 'method not allowed' });
    if (b.answers !== undefined) {
      if (!okAnswers(type, b.answers)) return reply(res, 400, { message: 'invalid answers' });
      rec.answers = b.answers.map((a) => ({ id: id(), answer: a.answer }));
    }
    return reply(res, 200, rec);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v1`, records: recs };
}
