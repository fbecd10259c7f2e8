// ip_source dns and the ip_url rotation on the built bundle, in virtual time: the DNS "what is
// my address" services (host-sim/world/whoami.mjs, as their operators document them) and
// check-IP services that die, refuse (403), throttle (429 with Retry-After) or answer nonsense.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section } from './harness.mjs';
import { vscenario, at, status, scriptedProvider, MIN } from './kit.mjs';
import { startWhoami } from '../../host-sim/world/whoami.mjs';

const dnsSection = (w, list, extra = {}) => ({ service: { myddns: section(w, { ip_source: 'dns', ip_dns: list, ...extra }) } });

test('ip_source dns: the address from the three services in turn, one datagram each way per check', async (t) => {
  const who = await startWhoami({ ip: '203.0.113.77' });
  t.after(() => who.close());
  const s = await vscenario({ config: (w) => dnsSection(w, who.list(), { check_interval: '60', check_unit: 'seconds' }) });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, '203.0.113.77');
  const http = s.board.stats.httpRequests;
  await at(s.board, 2000 + 5 * MIN);
  assert.equal(who.queries.length, 6, 'one question per check: boot + 5 checks');
  assert.deepEqual(who.queries.slice(0, 3).map((q) => q.kind).sort(), ['cloudflare', 'google', 'opendns'], 'rotated over all three');
  assert.deepEqual(who.queries.map((q) => [q.type, q.cls]).filter((x) => x[0] === 'TXT' && x[1] === 'CH').length, 2, 'whoami.cloudflare is asked in class CH');
  assert.ok(who.queries.every((q) => q.bytes <= 45), 'each question is one small datagram');
  assert.equal(s.board.stats.httpRequests - http, 0, 'no HTTP at all for the checks');
  assert.ok(![...s.board.eval('Modules.getCached()')].includes('ddns.ipdns'), 'the module ddns.ipdns is let go after each check');
  who.setIp('203.0.113.78');
  await at(s.board, 2000 + 6 * MIN + 1000);
  assert.equal(s.updates().length, 2, 'the next check found the new address');
  assert.equal(s.updates()[1].query.myip, '203.0.113.78');
});

test('ip_source dns: a silent, a refusing and a wrong service are skipped and rest; spoofed replies are ignored', async (t) => {
  const dead = await startWhoami({ ip: '203.0.113.5' });
  const refusing = await startWhoami({ ip: '203.0.113.5' });
  const wrong = await startWhoami({ ip: '203.0.113.5' });
  const good = await startWhoami({ ip: '203.0.113.9' });
  t.after(() => Promise.all([dead, refusing, wrong, good].map((x) => x.close())));
  dead.setMode('silent');
  refusing.setMode('refused');
  wrong.setMode('wrong');
  good.setMode('spoof');
  const list = [dead.list(['opendns']), refusing.list(['cloudflare']), wrong.list(['google']), good.list(['opendns'])].join(' ');
  const s = await vscenario({ config: (w) => dnsSection(w, list, { check_interval: '60', check_unit: 'seconds' }) });
  t.after(() => s.close());
  await at(s.board, 10000);
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, '203.0.113.9', 'the good one answered; its spoofed first reply was not taken');
  assert.match(s.board.output, /ip_dns opendns@127\.0\.0\.1:\d+ failed: timeout; skipped for 5 min/);
  assert.match(s.board.output, /ip_dns cloudflare@127\.0\.0\.1:\d+ failed: refused; skipped for 5 min/);
  assert.match(s.board.output, /ip_dns google@127\.0\.0\.1:\d+ failed: noanswer; skipped for 5 min/);
  const n = [dead, refusing, wrong].map((x) => x.queries.length);
  assert.deepEqual(n, [1, 1, 1]);
  // within their 5 minutes of rest only the good one is asked, one question a check
  await at(s.board, 10000 + 4 * MIN);
  assert.deepEqual([dead, refusing, wrong].map((x) => x.queries.length), n, 'the dead ones rest');
  assert.equal(good.queries.length, 5);
  // after it they are asked again (one at a time, as the rotation reaches them)
  dead.setMode('ok');
  await at(s.board, 10000 + 12 * MIN);
  assert.ok(dead.queries.length > 1, 'the rest ended');
  assert.equal((await status(s.board)).state, 'waiting');
});

