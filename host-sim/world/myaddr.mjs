// Follows: no myaddr.tools API page could be found in the search corpus (only its sibling dyn.addr.tools); written from ddns-updater's myaddr provider.
// A fake of myaddr.tools' update endpoint on loopback: POST /update with the form key=KEY&ip=ADDR
// (application/x-www-form-urlencoded) sets the address of the name the key belongs to and
// answers 200; an unknown key answers 404, a missing or invalid field 400, as ddns-updater's
// client for it expects (myaddr.tools' own page documents the same form; no other reference was
// reachable from this machine). IPv4 sets the A record, IPv6 the AAAA record.
import http from 'node:http';
import net from 'node:net';

// keys: { key: 'name.myaddr.tools' }; store: optional RecordStore mirrored on updates.
export async function startMyaddr({ port = 0, host = '127.0.0.1', keys = {}, store } = {}) {
  const requests = [];
  const addrs = {};
  let forced = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, 'http://fake.invalid');
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push({ method: req.method, path: url.pathname, headers: { ...req.headers }, body, form });
      const send = (status, text) => { res.writeHead(status, { 'Content-Type': 'text/plain' }); res.end(text); };
      if (forced.length) { const f = forced.shift(); return send(f.status, f.body); }
      if (url.pathname !== '/update') return send(404, 'not found');
      if (req.method !== 'POST') return send(405, 'method not allowed');
      if (!(req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded')) return send(400, 'bad request');
      if (!form.key || !form.ip) return send(400, 'missing key or ip');
      const name = keys[form.key];
      if (!name) return send(404, 'key not found');
      const type = net.isIPv4(form.ip) ? 'A' : net.isIPv6(form.ip) ? 'AAAA' : '';
      if (!type) return send(400, 'invalid ip');
      addrs[name + '/' + type] = form.ip;
      if (store) store.set(name, type, form.ip, 60);
      return send(200, 'OK');
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return {
    url, apiUrl: url, requests, addrs,
    failNext(status, body = '') { forced.push({ status, body }); },
    close() { forced = []; return new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }); },
  };
}
