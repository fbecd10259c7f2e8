// Follows: Cloud DNS API v1 resourceRecordSets.get / .patch, https://cloud.google.com/dns/docs/reference/v1/resourceRecordSets/patch, and Google's OAuth 2.0 'Refreshing an access token', https://developers.google.com/identity/protocols/oauth2/web-server#offline.
// A fake of Google's OAuth 2.0 token endpoint and the Cloud DNS API v1 on loopback, as
// documented. POST /token (form: grant_type=refresh_token, client_id, client_secret,
// refresh_token) answers {access_token, expires_in, scope, token_type: 'Bearer'}, or 400
// {error: 'invalid_grant'} / 401 {error: 'invalid_client'}. With 'Authorization: Bearer {token}':
// GET /dns/v1/projects/{project}/managedZones/{zone}/rrsets/{name}/{type} answers the
// ResourceRecordSet {kind, name, type, ttl, rrdatas}; PATCH of the same path applies the
// ResourceRecordSet sent; errors {error: {code, message, errors, status}}.
import { randomBytes } from 'node:crypto';
import { jsonApi, validValue } from './json-api.mjs';

const SCOPE = 'https://www.googleapis.com/auth/ndev.clouddns.readwrite';

// clientId/clientSecret/refreshToken: the OAuth grant; project, zone (managed zone name), dnsName
// (its domain); records: [{ name: fqdn, type, value, ttl? }].
export async function startGcp({ port = 0, host = '127.0.0.1', clientId = 'cid.apps.googleusercontent.com', clientSecret = 'csecret',
  refreshToken = '1//refresh', project = 'my-project', zone = 'my-zone', dnsName = 'example.com', records = [] } = {}) {
  const sets = records.map((r) => ({ kind: 'dns#resourceRecordSet', name: `${r.name.toLowerCase()}.`, type: r.type, ttl: r.ttl || 300, rrdatas: [r.value] }));
  const tokens = new Set();
  const api = jsonApi({ failBody: (st) => ({ error: { code: st, message: 'Internal error encountered.', status: 'INTERNAL' } }) });
  const { reply } = api;
  const gerr = (res, code, status, message) => reply(res, code, { error: { code, message, errors: [{ message, domain: 'global', reason: status.toLowerCase() }], status } });

  const handle = (req, res, url, entry) => {
    if (url.pathname === '/token' && req.method === 'POST') {
      const p = new URLSearchParams(entry.body);
      if (p.get('client_id') !== clientId || p.get('client_secret') !== clientSecret) {
        return reply(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      }
      if (p.get('grant_type') !== 'refresh_token' || p.get('refresh_token') !== refreshToken) {
        return reply(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      }
      const t = `ya29.${randomBytes(16).toString('hex')}`;
      tokens.add(t);
      return reply(res, 200, { access_token: t, expires_in: 3599, scope: SCOPE, token_type: 'Bearer' });
    }
    const auth = req.headers.authorization || '';
    if (!tokens.has(auth.replace(/^Bearer /, ''))) return gerr(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const m = /^\/dns\/v1\/projects\/([^/]+)\/managedZones\/([^/]+)\/rrsets\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!m || decodeURIComponent(m[1]) !== project) return gerr(res, 403, 'PERMISSION_DENIED', 'Forbidden');
    if (decodeURIComponent(m[2]) !== zone) return gerr(res, 404, 'NOT_FOUND', `The 'parameters.managedZone' resource named '${m[2]}' does not exist.`);
    const name = decodeURIComponent(m[3]).toLowerCase();
    const type = m[4];
    if (!name.endsWith(`${dnsName}.`)) return gerr(res, 400, 'INVALID_ARGUMENT', `Invalid value for 'entity.change.additions[0].name': '${name}'`);
    const set = sets.find((s) => s.name === name && s.type === type);
    if (!set) return gerr(res, 404, 'NOT_FOUND', `The 'parameters.name' resource named '${name}' does not exist.`);
    if (req.method === 'GET') return reply(res, 200, set);
    if (req.method !== 'PATCH') return gerr(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
    const b = entry.json || {};
    if ((b.name && b.name !== name) || (b.type && b.type !== type) || !Array.isArray(b.rrdatas) || !b.rrdatas.every((v) => validValue(type, v))) {
      return gerr(res, 400, 'INVALID_ARGUMENT', 'Invalid value for rrdatas');
    }
    set.rrdatas = b.rrdatas;
    if (b.ttl) set.ttl = Number(b.ttl);
    return reply(res, 200, set);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: sets };
}
