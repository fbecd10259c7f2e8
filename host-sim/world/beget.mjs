// Follows: Beget API, 'DNS administration functions' https://beget.com/en/kb/api/dns-administration-functions (getData, changeRecords) and 'Basic principles of operation with API' https://beget.com/en/kb/api/basic-principles-of-operation-with-api.
// A fake of the Beget API's DNS functions (api.beget.com/api/dns/...) on loopback, as documented:
// login, passwd, input_format=json, output_format=json and input_data (url-encoded JSON) as query
// or form fields; getData {fqdn} answers the name's records {A: [{value, priority}], MX, TXT,
// ...}; changeRecords {fqdn, records} replaces them all. Every answer is HTTP 200: {status:
// 'success', answer: {status: 'success', result}}, an answer with status 'error' and errors
// [{error_code, error_text}], or {status: 'error', error_code: 'AUTH_ERROR', error_text}.
import { jsonApi, validValue } from './json-api.mjs';

// login/passwd: the account; names: { fqdn: { A: [...], MX: [...] } } of the account's names.
export async function startBeget({ port = 0, host = '127.0.0.1', login = 'user', passwd = 'pw', names = {} } = {}) {
  const data = JSON.parse(JSON.stringify(names));
  const api = jsonApi({ failBody: () => ({ status: 'error', error_code: 'INTERNAL_ERROR', error_text: 'internal error' }),
    fits: (k, req, url) => url.pathname.endsWith(k) });
  const ok = (res, result) => api.reply(res, 200, { status: 'success', answer: { status: 'success', result } });
  const fail = (res, code, text) => api.reply(res, 200, { status: 'success', answer: { status: 'error', errors: [{ error_code: code, error_text: text }] } });

  const handle = (req, res, url, entry) => {
    const p = new URLSearchParams(req.method === 'POST' ? entry.body : url.search);
    if (p.get('login') !== login || p.get('passwd') !== passwd) {
      return api.reply(res, 200, { status: 'error', error_text: 'No such user or invalid password', error_code: 'AUTH_ERROR' });
    }
    if (p.get('input_format') !== 'json' || p.get('output_format') !== 'json') {
      return api.reply(res, 200, { status: 'error', error_text: 'Incorrect request', error_code: 'INCORRECT_REQUEST' });
    }
    let input;
    try { input = JSON.parse(p.get('input_data')); } catch { input = null; }
    const fqdn = input && String(input.fqdn || '').toLowerCase();
    if (!fqdn) return fail(res, 'INVALID_DATA', 'fqdn is required');
    if (!data[fqdn]) return fail(res, 'NO_SUCH_DOMAIN', 'Domain not found');
    if (url.pathname === '/api/dns/getData') {
      return ok(res, { is_under_control: 1, is_beget_dns: 1, is_subdomain: fqdn.split('.').length > 2 ? 1 : 0, fqdn,
        records: data[fqdn], set_type: 1 });
    }
    if (url.pathname !== '/api/dns/changeRecords') return api.reply(res, 200, { status: 'error', error_code: 'NO_SUCH_METHOD', error_text: 'No such method' });
    const recs = input.records;
    if (!recs || typeof recs !== 'object') return fail(res, 'INVALID_DATA', 'records are required');
    for (const t of Object.keys(recs)) {
      if (!Array.isArray(recs[t]) || !recs[t].every((r) => r && validValue(t, r.value))) return fail(res, 'INVALID_DATA', `invalid ${t} record`);
    }
    data[fqdn] = recs;
    return ok(res, true);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/api`, names: data };
}
