// Follows: Alibaba Cloud DNS API 2015-01-09: DescribeSubDomainRecords https://www.alibabacloud.com/help/en/dns/api-alidns-2015-01-09-describesubdomainrecords, UpdateDomainRecord, and 'Request syntax and signature method V3' https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature (its worked example is test/unit/sign-vectors.test.ts).
// A fake of Alibaba Cloud DNS (alidns.aliyuncs.com, API version 2015-01-09) on loopback, as
// documented, with signature V3: RPC parameters in the query, headers x-acs-action,
// x-acs-version, x-acs-date (UTC, within 15 minutes), x-acs-signature-nonce (not reused),
// x-acs-content-sha256, and 'Authorization: ACS3-HMAC-SHA256 Credential=AccessKeyId,
// SignedHeaders=...,Signature=hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA256(
// canonical request))))', checked here by the published steps. DescribeSubDomainRecords
// (SubDomain, DomainName?, Type?) answers {TotalCount, DomainRecords: {Record: [{RR, Type, Value,
// RecordId, TTL, DomainName, Line, Status, ...}]}, RequestId}; UpdateDomainRecord (RecordId, RR,
// Type, Value) answers {RecordId, RequestId}; DomainRecordDuplicate when nothing changes. Errors
// {RequestId, HostId, Code, Message, Recommend} with an HTTP 4xx status.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// keyId/secret: the AccessKey; domains; records: [{ name: fqdn, type, value, ttl? }].
export async function startAliyun({ port = 0, host = '127.0.0.1', keyId = 'LTAItest', secret = 'ali-secret', domains, records = [], now = () => Date.now() } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 9999985;
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, zones);
    return { DomainName: zone, RR: n === zone ? '@' : n.slice(0, -(zone.length + 1)), Type: r.type, Value: r.value, RecordId: String(nextId++),
      TTL: r.ttl || 600, Line: 'default', Status: 'ENABLE', Locked: false, Weight: 1 };
  });
  const nonces = new Set();
  const api = jsonApi({ failBody: (st) => ({ RequestId: randomUUID(), HostId: 'alidns.aliyuncs.com', Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }),
    fits: (k, req) => req.headers['x-acs-action'] === k });
  const error = (res, st, Code, Message) => api.reply(res, st, { RequestId: randomUUID(), HostId: 'alidns.aliyuncs.com', Code, Message, Recommend: 'https://api.aliyun.com/troubleshoot' });

  // The V3 check, by the documented steps; null when signed right, else [status, code].
  const verify = (req, url) => {
    const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([a-z0-9;-]+),Signature=([0-9a-f]{64})$/.exec(req.headers.authorization || '');
    if (!m) return [400, 'IncompleteSignature'];
    if (m[1] !== keyId) return [404, 'InvalidAccessKeyId.NotFound'];
    const names = m[2].split(';');
    for (const need of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
      if (!names.includes(need)) return [400, 'IncompleteSignature'];
    }
    if (names.join(';') !== [...names].sort().join(';')) return [400, 'IncompleteSignature'];
    const date = Date.parse(req.headers['x-acs-date'] || '');
    if (!(Math.abs(now() - date) <= 15 * 60000)) return [400, 'InvalidTimeStamp.Expired'];
    if (nonces.has(req.headers['x-acs-signature-nonce'])) return [400, 'SignatureNonceUsed'];
    if (req.headers['x-acs-content-sha256'] !== sha('')) return [400, 'ContentSHA256NotMatch'];
    const q = [...url.searchParams].map(([k, v]) => `${enc(k)}=${enc(v)}`).sort().join('&');
    const canon = names.map((n) => `${n}:${String(req.headers[n] || '').trim()}\n`).join('');
    const creq = `${req.method}\n/\n${q}\n${canon}\n${m[2]}\n${sha('')}`;
    const sig = createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${sha(creq)}`).digest('hex');
    if (sig !== m[3]) return [400, 'SignatureDoesNotMatch'];
    nonces.add(req.headers['x-acs-signature-nonce']);
    return null;
  };

  const handle = (req, res, url) => {
    const bad = verify(req, url);
    if (bad) return error(res, bad[0], bad[1], 'The request signature does not conform to Aliyun standards.');
    if (req.headers['x-acs-version'] !== '2015-01-09') return error(res, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const p = url.searchParams;
    const action = req.headers['x-acs-action'];
    if (action === 'DescribeSubDomainRecords') {
      const sub = (p.get('SubDomain') || '').toLowerCase();
      const zone = (p.get('DomainName') || zoneOf(sub, zones) || '').toLowerCase();
      if (!zones.includes(zone)) return error(res, 400, 'InvalidDomainName.NoExist', 'The specified domain name does not exist.');
      const list = recs.filter((r) => r.DomainName === zone && (r.RR === '@' ? zone : `${r.RR}.${zone}`) === sub && (!p.get('Type') || r.Type === p.get('Type')));
      return api.reply(res, 200, { TotalCount: list.length, PageSize: 20, RequestId: randomUUID(), DomainRecords: { Record: list }, PageNumber: 1 });
    }
    if (action !== 'UpdateDomainRecord') return error(res, 400, 'InvalidAction.NotFound', 'Specified api is not found.');
    const rec = recs.find((r) => r.RecordId === p.get('RecordId'));
    if (!rec) return error(res, 400, 'DomainRecordNotBelongToUser', 'The DNS record is not under this account.');
    const type = p.get('Type');
    if (!p.get('RR') || type !== rec.Type || !validValue(type, p.get('Value') || '')) return error(res, 400, 'InvalidParameter', 'Invalid parameters.');
    if (rec.RR === p.get('RR') && rec.Value === p.get('Value')) return error(res, 400, 'DomainRecordDuplicate', 'The DNS record already exists.');
    Object.assign(rec, { RR: p.get('RR'), Value: p.get('Value') });
    return api.reply(res, 200, { RecordId: rec.RecordId, RequestId: randomUUID() });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: recs };
}
