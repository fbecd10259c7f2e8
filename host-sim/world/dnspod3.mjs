// Follows: Tencent Cloud DNSPod API 2021-03-23: DescribeRecordList https://cloud.tencent.com/document/api/1427/56166, ModifyRecord https://cloud.tencent.com/document/api/1427/56157, and the TC3-HMAC-SHA256 'Signature v3' page (its worked example is test/unit/sign-vectors.test.ts).
// A fake of Tencent Cloud API 3.0 for DNSPod (dnspod.tencentcloudapi.com, version 2021-03-23) on
// loopback, as documented: POST / with a JSON body, headers X-TC-Action, X-TC-Version,
// X-TC-Timestamp and 'Authorization: TC3-HMAC-SHA256 Credential=SecretId/Date/dnspod/tc3_request,
// SignedHeaders=..., Signature=...', checked here by the published algorithm (canonical request,
// string to sign, key derived from 'TC3'+SecretKey over date, service and 'tc3_request');
// timestamps more than 5 minutes off are refused. DescribeRecordList {Domain, Subdomain?,
// RecordType?} answers {Response: {RecordCountInfo, RecordList: [{RecordId, Name, Type, Value,
// Line, LineId, TTL, ...}], RequestId}}; ModifyRecord {Domain, SubDomain, RecordType, RecordLine,
// RecordLineId?, Value, RecordId, TTL?} answers {Response: {RecordId, RequestId}}. Errors are
// HTTP 200 {Response: {Error: {Code, Message}, RequestId}}.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const hmac = (k, s, enc) => createHmac('sha256', k).update(s).digest(enc);

// secretId/secretKey: the API key; domains; records: [{ name: fqdn, type, value, ttl? }]; now: the
// server's clock in ms (default the real time).
export async function startDnspod3({ port = 0, host = '127.0.0.1', secretId = 'AKIDtest', secretKey = 'tc-secret', domains, records = [], now = () => Date.now() } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 1000;
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, zones);
    return { zone, RecordId: nextId++, Name: n === zone ? '@' : n.slice(0, -(zone.length + 1)), Type: r.type, Value: r.value,
      Line: '\u9ed8\u8ba4', LineId: '0', TTL: r.ttl || 600, Status: 'ENABLE', MX: 0, Weight: null, Remark: '', UpdatedOn: '2026-01-01 00:00:00', MonitorStatus: '' };
  });
  const api = jsonApi({ failBody: () => undefined, fits: (k, req) => req.headers['x-tc-action'] === k });
  const answer = (res, body) => api.reply(res, 200, { Response: { ...body, RequestId: randomUUID() } });
  const error = (res, Code, Message) => answer(res, { Error: { Code, Message } });

  // The TC3 check, by the documented steps; '' when the request is signed right.
  const verify = (req, body) => {
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/dnspod\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization || '');
    if (!m) return 'AuthFailure.InvalidAuthorization';
    if (m[1] !== secretId) return 'AuthFailure.SecretIdNotFound';
    const ts = Number(req.headers['x-tc-timestamp']);
    if (!(Math.abs(now() / 1000 - ts) <= 300)) return 'AuthFailure.SignatureExpire';
    if (new Date(ts * 1000).toISOString().slice(0, 10) !== m[2]) return 'AuthFailure.SignatureFailure';
    const names = m[3].split(';');
    if (!names.includes('host') || !names.includes('content-type')) return 'AuthFailure.SignatureFailure';
    const canon = names.map((n) => `${n}:${String(req.headers[n] || '').trim().toLowerCase()}\n`).join('');
    const creq = `POST\n/\n\n${canon}\n${m[3]}\n${sha(body)}`;
    const sts = `TC3-HMAC-SHA256\n${ts}\n${m[2]}/dnspod/tc3_request\n${sha(creq)}`;
    const key = hmac(hmac(hmac(`TC3${secretKey}`, m[2]), 'dnspod'), 'tc3_request');
    return hmac(key, sts, 'hex') === m[4] ? '' : 'AuthFailure.SignatureFailure';
  };

  const handle = (req, res, url, entry) => {
    if (req.method !== 'POST' || url.pathname !== '/') return error(res, 'UnsupportedOperation', 'POST / only');
    if (req.headers['x-tc-version'] !== '2021-03-23') return error(res, 'InvalidParameter', 'X-TC-Version');
    const bad = verify(req, entry.body);
    if (bad) return error(res, bad, 'The provided credentials could not be validated.');
    const b = entry.json || {};
    const zone = String(b.Domain || '').toLowerCase();
    if (!zones.includes(zone)) return error(res, 'ResourceNotFound.NoDataOfDomain', 'The domain does not exist.');
    const action = req.headers['x-tc-action'];
    if (action === 'DescribeRecordList') {
      const list = recs.filter((r) => r.zone === zone && (!b.Subdomain || r.Name === b.Subdomain) && (!b.RecordType || r.Type === b.RecordType));
      if (!list.length) return error(res, 'ResourceNotFound.NoDataOfRecord', 'No records.');
      return answer(res, { RecordCountInfo: { SubdomainCount: list.length, ListCount: list.length, TotalCount: list.length },
        RecordList: list.map(({ zone: z, ...r }) => r) });
    }
    if (action !== 'ModifyRecord') return error(res, 'InvalidAction', 'Unknown action');
    const rec = recs.find((r) => r.zone === zone && r.RecordId === b.RecordId);
    if (!rec) return error(res, 'ResourceNotFound.NoDataOfRecord', 'Record not found.');
    if (b.RecordLine !== '\u9ed8\u8ba4' || b.RecordType !== rec.Type || !b.SubDomain || !validValue(b.RecordType, b.Value)) {
      return error(res, 'InvalidParameter', 'Invalid record.');
    }
    Object.assign(rec, { Name: b.SubDomain, Value: b.Value, TTL: b.TTL || rec.TTL });
    return answer(res, { RecordId: rec.RecordId });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: recs };
}
