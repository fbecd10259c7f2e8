// Follows: Huawei Cloud DNS API v2, Modifying a Record Set https://support.huaweicloud.com/intl/en-us/api-dns/UpdateRecordSet.html (PUT, 202; with the zone and record set queries and Creating a Record Set), and the 'API Request Signing Guide' https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-004.html (its worked example is test/unit/sign-vectors.test.ts).
// A fake of Huawei Cloud DNS (API v2) on loopback, as documented, with AK/SK signing checked by the
// published steps: headers X-Sdk-Date (YYYYMMDDTHHMMSSZ, within 15 minutes) and 'Authorization:
// SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=hex(HMAC-SHA256(SK,
// "SDK-HMAC-SHA256\n" + date + "\n" + hex(SHA256(canonical request))))', the canonical URI ending
// in '/'. GET /v2/zones?name=&search_mode= answers {zones: [{id, name, ...}]}; GET
// /v2/zones/{zone_id}/recordsets?name=&type=&search_mode= answers {recordsets: [{id, name, type,
// ttl, records, status, zone_id}]}; POST /v2/zones/{zone_id}/recordsets creates (202), PUT
// .../recordsets/{id} changes (202). Errors: 401 {error_code: 'APIGW.0301', error_msg} from the
// gateway, {code: 'DNS.xxxx', message} from DNS.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const hexId = () => randomBytes(16).toString('hex');

// ak/sk: the access key; zones; records: [{ name: fqdn, type, value, ttl? }].
export async function startHuaweicloud({ port = 0, host = '127.0.0.1', ak = 'HWAK', sk = 'hw-secret', zones, records = [], now = () => Date.now() } = {}) {
  const names = zoneNames(zones, records);
  const zoneList = [...new Set(names)].map((n) => ({ id: hexId(), name: `${n}.`, zone_type: 'public', status: 'ACTIVE' }));
  const sets = records.map((r) => {
    const z = zoneList.find((x) => x.name === `${zoneOf(r.name.toLowerCase(), names)}.`);
    return { id: hexId(), name: `${r.name.toLowerCase()}.`, type: r.type, ttl: r.ttl || 300, records: [r.value], status: 'ACTIVE', zone_id: z.id };
  });
  const api = jsonApi({ failBody: () => ({ code: 'DNS.0500', message: 'Internal error' }) });
  const { reply } = api;

  // The AK/SK check; '' when signed right.
  const verify = (req, url, body) => {
    const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization || '');
    if (!m || m[1] !== ak) return 'unknown access key';
    const date = req.headers['x-sdk-date'] || '';
    const t = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!(Math.abs(now() - t) <= 15 * 60000)) return 'the request has expired';
    const names = m[2].split(';');
    if (!names.includes('host') || !names.includes('x-sdk-date')) return 'host and x-sdk-date must be signed';
    const q = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
    const canon = names.map((n) => `${n}:${String(req.headers[n] || '').trim()}\n`).join('');
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    const creq = `${req.method}\n${path}\n${q}\n${canon}\n${m[2]}\n${sha(body)}`;
    const sig = createHmac('sha256', sk).update(`SDK-HMAC-SHA256\n${date}\n${sha(creq)}`).digest('hex');
    return sig === m[3] ? '' : 'verify aksk signature fail';
  };

  const handle = (req, res, url, entry) => {
    const bad = verify(req, url, entry.body);
    if (bad) return reply(res, 401, { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${bad}`, request_id: hexId() });
    const q = url.searchParams;
    if (req.method === 'GET' && url.pathname === '/v2/zones') {
      const list = zoneList.filter((z) => !q.get('name') || z.name === q.get('name').toLowerCase());
      return reply(res, 200, { zones: list, metadata: { total_count: list.length } });
    }
    const m = /^\/v2\/zones\/([^/]+)\/recordsets(?:\/([^/]+))?$/.exec(url.pathname);
    const zone = m && zoneList.find((z) => z.id === m[1]);
    if (!zone) return reply(res, 404, { code: 'DNS.0101', message: 'The zone does not exist.' });
    if (req.method === 'GET' && !m[2]) {
      const list = sets.filter((s) => s.zone_id === zone.id && (!q.get('name') || s.name === q.get('name').toLowerCase()) && (!q.get('type') || s.type === q.get('type')));
      return reply(res, 200, { recordsets: list, metadata: { total_count: list.length } });
    }
    const b = entry.json || {};
    const valid = b.name && b.name.endsWith(zone.name) && ['A', 'AAAA'].includes(b.type) && Array.isArray(b.records) &&
      b.records.length > 0 && b.records.every((v) => validValue(b.type, v));
    if (req.method === 'POST' && !m[2]) {
      if (!valid) return reply(res, 400, { code: 'DNS.0303', message: 'The record set is invalid.' });
      if (sets.find((s) => s.zone_id === zone.id && s.name === b.name && s.type === b.type)) return reply(res, 400, { code: 'DNS.0312', message: 'The record set already exists.' });
      const s = { id: hexId(), name: b.name, type: b.type, ttl: b.ttl || 300, records: b.records, status: 'PENDING_CREATE', zone_id: zone.id };
      sets.push(s);
      return reply(res, 202, s);
    }
    const set = m[2] && sets.find((s) => s.zone_id === zone.id && s.id === m[2]);
    if (req.method !== 'PUT' || !set) return reply(res, 404, { code: 'DNS.0305', message: 'The record set does not exist.' });
    if (!valid || b.type !== set.type) return reply(res, 400, { code: 'DNS.0303', message: 'The record set is invalid.' });
    Object.assign(set, { records: b.records, ttl: b.ttl || set.ttl, status: 'PENDING_UPDATE' });
    return reply(res, 202, set);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: sets, zones: zoneList };
}
