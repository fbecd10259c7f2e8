// Follows: DNSPod API documentation (dnsapi.cn), Record.List / Record.Modify / Record.Create, https://docs.dnspod.cn/api/ (read from its source, github DNSPod/dnspod-api-doc _sources/records.txt: code 10 'no records', 6 domain id error, 8 record id error).
// A fake of DNSPod's original API (dnsapi.cn) on loopback, as documented: POST of form fields,
// login_token=ID,TOKEN and format=json on every call; Record.List {domain, sub_domain?} answers
// {status, domain, info, records: [{id, name, line, line_id, type, ttl, value, enabled, ...}]}
// (status.code '10' when there are none), Record.Modify {domain, record_id, sub_domain,
// record_type, record_line|record_line_id, value, ttl?} and Record.Create {domain, sub_domain,
// record_type, record_line|record_line_id, value} answer {status, record}. Always HTTP 200;
// status.code '1' success, '-1' login failed, '6' domain id error, '8' record id error.
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// id/token: the API token; domains; records: [{ name: fqdn, type, value, ttl? }].
export async function startDnspod({ port = 0, host = '127.0.0.1', id = '13490', token = 'dp-token', domains, records = [] } = {}) {
  const zones = zoneNames(domains, records);
  let nextId = 16894439;
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, zones);
    return { zone, id: String(nextId++), name: n === zone ? '@' : n.slice(0, -(zone.length + 1)), line: '\u9ed8\u8ba4', line_id: '0',
      type: r.type, ttl: String(r.ttl || 600), value: r.value, weight: null, mx: '0', enabled: '1', status: 'enable', monitor_status: '',
      remark: '', updated_on: '2026-01-01 00:00:00', use_aqb: 'no' };
  });
  const api = jsonApi({ failBody: () => ({ status: { code: '-99', message: 'internal error' } }), fits: (k, req, url) => url.pathname.endsWith(k) });
  const status = (code, message) => ({ code, message, created_at: '2026-01-01 00:00:00' });
  const say = (res, code, message, extra = {}) => api.reply(res, 200, { status: status(code, message), ...extra });
  const out = ({ zone, ...r }) => r;

  const handle = (req, res, url, entry) => {
    const p = new URLSearchParams(entry.body);
    if (req.method !== 'POST') return say(res, '-99', 'POST only');
    if (p.get('login_token') !== `${id},${token}`) return say(res, '-1', 'Login failed');
    if (p.get('format') !== 'json') return say(res, '-99', 'format must be json');
    const zone = (p.get('domain') || '').toLowerCase();
    if (!zones.includes(zone)) return say(res, '6', 'Domain id invalid');
    const op = url.pathname.slice(1);
    const line = p.get('record_line_id') === '0' || p.get('record_line') === '\u9ed8\u8ba4';
    if (op === 'Record.List') {
      const sub = p.get('sub_domain');
      const list = recs.filter((r) => r.zone === zone && (sub === null || r.name === sub.toLowerCase()));
      if (!list.length) return say(res, '10', 'No records');
      return say(res, '1', 'Action completed successful', { domain: { id: '2317346', name: zone, punycode: zone, grade: 'DP_Free' },
        info: { sub_domains: String(list.length), record_total: String(list.length), records_num: String(list.length) }, records: list.map(out) });
    }
    const type = p.get('record_type');
    const value = p.get('value') || '';
    if (!p.get('sub_domain') || !type || !line || !validValue(type, value)) return say(res, '-99', 'Invalid parameters');
    if (op === 'Record.Modify') {
      const rec = recs.find((r) => r.zone === zone && r.id === p.get('record_id'));
      if (!rec) return say(res, '8', 'Record id invalid');
      Object.assign(rec, { name: p.get('sub_domain').toLowerCase(), type, value, ttl: p.get('ttl') || rec.ttl });
      return say(res, '1', 'Action completed successful', { record: { id: Number(rec.id), name: rec.name, value, status: 'enable' } });
    }
    if (op === 'Record.Create') {
      const rec = { zone, id: String(nextId++), name: p.get('sub_domain').toLowerCase(), line: '\u9ed8\u8ba4', line_id: '0', type,
        ttl: '600', value, weight: null, mx: '0', enabled: '1', status: 'enable', monitor_status: '', remark: '', updated_on: '', use_aqb: 'no' };
      recs.push(rec);
      return say(res, '1', 'Action completed successful', { record: { id: rec.id, name: rec.name, status: 'enabled' } });
    }
    return say(res, '-99', 'Unknown API');
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: origin, records: recs };
}
