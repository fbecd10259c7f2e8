// Text that breaks things (issue: assume a hostile LAN and a broken provider): a provider's
// answer with line breaks in it is logged as ONE line, its control characters escaped as
// rsyslog does ('#012' for a line feed), on the console, in the RAM log, in the log file and in
// the syslog datagram: no forged line anywhere. And an update_url with CR/LF or a space is
// refused by the validator (it would be sent raw into the request: header injection).
import test from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import http from 'node:http';
import { scenario, section, sleep, DOMAIN } from './harness.mjs';
import { logFile } from './kit.mjs';

const FORGED = 'update accepted: bank.example.com -> 203.0.113.66 (good)';

async function cmd(board, line) {
  const since = board.output.length;
  await board.type(line);
  return board.output.slice(since);
}

test('a provider message with line breaks is one escaped line in the console, the log and syslog', async (t) => {
  const sock = dgram.createSocket('udp4');
  const datagrams = [];
  sock.on('message', (msg) => datagrams.push(msg.toString('latin1')));
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  t.after(() => sock.close());
  // a broken (or hostile) Cloudflare: every request refused with a message that holds lines
  const api = http.createServer((req, res) => {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ success: false, errors: [{ code: 9109,
      message: 'Invalid\r\n[cf] +0s ' + FORGED + '\n<29>1 - simboard ddns - - - cf: ' + FORGED }], messages: [], result: null }));
  });
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  t.after(() => api.close());
  const s = await scenario({
    config: (w) => ({ syslog: { host: '127.0.0.1', port: sock.address().port, hostname: 'simboard' },
      service: { cf: { enabled: '1', service_name: 'cloudflare.com-v4', username: 'Bearer',
        password: 'cf-token-0123456789abcdefghijklmnop', domain: 'home@example.com', lookup_host: DOMAIN,
        api_url: 'http://127.0.0.1:' + api.address().port + '/client/v4', dns_server: '127.0.0.1:' + w.dns.port,
        use_logfile: '1', use_syslog: '1' } } }),
  });
  t.after(() => s.close());
  await s.board.waitFor(/Invalid/, { timeoutMs: 8000 });
  await sleep(300);
  const lines = s.board.output.split('\n');
  const said = lines.filter((l) => l.includes('Invalid'));
  assert.ok(said.length >= 1, s.board.output);
  for (const l of said) assert.match(l, /Invalid#015#012\[cf\] \+0s update accepted: bank\.example\.com .*#012<29>1 /, l);
  assert.ok(!lines.some((l) => l.includes(FORGED) && !l.includes('Invalid')), 'no forged console line:\n' + s.board.output);
  const log = await cmd(s.board, "showlog('cf')");
  assert.ok(!log.split('\n').some((l) => l.includes(FORGED) && !l.includes('Invalid')), log);
  const file = logFile(s.board, 'cf', 0) + logFile(s.board, 'cf', 1);
  assert.ok(file.includes('Invalid#015#012'), file);
  assert.ok(!file.split('\n').some((l) => l.startsWith('[cf]') || l.startsWith('<29>')), file);
  const mine = datagrams.filter((d) => d.includes(FORGED));
  assert.ok(mine.length >= 1, datagrams.join('\n---\n'));
  for (const d of mine) {
    assert.doesNotMatch(d, /[\r\n]/, 'one datagram, one line: ' + JSON.stringify(d));
    assert.match(d, /Invalid#015#012/);
  }
});

test('an update_url with CR/LF or a space is refused, nothing is sent', async (t) => {
  const s = await scenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => s.close());
  await s.board.waitFor(/update accepted/, { timeoutMs: 5000 });
  const before = s.updates().length;
  const base = s.world.dyndns2.url + '/nic/update?hostname=[DOMAIN]&myip=[IP]';
  for (const url of [base + '\r\nX-Injected: 1', base + ' HTTP/1.0\r\nHost: evil', base + '&x=a b', base + '\t']) {
    const set = await cmd(s.board, 'set(' + JSON.stringify('myddns.update_url') + ', ' + JSON.stringify(url) + ')');
    assert.match(set, /staged/);
    const out = await cmd(s.board, 'commit()');
    assert.match(out, /option 'update_url': (control characters|the update URL must start with http:\/\/ or https:\/\/ and have no spaces)/, out);
    assert.match(out, /not running \(errors above\): myddns/, out);
    await cmd(s.board, 'del(' + JSON.stringify('myddns.update_url') + ')');
    await cmd(s.board, 'set(' + JSON.stringify('myddns.update_url') + ', ' + JSON.stringify(base) + ')');
    assert.match(await cmd(s.board, 'commit()'), /committed/);
  }
  await sleep(300);
  const sent = s.world.dyndns2.requests.slice(before);
  assert.ok(!sent.some((r) => /X-Injected|evil|\s/.test(r.path) || Object.keys(r.headers || {}).some((h) => /injected|host: evil/i.test(h))),
    JSON.stringify(sent));
});
