// Follows: no API documentation for freedns.42.pl's XML-RPC interface could be found; written from ddns-scripts' update_freedns_42_pl.sh (xname.updateArecord struct members, <fault> on failure, a serial on success).
// A fake of freedns.42.pl's XML-RPC interface (POST /xmlrpc.php) on loopback, as documented:
// a methodCall xname.updateArecord with one struct of string members name, zone, oldaddress
// ('*' for every address), newaddress, ttl, updatereverse, user, password. Success answers a
// methodResponse struct with the zone's new serial; failures answer a <fault> with faultCode and
// faultString.
import net from 'node:net';
import { jsonApi } from './json-api.mjs';

// user/password: the account; zones: { zone: { record: ['addr', ...] } } ('' is the zone itself).
export async function startFreedns42({ port = 0, host = '127.0.0.1', user = 'fd-user', password = 'fd-pass', zones = {} } = {}) {
  const data = JSON.parse(JSON.stringify(zones));
  let serial = 2026010100;
  const api = jsonApi({ failBody: () => undefined });
  const xml = (res, body) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>${body}</methodResponse>`);
  };
  const fault = (res, code, text) => xml(res, `<fault><value><struct><member><name>faultCode</name><value><int>${code}</int></value></member>` +
    `<member><name>faultString</name><value><string>${text}</string></value></member></struct></value></fault>`);
  const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  const handle = (req, res, url, entry) => {
    if (req.method !== 'POST' || url.pathname !== '/xmlrpc.php') return fault(res, 1, 'XML-RPC server accepts POST requests only.');
    const m = /<methodName>([^<]*)<\/methodName>/.exec(entry.body);
    if (!m || m[1] !== 'xname.updateArecord') return fault(res, 2, 'Unknown method');
    const p = {};
    for (const x of entry.body.matchAll(/<member><name>([^<]*)<\/name><value><string>([^<]*)<\/string><\/value><\/member>/g)) p[x[1]] = unesc(x[2]);
    if (p.user !== user || p.password !== password) return fault(res, 3, 'Login failed: wrong user or password');
    const zone = data[p.zone];
    if (!zone) return fault(res, 4, `Zone ${p.zone} not found`);
    if (!zone[p.name]) return fault(res, 5, `Record ${p.name} not found`);
    if (!net.isIPv4(p.newaddress || '') || !(Number(p.ttl) > 0) || !p.oldaddress) return fault(res, 6, 'Invalid parameters');
    zone[p.name] = p.oldaddress === '*' ? [p.newaddress] : zone[p.name].map((a) => (a === p.oldaddress ? p.newaddress : a));
    serial++;
    return xml(res, `<params><param><value><struct><member><name>serial</name><value><string>${serial}</string></value></member></struct></value></param></params>`);
  };

  const origin = await api.listen(port, host, handle);
  return { ...api.face(), apiUrl: `${origin}/xmlrpc.php`, zones: data };
}
