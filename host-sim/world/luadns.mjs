// A fake of the LuaDNS REST API (api.luadns.com/v1) on loopback, as documented: HTTP Basic auth
// with the account e-mail and an API key, 'Accept: application/json' required, GET /v1/zones
// (the zones), GET /v1/zones/{zone_id}/records (the records, names with a trailing dot), PUT
// /v1/zones/{zone_id}/records/{record_id} with {name, type, content, ttl} answering the record;
// errors as a status with a JSON {status, message}.
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
  const api = jsonApi({ failBody: (st) => ({ status: st, message: 'Internal Server Error' }) });
  const { reply } = api;
  const auth = `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}`;

  const handle = (req, res, url, entry) => {
    if (req.headers.authorization !== auth) return reply(res, 401, { status: 401, message: 'Unauthorized' });
    if (req.headers.accept !== 'application/json') return reply(res, 406, { status: 406, message: 'Not Acceptable' });
    if (req.method === 'GET' && url.pathname === '/v1/zones') {
      return reply(res, 200, zoneList.map((z) => ({ id: z.id, name: z.name, synced: true, records: null })));
    }
    const m = /^\/v1\/zones\/(\d+)\/records(?:\/(\d+))?$/.exec(url.pathname);
    const zone = m && zoneList.find((z) => z.id === Number(m[1]));
    if (!zone) return reply(res, 404, { status: 404, message: 'Zone not found' });
    if (!m[2]) {
      if (req.method !== 'GET') return reply(res, 405, { status: 405, message: 'Method Not Allowed' });
      return reply(res, 200, recs.filter((r) => r.zone_id === zone.id));
    }
    const rec = recs.find((r) => r.zone_id === zone.id && r.id === Number(m[2]));
    if (!rec) return reply(res, 404, { status: 404, message: 'Record not found' });
    if (req.method !== 'PUT') return reply(res, 405, { status: 405, message: 'Method Not Allowed' });
    const b = entry.json;
    if (!b || b.type !== rec.type || !validValue(rec.type, b.content) || typeof b.name !== 'string' || !(b.ttl > 0)) {
      return reply(res, 400, { status: 400, message: 'Invalid record' });
    }
    Object.assign(rec, { name: b.name, content: b.content, ttl: b.ttl });
    return reply(res, 200, rec);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v1`, records: recs, zones: zoneList };
}
