// Follows: TransIP REST API v6, Domains: DNS: List all DNS entries / Update single DNS entry, https://api.transip.nl/rest/docs.html#domains-dns-patch ('When multiple or none of the current DNS entries matches, the response will be an error with http status code 406', quoted from it by DNSControl's provider notes; the page itself was not in the search corpus).
// A fake of TransIP's REST API v6 DNS part (api.transip.nl/v6) on loopback, as documented:
// 'Authorization: Bearer {access token}'; GET /v6/domains/{domain}/dns answering {dnsEntries:
// [{name, expire, type, content}]}; PATCH with {dnsEntry: {name, expire, type, content}} changing
// the content of the one entry of that name, expire and type, answering 204 (406 when none or
// several match); errors {error: text}. POST /v6/auth (the signed token request)
// is not served: the firmware does not use it.
import net from 'node:net';
import { jsonApi } from './json-api.mjs';

// token: a valid access token; expired: a token that answers 'expired'; domains: { domain: [entries] }.
export async function startTransip({ port = 0, host = '127.0.0.1', token = 'tip-token', expired = 'old-token', domains = {} } = {}) {
  const data = JSON.parse(JSON.stringify(domains));
  const api = jsonApi({ failBody: () => ({ error: 'Internal error' }) });
  const { reply } = api;

  const handle = (req, res, url, entry) => {
    const auth = req.headers.authorization || '';
    if (auth === `Bearer ${expired}`) return reply(res, 401, { error: 'Your access token has expired.' });
    if (auth !== `Bearer ${token}`) return reply(res, 401, { error: 'Your access token is invalid.' });
    const m = /^\/v6\/domains\/([^/]+)\/dns$/.exec(url.pathname);
    const list = m && data[decodeURIComponent(m[1]).toLowerCase()];
    if (!list) return reply(res, 404, { error: 'Domain not found' });
    if (req.method === 'GET') return reply(res, 200, { dnsEntries: list });
    if (req.method !== 'PATCH') return reply(res, 405, { error: 'Method not allowed' });
    const e = entry.json && entry.json.dnsEntry;
    if (!e || typeof e.name !== 'string' || !(e.expire > 0) || !e.type ||
        (e.type === 'A' && !net.isIPv4(e.content)) || (e.type === 'AAAA' && !net.isIPv6(e.content))) {
      return reply(res, 406, { error: 'Invalid dnsEntry' });
    }
    const hits = list.filter((x) => x.name === e.name && x.type === e.type && x.expire === e.expire);
    if (hits.length === 0) return reply(res, 406, { error: 'No DNS entry matches, cannot update' });
    if (hits.length > 1) return reply(res, 406, { error: 'Multiple DNS entries match, cannot update' });
    hits[0].content = e.content;
    res.writeHead(204);
    return res.end();
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/v6`, domains: data };
}
