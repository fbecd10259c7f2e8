// A fake of Porkbun's JSON API v3 (DNS part) on loopback, as documented: every call is a POST
// with apikey and secretapikey in the JSON body; dns/retrieveByNameType/{domain}/{type}/
// [{subdomain}] answers {status: 'SUCCESS', records}, dns/editByNameType/... takes {content,
// ttl?}; refusals are HTTP 400 {status: 'ERROR', message}. Like the real API it refuses an edit
// that changes nothing.
import http from 'node:http';
import net from 'node:net';

// The API's bodies are small JSON documents: read them whole before answering.
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// The content an A or AAAA record accepts.
function validContent(type, v) {
  return type === 'A' ? net.isIPv4(v) : type === 'AAAA' ? net.isIPv6(v) : typeof v === 'string';
}

// apiKey/secretApiKey: the key pair; domains: domains with API access (default: the last two
// labels of the records); records: [{ name: fqdn, type, value, ttl? }]; store: optional
// RecordStore mirrored on writes.
export async function startPorkbun({ port = 0, host = '127.0.0.1', apiKey = 'pk1_key', secretApiKey = 'sk1_secret', domains, records = [], store } = {}) {
  const zones = (domains || records.map((r) => r.name.split('.').slice(-2).join('.'))).map((d) => d.toLowerCase());
  let nextId = 106926650;
  // Porkbun lists records with their full name and string fields.
  const recs = records.map((r) => ({ id: String(nextId++), name: r.name.toLowerCase(), type: r.type, content: r.value,
    ttl: String(r.ttl || 600), prio: '0', notes: '' }));
  const requests = [];
  let forced = [];

  const reply = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? '' : JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const refuse = (res, message) => reply(res, 400, { status: 'ERROR', message });

  // The two DNS calls the provider uses.
  const handle = (req, res, url, entry) => {
    if (req.method !== 'POST') return refuse(res, 'Invalid request method.');
    const j = entry.json;
    if (!j || typeof j !== 'object') return refuse(res, 'Invalid JSON.');
    if (j.apikey !== apiKey || j.secretapikey !== secretApiKey) return refuse(res, 'Invalid API key. (002)');
    const m = /^\/api\/json\/v3\/dns\/(retrieveByNameType|editByNameType)\/([^/]+)\/([^/]+)(?:\/([^/]*))?$/.exec(url.pathname);
    if (!m) return reply(res, 404, { status: 'ERROR', message: 'Invalid endpoint.' });
    const domain = decodeURIComponent(m[2]).toLowerCase();
    const type = m[3];
    const sub = decodeURIComponent(m[4] || '').toLowerCase();
    if (!zones.includes(domain)) return refuse(res, 'Domain is not opted in to API access.');
    const full = sub ? `${sub}.${domain}` : domain;
    const found = recs.filter((r) => r.name === full && r.type === type);
    if (m[1] === 'retrieveByNameType') return reply(res, 200, { status: 'SUCCESS', records: found });
    if (!validContent(type, j.content)) return refuse(res, 'Edit error: The content is not a valid value for this record type.');
    if (j.ttl !== undefined && !(parseInt(j.ttl, 10) >= 600)) return refuse(res, 'Edit error: TTL must be at least 600.');
    if (!found.length) return refuse(res, 'Edit error: We were unable to edit the DNS record.');
    if (found.every((r) => r.content === j.content && (j.ttl === undefined || r.ttl === String(j.ttl)))) {
      return refuse(res, 'Edit error: We were unable to edit the DNS record.');
    }
    for (const r of found) {
      r.content = j.content;
      if (j.ttl !== undefined) r.ttl = String(j.ttl);
    }
    if (store && (type === 'A' || type === 'AAAA')) store.set(full, type, j.content, parseInt(found[0].ttl, 10));
    return reply(res, 200, { status: 'SUCCESS' });
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://fake.invalid');
    const body = await readBody(req);
    let parsed = null;
    try { parsed = body ? JSON.parse(body) : null; } catch { parsed = null; }
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers }, body, json: parsed };
    requests.push(entry);
    const fi = forced.findIndex((f) => !f.path || url.pathname.includes(f.path));
    if (fi >= 0) {
      const [f] = forced.splice(fi, 1);
      return reply(res, f.status, f.body, f.headers);
    }
    handle(req, res, url, entry);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const bound = server.address().port;
  const origin = `http://${host}:${bound}`;
  return {
    url: origin,
    apiUrl: `${origin}/api/json/v3`,
    port: bound,
    requests,
    records: recs,
    // The next request (whose path contains `path`, when given: every call is a POST) gets
    // this status and JSON body.
    failNext(status, body = { status: 'ERROR', message: 'Internal server error.' }, headers = {}, path = null) {
      forced.push({ status, body, headers, path });
    },
    close() {
      forced = [];
      return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}
