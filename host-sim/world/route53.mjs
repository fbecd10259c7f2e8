// A fake of Amazon Route 53's REST API (2013-04-01) on loopback, as documented: every request
// must carry an AWS Signature Version 4 (service route53, region us-east-1), which this fake
// verifies on its own with node:crypto (canonical request, string to sign, signing key, the
// five-minute clock window) and refuses with the documented 403 ErrorResponse XML.
// GET /2013-04-01/hostedzone/{Id}/rrset lists record sets (name, type, maxitems) in Route 53's
// order; POST /2013-04-01/hostedzone/{Id}/rrset/ applies a ChangeBatch (CREATE, DELETE, UPSERT).
import http from 'node:http';
import net from 'node:net';
import { createHash, createHmac, randomUUID } from 'node:crypto';

const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';
const REGION = 'us-east-1';
const SERVICE = 'route53';
const SKEW_MS = 5 * 60 * 1000;

// The request body is needed whole: its hash is part of the signature.
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const sha256hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, msg) => createHmac('sha256', key).update(msg, 'utf8').digest();

// SigV4's URI encoding: RFC 3986 unreserved characters kept, everything else %XX uppercase.
function awsEncode(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Canonical query string: each name and value encoded, sorted by name then value.
function canonicalQuery(raw) {
  if (!raw) return '';
  return raw.split('&').filter(Boolean).map((p) => {
    const eq = p.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
    const v = eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1));
    return [awsEncode(k), awsEncode(v)];
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map((kv) => `${kv[0]}=${kv[1]}`).join('&');
}

// 20150830T123600Z to epoch ms, or NaN.
function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s || '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

// Epoch ms to 20150830T123600Z.
function amzDate(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Route 53 keeps names fully qualified, lowercase, with the root dot.
function fqdn(name) {
  const n = String(name).trim().toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

// Route 53 lists record sets by name with its labels reversed, then by type.
function sortKey(r) {
  return `${r.name.slice(0, -1).split('.').reverse().join('.')} ${r.type}`;
}

// The documented error body.
function errorXml(code, message, type = 'Sender') {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

// One record set as the API lists it.
function setXml(r) {
  return `<ResourceRecordSet><Name>${r.name}</Name><Type>${r.type}</Type><TTL>${r.ttl}</TTL><ResourceRecords>` +
    r.values.map((v) => `<ResourceRecord><Value>${v}</Value></ResourceRecord>`).join('') +
    '</ResourceRecords></ResourceRecordSet>';
}

// The Changes of a ChangeResourceRecordSetsRequest body, or null when it is not one.
function parseChanges(xml) {
  if (!/<ChangeResourceRecordSetsRequest[\s>]/.test(xml)) return null;
  const tag = (s, t) => { const m = new RegExp(`<${t}>([\\s\\S]*?)</${t}>`).exec(s); return m ? m[1].trim() : null; };
  const out = [];
  for (const m of xml.matchAll(/<Change>([\s\S]*?)<\/Change>/g)) {
    const set = tag(m[1], 'ResourceRecordSet') || '';
    out.push({ action: tag(m[1], 'Action'), name: tag(set, 'Name'), type: tag(set, 'Type'), ttl: tag(set, 'TTL'),
      values: [...set.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map((v) => v[1].trim()) });
  }
  return out;
}

// accessKeyId/secretAccessKey: the one IAM key accepted; zones: [{ id, name }] (default: one
// zone per parent of the records, ids Z1FAKE...); records: [{ name, type, value, ttl? }];
// now(): the fake's clock for the signature window; store: optional RecordStore mirrored.
export async function startRoute53({ port = 0, host = '127.0.0.1', accessKeyId = 'AKIDEXAMPLE',
  secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', zones, records = [], now = () => Date.now(), store } = {}) {
  const zoneList = (zones || [...new Set(records.map((r) => r.name.split('.').slice(-2).join('.')))]
    .map((name, i) => ({ id: `Z${i + 1}FAKEZONE`, name })))
    .map((z) => ({ id: z.id, name: fqdn(z.name) }));
  const zoneFor = (name) => zoneList.filter((z) => name === z.name || name.endsWith(`.${z.name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
  const sets = [];
  for (const r of records) {
    const name = fqdn(r.name);
    const s = sets.find((x) => x.name === name && x.type === r.type);
    if (s) s.values.push(r.value);
    else sets.push({ zone: zoneFor(name).id, name, type: r.type, ttl: r.ttl || 300, values: [r.value] });
  }
  const requests = [];
  let forced = [];
  let changeNo = 1;

  const reply = (res, status, xml, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': randomUUID(), ...headers,
      'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
  };

  // SigV4 check of one request; returns null when it is good, else [status, code, message].
  const verify = (req, rawQuery, body) => {
    const auth = req.headers.authorization;
    if (!auth) return [403, 'MissingAuthenticationToken', 'Missing Authentication Token'];
    const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return [400, 'IncompleteSignature', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature': ${auth.slice(0, 40)}`];
    const [, keyId, date, region, service, signedHeaders, signature] = m;
    if (keyId !== accessKeyId) return [403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'];
    const xAmzDate = req.headers['x-amz-date'];
    const when = parseAmzDate(xAmzDate);
    const names = signedHeaders.split(';');
    if (!xAmzDate || Number.isNaN(when) || !names.includes('host') || !names.includes('x-amz-date')) {
      return [400, 'IncompleteSignature', 'The request must sign the host and x-amz-date headers.'];
    }
    if (date !== xAmzDate.slice(0, 8) || region !== REGION || service !== SERVICE) {
      return [403, 'SignatureDoesNotMatch', `Credential should be scoped to a valid region and service: ${date}/${region}/${service}`];
    }
    const t = now();
    if (when < t - SKEW_MS) {
      return [403, 'SignatureDoesNotMatch', `Signature expired: ${xAmzDate} is now earlier than ${amzDate(t - SKEW_MS)} (${amzDate(t)} - 5 min.)`];
    }
    if (when > t + SKEW_MS) {
      return [403, 'SignatureDoesNotMatch', `Signature not yet current: ${xAmzDate} is still later than ${amzDate(t + SKEW_MS)} (${amzDate(t)} + 5 min.)`];
    }
    const path = req.url.split('?')[0].split('/').map(awsEncode).join('/');
    const canonHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const creq = [req.method, path, canonicalQuery(rawQuery), canonHeaders, signedHeaders, sha256hex(body)].join('\n');
    const scope = `${date}/${REGION}/${SERVICE}/aws4_request`;
    const sts = ['AWS4-HMAC-SHA256', xAmzDate, scope, sha256hex(creq)].join('\n');
    const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), REGION), SERVICE), 'aws4_request');
    const want = createHmac('sha256', key).update(sts, 'utf8').digest('hex');
    if (want !== signature) {
      return [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'];
    }
    return null;
  };

  // ListResourceRecordSets: from (name, type) on, at most maxitems.
  const list = (res, zone, q) => {
    const name = q.get('name');
    const type = q.get('type');
    if (type && !name) return reply(res, 400, errorXml('InvalidInput', 'The input is not valid: type requires name'));
    const max = Math.max(1, Math.min(300, parseInt(q.get('maxitems') || '300', 10)));
    const all = sets.filter((s) => s.zone === zone.id).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const start = name ? sortKey({ name: fqdn(name), type: type || '' }) : '';
    const from = all.filter((s) => sortKey(s) >= start);
    const page = from.slice(0, max);
    const more = from.length > max;
    const next = more ? `<NextRecordName>${from[max].name}</NextRecordName><NextRecordType>${from[max].type}</NextRecordType>` : '';
    return reply(res, 200, `<?xml version="1.0"?>\n<ListResourceRecordSetsResponse xmlns="${XMLNS}"><ResourceRecordSets>` +
      `${page.map(setXml).join('')}</ResourceRecordSets><IsTruncated>${more}</IsTruncated>${next}<MaxItems>${max}</MaxItems>` +
      '</ListResourceRecordSetsResponse>');
  };

  // ChangeResourceRecordSets: checked as a whole, then applied.
  const change = (res, zone, body) => {
    const changes = parseChanges(body.toString('utf8'));
    if (!changes || !changes.length) return reply(res, 400, errorXml('InvalidInput', 'Invalid XML ; the ChangeBatch has no Changes'));
    for (const c of changes) {
      const name = c.name ? fqdn(c.name) : '';
      if (!['CREATE', 'DELETE', 'UPSERT'].includes(c.action)) return reply(res, 400, errorXml('InvalidInput', `Invalid action ${c.action}`));
      if (!name || !(name === zone.name || name.endsWith(`.${zone.name}`))) {
        return reply(res, 400, errorXml('InvalidChangeBatch', `[RRSet with DNS name ${name} is not permitted in zone ${zone.name}]`));
      }
      const bad = c.values.find((v) => (c.type === 'A' && !net.isIPv4(v)) || (c.type === 'AAAA' && !net.isIPv6(v)));
      if (bad !== undefined || !c.values.length) {
        const what = c.type === 'A' ? 'ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)' : 'AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)';
        return reply(res, 400, errorXml('InvalidChangeBatch', `[Invalid Resource Record: 'FATAL problem: ${what} encountered with '${bad ?? ''}'']`));
      }
    }
    for (const c of changes) {
      const name = fqdn(c.name);
      const i = sets.findIndex((s) => s.zone === zone.id && s.name === name && s.type === c.type);
      if (c.action === 'DELETE') { if (i >= 0) sets.splice(i, 1); continue; }
      const set = { zone: zone.id, name, type: c.type, ttl: parseInt(c.ttl || '300', 10), values: c.values };
      if (i >= 0) sets[i] = set; else sets.push(set);
      if (store && (c.type === 'A' || c.type === 'AAAA')) store.set(name, c.type, c.values[0], set.ttl);
    }
    const id = `C${String(changeNo++).padStart(13, '0')}`;
    return reply(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsResponse xmlns="${XMLNS}">` +
      `<ChangeInfo><Id>/change/${id}</Id><Status>PENDING</Status><SubmittedAt>${new Date(now()).toISOString()}</SubmittedAt>` +
      '</ChangeInfo></ChangeResourceRecordSetsResponse>');
  };

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const qi = req.url.indexOf('?');
    const rawQuery = qi < 0 ? '' : req.url.slice(qi + 1);
    const url = new URL(req.url, 'http://fake.invalid');
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers }, body: body.toString('utf8'), verified: false };
    requests.push(entry);
    if (forced.length) {
      const f = forced.shift();
      return reply(res, f.status, f.xml, f.headers);
    }
    const bad = verify(req, rawQuery, body);
    if (bad) return reply(res, bad[0], errorXml(bad[1], bad[2]));
    entry.verified = true;
    const m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
    if (!m) return reply(res, 404, errorXml('UnknownOperationException', 'Unknown operation'));
    const zone = zoneList.find((z) => z.id === decodeURIComponent(m[1]));
    if (!zone) return reply(res, 404, errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${m[1]}`));
    if (req.method === 'GET') return list(res, zone, url.searchParams);
    if (req.method === 'POST') return change(res, zone, body);
    return reply(res, 405, errorXml('InvalidInput', 'Method not allowed'));
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const bound = server.address().port;
  const origin = `http://${host}:${bound}`;
  return {
    url: origin,
    apiUrl: origin,
    port: bound,
    requests,
    records: sets,
    zones: zoneList,
    // The next request gets this status and XML body (a 5xx, or Throttling: 400 with its code).
    failNext(status, code = 'ServiceUnavailable', message = 'Service unavailable', headers = {}) {
      forced.push({ status, xml: errorXml(code, message, status >= 500 ? 'Receiver' : 'Sender'), headers });
    },
    close() {
      forced = [];
      return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}
