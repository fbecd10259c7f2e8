// Follows: IONOS Developer, DNS API, https://developer.hosting.ionos.com/docs/dns (X-API-Key prefix.secret; zones list, zone with records filters, PUT of one record changing content, ttl, prio, disabled).
// A fake of IONOS' DNS API (api.hosting.ionos.com/dns/v1) on loopback, as documented:
// 'X-API-Key: {prefix}.{secret}', GET /dns/v1/zones answering [{name, id, type}],
// GET /dns/v1/zones/{zoneId} (optional filters suffix, recordName, recordType) answering
// {name, id, type, records: [{name, rootName, type, content, changeDate, ttl, prio, disabled, id}]}
// with full record names, PUT /dns/v1/zones/{zoneId}/records/{recordId} with {disabled, content,
// ttl, prio} answering 200 and the record. Errors are lists [{code, message}].
import { randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// key: the API key (prefix.secret); zones: zone names (default: parents of the records);
// records: [{ name: fqdn, type, value, ttl? }]; store: optional RecordStore mirrored on writes.
export async function startIonos({ port = 0, host = '127.0.0.1', key = 'pub.secret', zones, records = [], store } = {}) {
  const names = zoneNames(zones, records);
  const zoneList = [...new Set(names)].map((n) => ({ name: n, id: randomUUID(), type: 'NATIVE' }));
  const recs = records.map((r) => {
    const z = zoneOf(r.name.toLowerCase(), names);
    return { zoneId: zoneList.find((x) => x.name === z).id, name: r.name.toLowerCase(), rootName: z, type: r.type,
      content: r.value, changeDate: '2026-01-01T00:00:00.000Z', ttl: r.ttl || 3600, prio: 0, disabled: false, id: randomUUID() };
  });
  const api = jsonApi({ failBody: () => [{ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error.' }] });
  const { reply } = api;
  const error = (res, st, code, message) => reply(res, st, [{ code, message }]);
  const view = ({ zoneId, ...r }) => r;

  const handle = (req, res, url, entry) => {
    if (req.headers['x-api-key'] !== key) return error(res, 401, 'UNAUTHORIZED', 'The customer is not authorized to do this operation.');
    if (url.pathname === '/dns/v1/zones') return reply(res, 200, zoneList);
    const m = /^\/dns\/v1\/zones\/([^/]+)(?:\/records\/([^/]+))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'NOT_FOUND', 'Not found.');
    const zone = zoneList.find((z) => z.id === decodeURIComponent(m[1]));
    if (!zone) return error(res, 404, 'ZONE_NOT_FOUND', 'Zone not found.');
    if (!m[2]) {
      if (req.method !== 'GET') return error(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
      const q = url.searchParams;
      const list = recs.filter((r) => r.zoneId === zone.id
        && (!q.get('recordName') || r.name === q.get('recordName'))
        && (!q.get('recordType') || r.type === q.get('recordType'))
        && (!q.get('suffix') || r.name.endsWith(q.get('suffix'))));
      return reply(res, 200, { ...zone, records: list.map(view) });
    }
    const rec = recs.find((r) => r.zoneId === zone.id && r.id === decodeURIComponent(m[2]));
    if (!rec) return error(res, 404, 'RECORD_NOT_FOUND', 'Record not found.');
    if (req.method === 'GET') return reply(res, 200, view(rec));
    if (req.method !== 'PUT') return error(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
    const b = entry.json;
    if (!b || !validValue(rec.type, b.content)) return error(res, 400, 'INVALID_RECORD', 'Record is invalid.');
    Object.assign(rec, { content: b.content, ttl: b.ttl || rec.ttl, prio: b.prio || 0, disabled: !!b.disabled, changeDate: new Date().toISOString() });
    if (store && (rec.type === 'A' || rec.type === 'AAAA')) store.set(rec.name, rec.type, rec.content, rec.ttl);
    return reply(res, 200, view(rec));
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/dns/v1`, records: recs, zones: zoneList };
}
