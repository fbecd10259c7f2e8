// Follows: BlazingFast's API documentation (https://my.blazingfast.io/api) could not be found in the search corpus; written from ddns-scripts' update_blazingfast_io.sh, which cites it (login, records list, PUT answering info ['dnsrecordupdated']).
// A fake of BlazingFast's client area API (HostBill user API, my.blazingfast.io/api) on loopback,
// as documented: POST /api/login (username, password) answering {token, refresh}; with
// 'Authorization: Bearer {token}': GET /api/service/{id}/dns/{zone_id} answering {service_id,
// zone_id, name, records: [{id, name, ttl, priority, type, content}]}, PUT
// /api/service/{id}/dns/{zone_id}/records/{record_id} with {name, ttl, priority, type, content}
// answering {record, info: ['dnsrecordupdated']}; errors {error: [text]}.
import { randomBytes } from 'node:crypto';
import { jsonApi, validValue } from './json-api.mjs';

// user/pass: the client area login; service/zone: ids; zoneName; records: [{ id, name, type, content, ttl? }].
export async function startBlazingfast({ port = 0, host = '127.0.0.1', user = 'bf-user', pass = 'bf-pass', service = '101', zone = '7', zoneName = 'example.com', records = [] } = {}) {
  const recs = records.map((r) => ({ id: String(r.id), name: r.name, ttl: r.ttl || 3600, priority: 0, type: r.type, content: r.content }));
  const tokens = new Set();
  const api = jsonApi({ failBody: () => ({ error: ['internal error'] }) });
  const { reply } = api;

  const handle = (req, res, url, entry) => {
    if (url.pathname === '/api/login' && req.method === 'POST') {
      const p = new URLSearchParams(entry.body);
      if (p.get('username') !== user || p.get('password') !== pass) return reply(res, 401, { error: ['Invalid login details'] });
      const token = randomBytes(24).toString('hex');
      tokens.add(token);
      return reply(res, 200, { token, refresh: randomBytes(24).toString('hex') });
    }
    const auth = req.headers.authorization || '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return reply(res, 401, { error: ['unauthorized'] });
    const m = /^\/api\/service\/([^/]+)\/dns\/([^/]+)(?:\/records\/([^/]+))?$/.exec(url.pathname);
    if (!m || m[1] !== service || m[2] !== zone) return reply(res, 404, { error: ['Invalid zone'] });
    if (!m[3]) {
      if (req.method !== 'GET') return reply(res, 405, { error: ['method not allowed'] });
      return reply(res, 200, { service_id: service, zone_id: zone, name: zoneName, records: recs });
    }
    const rec = recs.find((r) => r.id === m[3]);
    if (!rec) return reply(res, 404, { error: ['Record not found'] });
    if (req.method !== 'PUT') return reply(res, 405, { error: ['method not allowed'] });
    const b = entry.json;
    if (!b || !b.name || b.type !== rec.type || !validValue(b.type, b.content) || !(b.ttl > 0)) return reply(res, 400, { error: ['Invalid record'] });
    Object.assign(rec, { name: b.name, ttl: b.ttl, priority: b.priority || 0, content: b.content });
    return reply(res, 200, { record: rec, info: ['dnsrecordupdated'] });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/api`, records: recs, tokens };
}
