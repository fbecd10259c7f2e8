// A fake Cloudflare API v4 on loopback: the endpoints a DDNS client uses (list zones by name, list
// a zone's DNS records by type and name, read one record, PATCH or PUT one record), with
// Cloudflare's JSON envelope {success, errors: [{code, message}], messages, result, result_info},
// its two ways to authenticate (API token as Authorization: Bearer; account e-mail and global key
// as X-Auth-Email / X-Auth-Key) and its error answers: 400 with 6003 and an error_chain for
// malformed credentials, 400 with 9106/9107 when they are missing, 403 with 9109 (unknown token)
// or 9103 (unknown key), 403 with 10000 for a token without write access, 400 with 7003/7000 for
// a zone id that does not exist, 404 with 81044 for a record that does not exist, 429 with
// Retry-After when rate limited. Key order in replies follows the real API (result first,
// success after it), so a client that cuts long bodies sees what a real one would.
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import { plainAddress } from './http-util.mjs';

const PREFIX = '/client/v4';

// Cloudflare ids are 32 lowercase hex digits.
function newId() {
  return crypto.randomBytes(16).toString('hex');
}

// Names arrive with any case and an optional root dot; Cloudflare matches them without either.
function canon(name) {
  return String(name || '').trim().toLowerCase().replace(/\.+$/, '');
}

// The envelope of every answer; result_info only for lists.
function envelope(result, { errors = [], info } = {}) {
  const out = { result };
  if (info) out.result_info = info;
  out.success = errors.length === 0;
  out.errors = errors;
  out.messages = [];
  return out;
}

// Every error answer has the same shape: the envelope with result null.
function fail(status, errors, headers) {
  return { status, headers, json: envelope(null, { errors }) };
}

// A zone object in the real API's shape and order; the nested ids and the long permission list
// are what a client must not confuse with the zone's own id.
function zoneObject(zone) {
  return {
    id: zone.id,
    name: zone.name,
    status: 'active',
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: ['ns1.registrar.example', 'ns2.registrar.example'],
    original_registrar: null,
    original_dnshost: null,
    modified_on: '2026-01-01T00:00:00.000000Z',
    created_on: '2025-01-01T00:00:00.000000Z',
    activated_on: '2025-01-01T00:00:00.000000Z',
    meta: { step: 2, custom_certificate_quota: 0, page_rule_quota: 3, phishing_detected: false },
    owner: { id: null, type: 'user', email: null },
    account: { id: zone.accountId, name: 'fake account' },
    tenant: { id: null, name: null },
    tenant_unit: { id: null },
    permissions: ['#dns_records:edit', '#dns_records:read', '#zone:read', '#zone_settings:read',
      '#analytics:read', '#cache_purge:edit', '#ssl:read', '#waf:read', '#worker:read', '#logs:read'],
    plan: { id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'Free Website', price: 0, currency: 'USD',
      frequency: '', is_subscribed: false, can_subscribe: false, legacy_id: 'free', legacy_discount: false,
      externally_managed: false },
  };
}

// A DNS record object in the real API's shape and order (id and name first).
function recordObject(r) {
  return {
    id: r.id, name: r.name, type: r.type, content: r.content, proxiable: true, proxied: r.proxied,
    ttl: r.ttl, settings: {}, meta: {}, comment: r.comment ?? null, tags: [],
    created_on: '2025-01-01T00:00:00.000000Z', modified_on: r.modified_on,
  };
}

// result_info of a list answer; the fake never has more than one page.
function listInfo(items, page, perPage) {
  return { page, per_page: perPage, count: items.length, total_count: items.length, total_pages: 1 };
}

// A token is a string (full access) or { value, readOnly?, zones? } (zones: names it may see).
function tokenList(token, tokens) {
  const out = [];
  for (const t of [token, ...(tokens || [])]) {
    if (!t) continue;
    out.push(typeof t === 'string' ? { value: t } : t);
  }
  return out;
}

