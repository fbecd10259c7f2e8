// A fake of Porkbun's JSON API v3 (DNS part) on loopback, as documented: every call is a POST
// with apikey and secretapikey in the JSON body; dns/retrieveByNameType/{domain}/{type}/
// [{subdomain}] answers {status: 'SUCCESS', records}, dns/editByNameType/... takes {content,
// ttl?}; refusals are HTTP 400 {status: 'ERROR', message}. Like the real API it refuses an edit
// that changes nothing.
import { jsonApi, zoneNames, validValue } from './json-api.mjs';

// Every call is a POST, so failNext aims at a path part (e.g. 'editByNameType') instead.
function byPath(key, req, url) {
  return url.pathname.includes(key);
}

// apiKey/secretApiKey: the key pair; domains: domains with API access (default: the last two
// labels of the records); records: [{ name: fqdn, type, value, ttl? }]; store: optional
// RecordStore mirrored on writes.
export async function startPorkbun({ port = 0, host = '127.0.0.1', apiKey = 'pk1_key', secretApiKey = 'sk1_secret', domains, records = [], store } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 106926650;
  // Porkbun lists records with their full name and string fields.
  const recs = records.map((r) => ({ id: String(nextId++), name: r.name.toLowerCase(), type: r.type, content: r.value,
    ttl: String(r.ttl || 600), prio: '0', notes: '' }));
  const api = jsonApi({ failBody: () => ({ status: 'ERROR', message: 'Internal server error.' }), fits: byPath });
  const { reply } = api;
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
    if (!validValue(type, j.content)) return refuse(res, 'Edit error: The content is not a valid value for this record type.');
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

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/api/json/v3`, records: recs };
}
