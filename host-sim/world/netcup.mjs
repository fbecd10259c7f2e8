// Follows: netcup CCP DomainWebservice description, https://ccp.netcup.net/run/webservice/servers/endpoint.php (JSON endpoint; login, infoDnsRecords, updateDnsRecords, logout) and the netcup wiki 'CCP API' https://helpcenter.netcup.com/en/wiki/general/our-api; the record fields and status codes are as ddns-scripts' update_netcup_com.sh reads them.
// A fake of netcup's CCP DNS API (JSON endpoint .../endpoint.php?JSON) on loopback, as documented:
// every call is a POST of {action, param}; login {customernumber, apikey, apipassword} gives
// responsedata.apisessionid; infoDnsRecords {domainname, customernumber, apikey, apisessionid}
// answers responsedata.dnsrecords [{id, hostname, type, priority, destination, deleterecord,
// state}]; updateDnsRecords {..., dnsrecordset: {dnsrecords: [...]}} changes records by id;
// logout ends the session. Answers {serverrequestid, clientrequestid, action, status, statuscode,
// shortmessage, longmessage, responsedata}: status 'success' (2000) or 'error' (4xxx/5xxx).
import { randomBytes } from 'node:crypto';
import { jsonApi, zoneNames, zoneOf, validValue } from './json-api.mjs';

// customer/apikey/apipassword: the credentials; zones; records: [{ name: fqdn, type, value }].
export async function startNetcup({ port = 0, host = '127.0.0.1', customer = '12345', apikey = 'nc-key', apipassword = 'nc-pw', zones, records = [] } = {}) {
  const names = zoneNames(zones, records);
  let nextId = 100;
  const recs = records.map((r) => {
    const n = r.name.toLowerCase();
    const zone = zoneOf(n, names);
    return { zone, id: String(nextId++), hostname: n === zone ? '@' : n.slice(0, -(zone.length + 1)), type: r.type, priority: '0',
      destination: r.value, deleterecord: false, state: 'yes' };
  });
  const sessions = new Set();
  const refusals = {};
  const api = jsonApi({ failBody: () => ({ status: 'error', statuscode: 5000, shortmessage: 'Internal error' }) });
  const answer = (res, action, ok, code, short, long, data = '') => api.reply(res, 200, { serverrequestid: randomBytes(8).toString('hex'),
    clientrequestid: '', action, status: ok ? 'success' : 'error', statuscode: code, shortmessage: short, longmessage: long, responsedata: data });

  const handle = (req, res, url, entry) => {
    const b = entry.json;
    const action = b && b.action;
    const p = (b && b.param) || {};
    if (req.method !== 'POST' || !url.search.includes('JSON')) return answer(res, action, false, 4013, 'Validation Error.', 'Wrong request format');
    if (p.customernumber !== customer || p.apikey !== apikey) return answer(res, action, false, 4013, 'Validation Error.', 'Api key or customer number invalid');
    if (refusals[action]) {
      const [code, short] = refusals[action];
      delete refusals[action];
      return answer(res, action, false, code, short, '');
    }
    if (action === 'login') {
      if (p.apipassword !== apipassword) return answer(res, action, false, 4013, 'Validation Error.', 'Api password invalid');
      const sid = randomBytes(16).toString('base64');
      sessions.add(sid);
      return answer(res, action, true, 2000, 'Login successful', 'Session has been created successful.', { apisessionid: sid });
    }
    if (!sessions.has(p.apisessionid)) return answer(res, action, false, 4001, 'The session id is not in a valid format.', 'The session id is not valid');
    if (action === 'logout') {
      sessions.delete(p.apisessionid);
      return answer(res, action, true, 2000, 'Logout successful', 'Session has been terminated successful.');
    }
    const zone = String(p.domainname || '').toLowerCase();
    if (!names.includes(zone)) return answer(res, action, false, 5029, 'Can not get DNS records for zone.', 'Domain not found');
    if (action === 'infoDnsRecords') {
      return answer(res, action, true, 2000, 'DNS records found', 'DNS Records for this zone were found.',
        { dnsrecords: recs.filter((r) => r.zone === zone).map(({ zone: z, ...r }) => r) });
    }
    if (action !== 'updateDnsRecords') return answer(res, action, false, 4013, 'Validation Error.', 'Unknown action');
    const list = p.dnsrecordset && p.dnsrecordset.dnsrecords;
    if (!Array.isArray(list)) return answer(res, action, false, 4013, 'Validation Error.', 'dnsrecordset missing');
    for (const r of list) {
      const rec = recs.find((x) => x.zone === zone && x.id === r.id);
      if (!rec || r.type !== rec.type || !validValue(r.type, r.destination) || !r.hostname) {
        return answer(res, action, false, 4013, 'Validation Error.', 'Record invalid');
      }
      Object.assign(rec, { hostname: r.hostname, destination: r.destination });
    }
    return answer(res, action, true, 2000, 'DNS records successful updated', 'The given DNS records for this zone were updated.',
      { dnsrecords: recs.filter((r) => r.zone === zone).map(({ zone: z, ...r }) => r) });
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/run/webservice/servers/endpoint.php?JSON`, records: recs, sessions,
    // The next call of this action answers status 'error' with this code and message.
    refuse(action, code, short) { refusals[action] = [code, short]; } };
}