// Who is asking: { grant } or { error } with Cloudflare's answer to bad credentials.
function authenticate(headers, tokens, email, key) {
  const authz = headers.authorization;
  if (authz !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authz);
    if (!m) {
      return { error: fail(400, [{ code: 6003, message: 'Invalid request headers',
        error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }]) };
    }
    const t = tokens.find((x) => x.value === m[1]);
    if (!t) return { error: fail(403, [{ code: 9109, message: 'Invalid access token' }]) };
    return { grant: t };
  }
  const e = headers['x-auth-email'];
  const k = headers['x-auth-key'];
  if (e === undefined && k === undefined) {
    return { error: fail(400, [{ code: 9106, message: 'Missing X-Auth-Email header' },
      { code: 9107, message: 'Missing X-Auth-Key header' }]) };
  }
  if (!e || !/^[^@\s]+@[^@\s]+$/.test(e)) {
    return { error: fail(400, [{ code: 6003, message: 'Invalid request headers',
      error_chain: [{ code: 6102, message: 'Invalid format for X-Auth-Email header' }] }]) };
  }
  if (!k || !/^[0-9a-f]{37}$/.test(k)) {
    return { error: fail(400, [{ code: 6003, message: 'Invalid request headers',
      error_chain: [{ code: 6103, message: 'Invalid format for X-Auth-Key header' }] }]) };
  }
  if (!email || !key || e !== email || k !== key) {
    return { error: fail(403, [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }]) };
  }
  return { grant: { value: 'global' } };
}

// A token limited to some zones does not see the others at all (they are not listed).
function sees(grant, zone) {
  return !grant.zones || grant.zones.map(canon).includes(zone.name);
}

