// The world's fakes must behave like the real services, or the simulator proves nothing: these
// tests talk to them over real loopback sockets with ordinary clients.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Resolver } from 'node:dns/promises';
import packet from 'dns-packet';
import { RecordStore } from '../../host-sim/world/records.mjs';
import { startDyndns2 } from '../../host-sim/world/dyndns2.mjs';
import { startDuckdns } from '../../host-sim/world/duckdns.mjs';
import { startCheckIp } from '../../host-sim/world/checkip.mjs';
import { startDns } from '../../host-sim/world/dns.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';

// A plain http.request sends no User-Agent unless told, which the badagent case needs.
function get(url, { user, pass, agent = 'esp32-ddns-test/1.0', headers = {} } = {}) {
  const h = { ...headers };
  if (agent) h['User-Agent'] = agent;
  if (user !== undefined) h.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    http.get(url, { headers: h, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

// Sends one DNS query over TCP by hand, to check framing and that answers survive it.
function tcpQuery(port, name, type, { raw = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    sock.on('error', reject);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const msg = buf.length >= 2 && packet.streamDecode(buf);
      if (!msg) return;
      sock.end();
      resolve(raw ? { msg, bytes: buf.subarray(2) } : msg);
    });
    sock.write(packet.streamEncode({ type: 'query', id: 4242, flags: packet.RECURSION_DESIRED, questions: [{ type, name }] }));
  });
}

function resolver(port, opts = { timeout: 300, tries: 3 }) {
  const r = new Resolver(opts);
  r.setServers([`127.0.0.1:${port}`]);
  return r;
}

const USERS = {
  alice: { password: 'secret', hosts: ['home.example.com', 'cam.example.com'] },
  bob: { password: 'hunter2', hosts: ['bob.example.com'] },
};