test('ip_source dns: when every service fails the section retries, and the config names a bad resolver', async (t) => {
  const who = await startWhoami();
  t.after(() => who.close());
  who.setMode('servfail');
  const s = await vscenario({ config: (w) => ({ service: {
    myddns: section(w, { ip_source: 'dns', ip_dns: who.list() }),
    bad: section(w, { ip_source: 'dns', ip_dns: 'opendns@resolver1.opendns.com quad9@9.9.9.9' }),
    six: section(w, { ip_source: 'dns', use_ipv6: '1', ip_dns: who.list() }),
  } }) });
  t.after(() => s.close());
  await at(s.board, 10000);
  assert.equal(s.updates().length, 0);
  const st = await status(s.board);
  assert.equal(st.state, 'retry');
  assert.match(st.error, /no current address/);
  assert.equal(who.queries.length, 3, 'each service asked once, not hammered');
  assert.match(s.board.output, /'opendns@resolver1\.opendns\.com' is not kind@IPv4\[:port\]/);
  assert.match(s.board.output, /'quad9@9\.9\.9\.9' is not kind@IPv4\[:port\]/);
  assert.match(s.board.output, /ip_source dns gives an IPv4 address only/);
  assert.equal((await status(s.board, 'bad')).state, 'invalid');
});

test('ip_url rotation: 403, 429 with Retry-After, no host and an answer without an address rest; the load is spread', async (t) => {
  const forbidden = await scriptedProvider(() => ({ status: 403, body: 'forbidden' }));
  const throttled = await scriptedProvider(() => ({ status: 429, headers: { 'Retry-After': '3600' }, body: 'slow down' }));
  const nonsense = await scriptedProvider(() => ({ body: '<html>rate limited</html>' }));
  const good1 = await scriptedProvider(() => ({ body: '203.0.113.21\n' }));
  const good2 = await scriptedProvider(() => ({ body: 'Current IP Address: 203.0.113.21' }));
  const all = [forbidden, throttled, nonsense, good1, good2];
  t.after(() => Promise.all(all.map((x) => x.close())));
  const urls = [forbidden.url + '/', throttled.url + '/', 'http://nohost.invalid/', nonsense.url + '/', good1.url + '/', good2.url + '/'];
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w, { ip_source: 'web', ip_url: urls.join(' '),
    check_interval: '60', check_unit: 'seconds' }) } }) });
  t.after(() => s.close());
  await at(s.board, 60 * MIN);
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, '203.0.113.21');
  assert.match(s.board.output, /ip_url http:\/\/127\.0\.0\.1:\d+\/ failed: http 403; skipped for 5 min/);
  assert.match(s.board.output, /failed: http 429; skipped for 60 min/, 'Retry-After lengthens the rest');
  assert.match(s.board.output, /ip_url http:\/\/nohost\.invalid\/ failed: dns; skipped/);
  assert.match(s.board.output, /failed: no address in the answer; skipped/);
  assert.equal(throttled.requests.length, 1, 'asked again only after its hour');
  // a dead service's rest doubles: in an hour at most 5 min, 10, 20 then 40: at most 4 asks
  assert.ok(forbidden.requests.length <= 4, 'forbidden asked ' + forbidden.requests.length + ' times');
  assert.ok(nonsense.requests.length <= 4);
  // the two good ones share the checks
  assert.ok(good1.requests.length >= 20 && good2.requests.length >= 20,
    'spread: ' + good1.requests.length + ' and ' + good2.requests.length);
  assert.equal((await status(s.board)).state, 'waiting');
});

test('ip_url empty: ip_source web uses the built-in services (a note, no error)', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w, { ip_source: 'web', enabled: '0' }) } }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  await s.board.type('show("myddns")');
  await at(s.board, 2000);
  assert.doesNotMatch(s.board.output, /ip_url.*missing|needs at least one check-IP URL/);
  assert.equal((await status(s.board)).state, 'disabled', 'valid, and off as configured');
});