// zones: { 'example.com': { id?, records: [{ id?, type, name, content, proxied?, ttl? }] } }; record
// names are full names or relative to the zone ('@' for the apex). records: an optional
// RecordStore that PATCHed A/AAAA contents are copied to, so the world's DNS serves them.
export async function startCloudflare({ port = 0, host = '127.0.0.1', token, tokens, email, key, zones = {}, records } = {}) {
  const requests = [];
  const accountId = newId();
  const zoneList = [];
  for (const [zname, z] of Object.entries(zones)) {
    const name = canon(zname);
    const zone = { id: z.id || newId(), name, accountId, records: [] };
    for (const r of z.records || []) {
      const rname = r.name === '@' ? name : (canon(r.name).endsWith('.' + name) || canon(r.name) === name ? canon(r.name) : canon(r.name) + '.' + name);
      zone.records.push({ id: r.id || newId(), type: r.type, name: rname, content: r.content,
        proxied: !!r.proxied, ttl: r.ttl ?? 1, comment: r.comment, modified_on: '2025-06-01T00:00:00.000000Z' });
    }
    zoneList.push(zone);
  }
  const grants = tokenList(token, tokens);
  let forced = [];
  let delayMs = 0;
  let outage = null;

  const findZone = (id) => zoneList.find((z) => z.id === id);

  // The routes; returns { status?, headers?, json }.
  function route(req, url, body, grant) {
    const parts = url.pathname.slice(PREFIX.length).split('/').filter(Boolean);
    const q = url.searchParams;
    const page = Number(q.get('page') || 1);
    const perPage = Number(q.get('per_page') || (parts.length === 1 ? 20 : 100));
    if (parts[0] !== 'zones') return fail(404, [{ code: 7000, message: 'No route for that URI' }]);
    if (parts.length === 1) {
      if (req.method !== 'GET') return fail(405, [{ code: 10405, message: 'Method not allowed' }]);
      let list = zoneList.filter((z) => sees(grant, z));
      if (q.has('name')) list = list.filter((z) => z.name === canon(q.get('name')));
      if (q.has('status')) list = list.filter(() => q.get('status') === 'active');
      return { json: envelope(list.map(zoneObject), { info: listInfo(list, page, perPage) }) };
    }
    const zone = findZone(parts[1]);
    if (!zone || !/^[0-9a-f]{32}$/.test(parts[1])) {
      return fail(400, [{ code: 7003, message: `Could not route to /zones/${parts[1]}${parts[2] ? '/' + parts[2] : ''}, perhaps your object identifier is invalid?` },
        { code: 7000, message: 'No route for that URI' }]);
    }
    if (!sees(grant, zone)) return fail(403, [{ code: 10000, message: 'Authentication error' }]);
    if (parts.length === 2) {
      return req.method === 'GET' ? { json: envelope(zoneObject(zone)) } : fail(405, [{ code: 10405, message: 'Method not allowed' }]);
    }
    if (parts[2] !== 'dns_records') return fail(404, [{ code: 7000, message: 'No route for that URI' }]);
    if (parts.length === 3) {
      if (req.method !== 'GET') return fail(405, [{ code: 10405, message: 'Method not allowed' }]);
      let list = zone.records;
      if (q.has('type')) list = list.filter((r) => r.type === q.get('type').toUpperCase());
      if (q.has('name')) list = list.filter((r) => r.name === canon(q.get('name')));
      if (q.has('content')) list = list.filter((r) => r.content === q.get('content'));
      return { json: envelope(list.map(recordObject), { info: listInfo(list, page, perPage) }) };
    }
    const rec = zone.records.find((r) => r.id === parts[3]);
    if (!rec) return fail(404, [{ code: 81044, message: 'Record does not exist.' }]);
    if (req.method === 'GET') return { json: envelope(recordObject(rec)) };
    if (req.method !== 'PATCH' && req.method !== 'PUT') return fail(405, [{ code: 10405, message: 'Method not allowed' }]);
    if (grant.readOnly) return fail(403, [{ code: 10000, message: 'Authentication error' }]);
    let data;
    try {
      data = JSON.parse(body);
    } catch (e) {
      return fail(400, [{ code: 9207, message: 'Request body is invalid.' }]);
    }
    if (!data || typeof data !== 'object') return fail(400, [{ code: 9207, message: 'Request body is invalid.' }]);
    const next = req.method === 'PUT'
      ? { type: data.type, name: data.name, content: data.content, proxied: !!data.proxied, ttl: data.ttl ?? 1 }
      : { ...rec, ...data };
    if (req.method === 'PUT' && (!data.type || !data.name || data.content === undefined)) {
      return fail(400, [{ code: 9000, message: 'DNS name is invalid.' }]);
    }
    if (next.type === 'A' && !net.isIPv4(String(next.content))) {
      return fail(400, [{ code: 9005, message: 'Content for A record is invalid. Must be a valid IPv4 address' }]);
    }
    if (next.type === 'AAAA' && !net.isIPv6(String(next.content))) {
      return fail(400, [{ code: 9006, message: 'Content for AAAA record is invalid. Must be a valid IPv6 address' }]);
    }
    Object.assign(rec, { type: next.type, name: canon(next.name), content: String(next.content),
      proxied: !!next.proxied, ttl: next.ttl, modified_on: new Date().toISOString() });
    if (records && (rec.type === 'A' || rec.type === 'AAAA')) records.set(rec.name, rec.type, rec.content, rec.ttl === 1 ? 300 : rec.ttl);
    return { json: envelope(recordObject(rec)) };
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://fake.invalid');
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { time: Date.now(), method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
        headers: { ...req.headers }, body, remote: plainAddress(req.socket.remoteAddress), status: null, answer: null };
      requests.push(entry);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      let reply;
      if (outage) {
        reply = { status: outage, headers: { 'Content-Type': 'text/html' },
          text: `<html><head><title>${outage} ${http.STATUS_CODES[outage] || ''}</title></head><body>cloudflare</body></html>` };
      } else if (forced.length) {
        reply = forced.shift();
      } else if (!url.pathname.startsWith(PREFIX + '/')) {
        reply = fail(404, [{ code: 7000, message: 'No route for that URI' }]);
      } else {
        const who = authenticate(req.headers, grants, email, key);
        reply = who.error || route(req, url, body, who.grant);
      }
      entry.status = reply.status || 200;
      entry.answer = reply.json ?? reply.text;
      const text = reply.text ?? JSON.stringify(reply.json);
      if (res.destroyed) return;
      res.writeHead(entry.status, { 'Content-Type': 'application/json', ...reply.headers, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  });

  const boundPort = await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
  return {
    server,
    port: boundPort,
    url: `http://${host}:${boundPort}`,
    /** the base URL a client sets as api_url */
    apiUrl: `http://${host}:${boundPort}${PREFIX}`,
    requests,
    /** the zones as the fake holds them: [{ id, name, records: [{ id, type, name, content, proxied, ttl }] }] */
    zones: zoneList,
    zone(name) { return zoneList.find((z) => z.name === canon(name)); },
    record(name, type) {
      for (const z of zoneList) {
        const r = z.records.find((x) => x.name === canon(name) && x.type === type);
        if (r) return r;
      }
      return undefined;
    },
    // The next reply is Cloudflare's answer to an overload or an outage, consumed by one request:
    // 429 in the envelope (code 971) with Retry-After when given; a 5xx as the edge serves it,
    // an HTML page, unless errors are given for an envelope.
    setStatus(code, { retryAfter, errors } = {}) {
      const headers = retryAfter ? { 'Retry-After': String(retryAfter) } : undefined;
      if (code === 429 || errors) {
        forced.push(fail(code, errors || [{ code: 971, message: 'Please wait and consider throttling your request speed' }], headers));
      } else {
        forced.push({ status: code, headers: { 'Content-Type': 'text/html', ...headers },
          text: `<html><head><title>${code} ${http.STATUS_CODES[code] || ''}</title></head><body>cloudflare</body></html>` });
      }
    },
    setDelay(ms) { delayMs = ms; },
    // An outage: every request gets the edge's 5xx page until set to null.
    setOutage(code) { outage = code || null; },
    close() {
      forced = [];
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