test('the world', async (t) => {
  const records = new RecordStore();
  const dyn = await startDyndns2({ users: USERS, records });
  const duck = await startDuckdns({ tokens: { 'tok-1': ['myhome'] }, records, zone: 'duckdns.org' });
  const checkDyn = await startCheckIp({ ip: '203.0.113.7', style: 'dyndns' });
  const checkPlain = await startCheckIp({ ip: '203.0.113.8', style: 'plain' });
  const dns = await startDns({ records, zones: ['example.com', 'duckdns.org'] });
  const alice = { user: 'alice', pass: 'secret' };
  const update = (query, opts = alice) => get(`${dyn.url}/nic/update?${query}`, opts);

  t.after(() => Promise.all([dyn, duck, checkDyn, checkPlain, dns].map((s) => s.close())));

  await t.test('record store: case-insensitive names, change events, delete', () => {
    const store = new RecordStore();
    const seen = [];
    store.on('change', (c) => seen.push(c));
    store.set('Host.Example.COM.', 'A', '192.0.2.1');
    assert.deepEqual(store.get('host.example.com', 'A'), { name: 'host.example.com', type: 'A', value: '192.0.2.1', ttl: 60 });
    assert.throws(() => store.set('x.example.com', 'A', '2001:db8::1'));
    assert.equal(store.delete('HOST.example.com'), true);
    assert.equal(store.get('host.example.com', 'A'), undefined);
    assert.deepEqual(seen.map((c) => c.value), ['192.0.2.1', null]);
  });

  await t.test('dyndns2: good, then nochg for the same address, and the store follows', async () => {
    const first = await update('hostname=home.example.com&myip=198.51.100.10');
    assert.equal(first.status, 200);
    assert.equal(first.body, 'good 198.51.100.10');
    assert.equal(records.get('home.example.com', 'A').value, '198.51.100.10');
    const again = await update('hostname=home.example.com&myip=198.51.100.10');
    assert.equal(again.body, 'nochg 198.51.100.10');
    const v6 = await update('hostname=home.example.com&myip=2001:db8::10');
    assert.equal(v6.body, 'good 2001:db8::10');
    assert.equal(records.get('home.example.com', 'AAAA').value, '2001:db8::10');
    const last = dyn.requests.at(-1);
    assert.deepEqual(last.auth, { user: 'alice', pass: 'secret' });
    assert.equal(last.query.hostname, 'home.example.com');
    assert.equal(last.answer, 'good 2001:db8::10');
  });

  await t.test('dyndns2: badauth for a bad password, a 401 challenge without credentials', async () => {
    const bad = await update('hostname=home.example.com&myip=198.51.100.11', { user: 'alice', pass: 'wrong' });
    assert.equal(bad.body, 'badauth');
    const none = await update('hostname=home.example.com&myip=198.51.100.11', {});
    assert.equal(none.status, 401);
    assert.match(none.headers['www-authenticate'], /^Basic realm=/);
    assert.equal(none.body, 'badauth');
    assert.equal(records.get('home.example.com', 'A').value, '198.51.100.10');
  });

  await t.test('dyndns2: nohost, !yours, notfqdn, one line per host', async () => {
    assert.equal((await update('hostname=nope.example.com&myip=198.51.100.12')).body, 'nohost');
    assert.equal((await update('hostname=bob.example.com&myip=198.51.100.12')).body, '!yours');
    assert.equal((await update('myip=198.51.100.12')).body, 'notfqdn');
    const multi = await update('hostname=home.example.com,cam.example.com,nope.example.com,bad_name&myip=198.51.100.10');
    assert.equal(multi.body, 'nochg 198.51.100.10\ngood 198.51.100.10\nnohost\nnotfqdn');
    const many = Array.from({ length: 21 }, (_, i) => `h${i}.example.com`).join(',');
    assert.equal((await update(`hostname=${many}&myip=198.51.100.12`)).body, 'numhost');
    assert.equal((await update('hostname=home.example.com&offline=YES')).body, '!donator');
  });

  await t.test('dyndns2: badagent without a User-Agent', async () => {
    const res = await update('hostname=home.example.com&myip=198.51.100.13', { ...alice, agent: null });
    assert.equal(res.body, 'badagent');
    assert.equal(dyn.requests.at(-1).headers['user-agent'], undefined);
  });

  await t.test('dyndns2: missing myip uses the requester address; /update path works', async () => {
    assert.equal((await get(`${dyn.url}/update?hostname=cam.example.com`, alice)).body, 'good 127.0.0.1');
    dyn.setClientIp('203.0.113.50');
    assert.equal((await update('hostname=cam.example.com&myip=not-an-ip')).body, 'good 203.0.113.50');
    dyn.setClientIp(null);
  });

  await t.test('dyndns2: forced answers and status for failure tests', async () => {
    dyn.setAnswers(['911', 'dnserr']);
    assert.equal((await update('hostname=home.example.com&myip=198.51.100.99')).body, '911');
    assert.equal((await update('hostname=home.example.com&myip=198.51.100.99')).body, 'dnserr');
    dyn.setNextAnswer('abuse');
    assert.equal((await update('hostname=home.example.com&myip=198.51.100.99')).body, 'abuse');
    dyn.setStatus(500);
    assert.equal((await update('hostname=home.example.com&myip=198.51.100.99')).status, 500);
    assert.equal(records.get('home.example.com', 'A').value, '198.51.100.10');
  });

  await t.test('dns: an update is visible through a real UDP query', async () => {
    const r = resolver(dns.port);
    assert.deepEqual(await r.resolve4('home.example.com'), ['198.51.100.10']);
    assert.deepEqual(await r.resolve6('HOME.example.com'), ['2001:db8::10']);
    await update('hostname=home.example.com&myip=198.51.100.20');
    assert.deepEqual(await r.resolve4('home.example.com'), ['198.51.100.20']);
    assert.equal(dns.queries.at(-1).proto, 'udp');
  });

  await t.test('dns: NXDOMAIN, NODATA, REFUSED', async () => {
    const r = resolver(dns.port);
    await assert.rejects(r.resolve4('missing.example.com'), { code: 'ENOTFOUND' });
    await assert.rejects(r.resolve6('cam.example.com'), { code: 'ENODATA' });
    await assert.rejects(r.resolve4('elsewhere.test'), { code: 'EREFUSED' });
    const nx = await tcpQuery(dns.port, 'missing.example.com', 'A');
    assert.equal(nx.rcode, 'NXDOMAIN');
    assert.equal(nx.flag_aa, true);
    assert.equal(nx.authorities[0].type, 'SOA');
  });

  await t.test('dns: hand-made TCP query, with compressed names in the answer', async () => {
    const { msg, bytes } = await tcpQuery(dns.port, 'home.example.com', 'A', { raw: true });
    assert.equal(msg.id, 4242);
    assert.equal(msg.rcode, 'NOERROR');
    assert.equal(msg.flag_aa, true);
    assert.equal(msg.flag_rd, true);
    assert.deepEqual(msg.answers.map((a) => [a.name, a.type, a.data]), [['home.example.com', 'A', '198.51.100.20']]);
    // The answer's owner name is a pointer to the question name at offset 12.
    const qEnd = 12 + 'home.example.com'.length + 2 + 4;
    assert.deepEqual([...bytes.subarray(qEnd, qEnd + 2)], [0xc0, 12]);
    assert.equal(dns.queries.at(-1).proto, 'tcp');
  });

  await t.test('dns: truncation forces the resolver over to TCP', async () => {
    dns.setTruncate(true);
    const before = dns.queries.length;
    try {
      assert.deepEqual(await resolver(dns.port).resolve4('home.example.com'), ['198.51.100.20']);
    } finally {
      dns.setTruncate(false);
    }
    const seen = dns.queries.slice(before).map((q) => q.proto);
    assert.deepEqual(seen, ['udp', 'tcp']);
    assert.equal(dns.queries[before].truncated, true);
  });

  await t.test('dns: dropped datagrams are retried', async () => {
    dns.setDrop(1);
    const before = dns.queries.length;
    assert.deepEqual(await resolver(dns.port, { timeout: 200, tries: 3 }).resolve4('home.example.com'), ['198.51.100.20']);
    const seen = dns.queries.slice(before);
    assert.equal(seen[0].dropped, true);
    assert.ok(seen.length >= 2);
  });

  await t.test('dns: CNAME chains are followed', async () => {
    dns.addCname('www.example.com', 'alias.example.com');
    dns.addCname('alias.example.com', 'home.example.com');
    const msg = await tcpQuery(dns.port, 'www.example.com', 'A');
    assert.deepEqual(msg.answers.map((a) => [a.name, a.type, a.data]), [
      ['www.example.com', 'CNAME', 'alias.example.com'],
      ['alias.example.com', 'CNAME', 'home.example.com'],
      ['home.example.com', 'A', '198.51.100.20'],
    ]);
    assert.deepEqual(await resolver(dns.port).resolve4('www.example.com'), ['198.51.100.20']);
    dns.addCname('dangling.example.com', 'gone.example.com');
    assert.equal((await tcpQuery(dns.port, 'dangling.example.com', 'A')).rcode, 'NXDOMAIN');
  });

  await t.test('duckdns: OK and KO', async () => {
    const ok = await get(`${duck.url}/update?domains=myhome&token=tok-1&ip=192.0.2.44`, { agent: null });
    assert.equal(ok.body, 'OK');
    assert.equal(records.get('myhome.duckdns.org', 'A').value, '192.0.2.44');
    const verbose = await get(`${duck.url}/update?domains=myhome.duckdns.org&token=tok-1&ip=192.0.2.44&verbose=true`);
    assert.equal(verbose.body, 'OK\n192.0.2.44\n\nNOCHANGE');
    assert.equal((await get(`${duck.url}/update?domains=myhome&token=wrong&ip=192.0.2.45`)).body, 'KO');
    assert.equal((await get(`${duck.url}/update?domains=other&token=tok-1&ip=192.0.2.45`)).body, 'KO');
    assert.equal((await get(`${duck.url}/update/myhome/tok-1/192.0.2.46`)).body, 'OK');
    assert.deepEqual(await resolver(dns.port).resolve4('myhome.duckdns.org'), ['192.0.2.46']);
  });

  await t.test('check-ip: dyndns and plain bodies, and a changing address', async () => {
    const page = await get(`${checkDyn.url}/`);
    assert.equal(page.body, '<html><head><title>Current IP Check</title></head><body>Current IP Address: 203.0.113.7</body></html>\r\n');
    assert.equal((await get(`${checkPlain.url}/`)).body, '203.0.113.8\n');
    checkPlain.setIp('198.51.100.77');
    assert.equal((await get(`${checkPlain.url}/ip`)).body, '198.51.100.77\n');
    assert.equal(checkPlain.requests.length, 2);
  });
});

test('startWorld wires every part to one record store', async () => {
  const world = await startWorld({
    users: { alice: { password: 'secret', hosts: ['home.example.net'] } },
    hosts: [{ name: 'home.example.net', value: '192.0.2.1' }],
    checkIp: '203.0.113.7',
    duckdns: { tokens: { t: ['box'] } },
  });
  try {
    const r = resolver(world.dns.port);
    assert.deepEqual(await r.resolve4('home.example.net'), ['192.0.2.1']);
    const res = await get(`${world.dyndns2.url}/nic/update?hostname=home.example.net&myip=192.0.2.2`, { user: 'alice', pass: 'secret' });
    assert.equal(res.body, 'good 192.0.2.2');
    assert.deepEqual(await r.resolve4('home.example.net'), ['192.0.2.2']);
    assert.equal((await get(`${world.duckdns.url}/update?domains=box&token=t&ip=192.0.2.3`)).body, 'OK');
    assert.deepEqual(await r.resolve4('box.duckdns.org'), ['192.0.2.3']);
    assert.match((await get(world.checkIp.url)).body, /Current IP Address: 203\.0\.113\.7</);
  } finally {
    await world.close();
  }
});
