// Follows: DreamHost API 'DNS API commands', https://help.dreamhost.com/hc/en-us/articles/217555707-DNS-API-commands (dns-list_records, dns-add_record, dns-remove_record, unique_id, tab format); the page was not in the search corpus, this is as ddns-updater's dreamhost provider uses it.
// A fake of DreamHost's API (api.dreamhost.com) DNS commands on loopback, as documented: GET
// (or POST) / with key, cmd and a unique_id that must be new for every successful request;
// results in the default tab format, a first line 'success' or 'error' and the data after it.
// dns-list_records lists the account's records under the header
// account_id zone record type value comment editable; dns-add_record (record, type, value,
// optional comment) answers 'record_added'; dns-remove_record (record, type, value) answers
// 'record_removed'. Errors seen here: invalid_api_key, no_such_zone, no_such_record,
// record_already_exists_not_editable, not_editable, invalid_value, slow_down_bucko (rate limit).
import http from 'node:http';
import net from 'node:net';

// key: the API key; records: [{ name: fqdn, type, value, editable? }] (zone: the last two
// labels); store: optional RecordStore mirrored on changes.
export async function startDreamhost({ port = 0, host = '127.0.0.1', key = 'dh-key', records = [], store } = {}) {
  const requests = [];
  const used = new Set();
  let forced = [];
  const recs = records.map((r) => ({ zone: r.name.toLowerCase().split('.').slice(-2).join('.'), record: r.name.toLowerCase(),
    type: r.type, value: r.value, comment: '', editable: r.editable === false ? '0' : '1' }));
  const zones = new Set(recs.map((r) => r.zone));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://fake.invalid');
    const q = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method, path: url.pathname, query: q, headers: { ...req.headers } });
    const send = (status, text) => { res.writeHead(status, { 'Content-Type': 'text/plain' }); res.end(text); };
    const ok = (data) => { used.add(q.unique_id); send(200, `success\n${data}\n`); };
    const fail = (code) => send(200, `error\n${code}\n`);
    if (forced.length) { const f = forced.shift(); return send(f.status, f.body); }
    if (url.pathname !== '/') return send(404, 'not found');
    if (!q.key) return fail('no_key');
    if (q.key !== key) return fail('invalid_api_key');
    if (!q.unique_id) return fail('no_unique_id');
    if (used.has(q.unique_id) || q.unique_id.length > 64) return fail('unique_id_already_used');
    if (q.cmd === 'dns-list_records') {
      const rows = recs.map((r) => ['1', r.zone, r.record, r.type, r.value, r.comment, r.editable].join('\t'));
      return ok(['account_id\tzone\trecord\ttype\tvalue\tcomment\teditable', ...rows].join('\n'));
    }
    if (q.cmd !== 'dns-add_record' && q.cmd !== 'dns-remove_record') return fail('invalid_cmd');
    if (!q.record) return fail('no_record');
    if (!q.type) return fail('no_type');
    if (!q.value) return fail('no_value');
    const zone = q.record.toLowerCase().split('.').slice(-2).join('.');
    if (!zones.has(zone)) return fail('no_such_zone');
    const same = recs.filter((r) => r.record === q.record.toLowerCase() && r.type === q.type);
    if (q.cmd === 'dns-add_record') {
      if ((q.type === 'A' && !net.isIPv4(q.value)) || (q.type === 'AAAA' && !net.isIPv6(q.value))) return fail('invalid_value');
      if (same.some((r) => r.editable === '0')) return fail('record_already_exists_not_editable');
      if (!same.some((r) => r.value === q.value)) recs.push({ zone, record: q.record.toLowerCase(), type: q.type, value: q.value, comment: q.comment || '', editable: '1' });
      if (store) store.set(q.record, q.type, q.value, 300);
      return ok('record_added');
    }
    const i = recs.findIndex((r) => r.record === q.record.toLowerCase() && r.type === q.type && r.value === q.value);
    if (i < 0) return fail('no_such_record');
    if (recs[i].editable === '0') return fail('not_editable');
    recs.splice(i, 1);
    return ok('record_removed');
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return {
    url, apiUrl: url, requests, records: recs,
    failNext(status, body) { forced.push({ status, body }); },
    close() { forced = []; return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }); },
  };
}
