// Follows: LuaDNS API, https://www.luadns.com/api.html (Authentication, Server Response status codes, Zones, Records: Update record).
// A fake of the LuaDNS REST API (api.luadns.com/v1) on loopback, as documented: HTTP Basic auth
// with the account e-mail and an API key, 'Accept: application/json' required, GET /v1/zones
// (the zones), GET /v1/zones/{zone_id}/records (the records, names with a trailing dot), PUT
// /v1/zones/{zone_id}/records/{record_id} with {name, type, content, ttl} answering the record;
// errors as an HTTP status with a JSON {status (its text), request_id, message}: 400 malformed,
// 422 a validation error, 401, 403, 404, 429.
import { randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// email/key: the credentials; zones: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }].
export async function startLuadns({ port = 0, host = '127.0.0.1', email = 'joe@example.com', key = 'lua-key', zones, records = [] } = {}) {
  const names = zoneNames(zones, records);
  const zoneList = [...new Set(names)].map((name, i) => ({ id: 31 + i, name, records: [] }));
  let nextId = 1000;
  const recs = records.map((r) => {
    const zone = zoneList.find((z) => z.name === zoneOf(r.name.toLowerCase(), names));
    return { id: nextId++, name: `${r.name.toLowerCase()}.`, type: r.type, content: r.value, ttl: r.ttl || 3600, zone_id: zone.id };
  });
  const api = jsonApi({ failBody: () => ({ status: 'Internal Server Error', request_id: randomUUID(), message: 'Internal Server Error' }) });
  const { reply } = api;
  const error = (res, st, status, message) => reply(res, st, { status, request_id: randomUUID(), message });
  const auth = `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}`;

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== auth) return error(res, 401, 'Unauthorized', 'Authentication failed.');
    if (req.headers.accept !== 'application/json') return error(res, 400, 'Bad Request', 'Accept must be application/json.');
    if (req.method === 'GET' && url.pathname === '/v1/zones') {
      return reply(res, 200, zoneList.map((z) => ({ id: z.id, name: z.name, synced: true, records: null })));
    }
    const m = /^\/v1\/zones\/(\d+)\/records(?:\/(\d+))?$/.exec(url.pathname);
    const zone = m && zoneList.find((z) => z.id === Number(m[1]));
    if (!zone) return error(res, 404, 'Not Found', 'Zone not found.');
    if (!m[2]) {
      if (req.method !== 'GET') return error(res, 405, 'Method Not Allowed', 'Method not allowed.');
      return reply(res, 200, recs.filter((r) => r.zone_id === zone.id));
    }
    const rec = recs.find((r) => r.zone_id === zone.id && r.id === Number(m[2]));
    if (!rec) return error(res, 404, 'Not Found', 'Record not found.');
    if (req.method !== 'PUT') return error(res, 405, 'Method Not Allowed', 'Method not allowed.');
    const b = entry.json;
    if (!b || b.type !== rec.type || !validValue(rec.type, b.content) || typeof b.name !== 'string' || !(b.ttl > 0)) {
      return error(res, 422, 'Unprocessable Entity', 'Invalid record.');
    }
    Object.assign(rec, { name: b.name, content: b.content, ttl: b.ttl });
    return reply(res, 200, rec);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v1`, records: recs, zones: zoneList };
}
