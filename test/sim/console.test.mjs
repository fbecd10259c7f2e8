// The serial console commands (issue: console and config in flash), typed on the built bundle in
// the simulator, judged by the serial output and by what the world's servers saw.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scenario, section, DOMAIN, PASSWORD, sleep } from './harness.mjs';

const NEW = 'new.example.com';
const oneSection = (opts) => (world) => ({ service: { myddns: section(world, opts) } });

// Types a console line; returns what the board printed for it (up to its '=' echo).
async function cmd(board, line) {
  const since = board.output.length;
  await board.type(line);
  return board.output.slice(since);
}

// Every spelling of a secret that may travel: raw, URL-encoded, in a Basic header.
function leaks(output, secret, user = 'demo') {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(user + ':' + secret).toString('base64')];
  return forms.filter((f) => output.includes(f));
}

// A real OpenWrt /etc/config/ddns text (the seed file's shape: quoted words, tabs, options that
// only mean something on a router, a comment), pointed at this world's provider and DNS.
function openwrtText(world, name = 'openwrt') {
  const base = readFileSync('test/fixtures/uci/seed-basic.txt', 'utf8');
  const url = world.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') + '/nic/update?hostname=[DOMAIN]&myip=[IP]';
  return base
    .replace("'myddns'", "'" + name + "'")
    .replace("option 'service_name'\t'example.org'", "option 'update_url'\t'" + url + "'\t# was service_name")
    .replace("'yourhost.example.org'", "'" + NEW + "'")
    .replace("'your_username'", "'demo'")
    .replace("'your_password'", () => "'" + PASSWORD + "'") +
    "\toption 'dns_server'\t'127.0.0.1:" + world.dns.port + "'\n";
}

test('status, start, stop, restart, check, force', async (t) => {
  const s = await scenario({ config: oneSection() });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  let out = await cmd(s.board, 'status()');
  assert.match(out, /^myddns: waiting ip=198\.51\.100\.10 dns=198\.51\.100\.10 last=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d next=\d+s answer=good( \[[^\]]*\])?\n=undefined/m);
  assert.match(await cmd(s.board, "status('nosuch')"), /no section nosuch/);
  await cmd(s.board, "stop('myddns')");
  assert.match(await cmd(s.board, "status('myddns')"), /^myddns: off /m);
  let since = s.board.output.length;
  await cmd(s.board, "start('myddns')");
  await s.board.waitFor(/myddns: waiting/, { since, timeoutMs: 100 }).catch(() => {});
  await sleep(300);
  assert.match(await cmd(s.board, 'status()'), /^myddns: waiting /m);
  assert.equal(s.updates().length, 1, 'start with DNS in agreement sends nothing');
  since = s.board.output.length;
  await cmd(s.board, 'restart()');
  await sleep(300);
  assert.match(await cmd(s.board, 'status()'), /^myddns: waiting /m);
  assert.equal(s.updates().length, 1);
  await cmd(s.board, "check('myddns')");
  await sleep(300);
  assert.equal(s.updates().length, 1, 'check with DNS in agreement sends nothing');
  since = s.board.output.length;
  await cmd(s.board, "force('myddns')");
  await s.board.waitFor('update accepted', { since, timeoutMs: 5000 });
  assert.equal(s.updates().length, 2, 'force sends');
  assert.deepEqual(leaks(s.board.output, PASSWORD), []);
});

test('get, set, changes, commit: the next update uses the new domain; mqtt/syslog blocks are kept', async (t) => {
  const s = await scenario({
    config: (w) => ({ service: { myddns: section(w) }, syslog: { host: '127.0.0.1', port: 9 } }),
    extraHosts: [NEW],
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  assert.match(await cmd(s.board, "get('myddns.domain')"), new RegExp('^' + DOMAIN.replace(/\./g, '\\.') + '\n', 'm'));
  assert.match(await cmd(s.board, "get('ddns.myddns.password')"), /^\*\*\* \(set\)\n/m);
  assert.match(await cmd(s.board, "get('myddns')"), /^service\n/m);
  assert.match(await cmd(s.board, "get('myddns.nothing')"), /get\('myddns\.nothing'\): .*no option 'nothing'/);
  assert.match(await cmd(s.board, "changes()"), /no pending changes/);
  assert.match(await cmd(s.board, `set('myddns.domain', '${NEW}')`), /ddns\.myddns\.domain='new\.example\.com' staged/);
  await cmd(s.board, `set('myddns.lookup_host', '${NEW}')`);
  await cmd(s.board, "set('myddns.username', 'demo')");
  assert.match(await cmd(s.board, "set('myddns.bogus', 'x')"), /'bogus' is not an option/);
  assert.match(await cmd(s.board, "get('myddns.domain')"), /^new\.example\.com\n/m, 'get reads the pending value');
  const ch = await cmd(s.board, 'changes()');
  assert.match(ch, /^ddns\.myddns\.domain='new\.example\.com'$/m);
  assert.match(ch, /^ddns\.myddns\.lookup_host='new\.example\.com'$/m);
  assert.doesNotMatch(ch, /username/, 'setting the same value is no change');
  const before = s.updates().length;
  const since = s.board.output.length;
  assert.match(await cmd(s.board, 'commit()'), /committed: restarted myddns, added -, removed -/);
  await s.board.waitFor('update accepted: ' + NEW, { since, timeoutMs: 5000 });
  const u = s.updates().slice(before);
  assert.equal(u.length, 1);
  assert.equal(u[0].query.hostname, NEW);
  assert.equal(s.world.records.get(NEW, 'A').value, '198.51.100.10');
  assert.match(await cmd(s.board, 'commit()'), /no pending changes/);
  // the saved document kept the syslog block
  const slots = ['cfg.a', 'cfg.b'].map((n) => s.board.storage.read(n) || '');
  const newest = slots.find((x) => x.includes(NEW));
  assert.ok(newest && /"syslog":\{"host":"127\.0\.0\.1","port":9\}/.test(newest), newest);
  // and a reboot comes back with the new config
  await s.board.reboot();
  assert.match(await cmd(s.board, "get('myddns.domain')"), /^new\.example\.com\n/m);
  assert.deepEqual(leaks(s.board.output, PASSWORD), []);
});

test('bad names and bad options are named; the other sections keep running', async (t) => {
  const s = await scenario({
    config: (w) => ({ service: { myddns: section(w), 'my-ddns': section(w) } }),
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  assert.match(s.board.output, /Section 'my-ddns': section names may only use/);
  assert.match(await cmd(s.board, 'status()'), /^my-ddns: invalid /m);
  assert.match(await cmd(s.board, "set('my-ddns.domain', 'x.example.com')"), /set\('my-ddns\.domain'\): expected 'section' or 'section\.option'/);
  assert.match(await cmd(s.board, "set('bad-name', 'service')"), /set\('bad-name'\): /);
  await cmd(s.board, "set('other', 'service')");
  await cmd(s.board, "set('other.enabled', '1')");
  await cmd(s.board, "set('other.check_unit', 'weeks')");
  const lines = s.board.output.length;
  const out = await cmd(s.board, 'commit()');
  await sleep(100);
  const after = s.board.output.slice(lines);
  assert.match(after, /Section 'other', option 'check_unit': 'weeks' is not one of/);
  assert.match(after, /Section 'other', option 'domain': the host name to update is required/);
  assert.match(after, /Section 'other', option 'service_name': neither service_name nor update_url is set/);
  assert.match(out, /Section 'my-ddns': section names may only use/, 'the errors of sections kept as they are are printed too');
  assert.match(out, /committed: restarted -, added other, removed -/);
  assert.match(out, /not running \(errors above\): my-ddns other|not running \(errors above\): other my-ddns/);
  assert.doesNotMatch(after, /\[myddns\]/, 'myddns was not restarted');
  const st = await cmd(s.board, 'status()');
  assert.match(st, /^myddns: waiting ip=198\.51\.100\.10 /m);
  assert.match(st, /^other: invalid /m);
  // an invalid name can still be deleted, and a section with errors is saved and fixable
  await cmd(s.board, "del('my-ddns')");
  await cmd(s.board, "del('other.check_unit')");
  const ch = await cmd(s.board, 'changes()');
  assert.match(ch, /^-ddns\.my-ddns$/m);
  assert.match(ch, /^-ddns\.other\.check_unit$/m);
  assert.match(await cmd(s.board, 'commit()'), /committed: restarted other, added -, removed my-ddns/);
  assert.doesNotMatch(await cmd(s.board, 'status()'), /my-ddns/);
  await cmd(s.board, "set('other', 'service')");
  assert.match(await cmd(s.board, 'revert()'), /pending changes dropped/);
  assert.match(await cmd(s.board, 'changes()'), /no pending changes/);
});

test('importUci of an OpenWrt text, then commit runs it; exportUci masks and round-trips', async (t) => {
  const s = await scenario({ config: oneSection(), extraHosts: [NEW] });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  // the package's every-option file stages as is (passwords masked in changes())
  const all = readFileSync('test/fixtures/uci/ddns-all-options.txt', 'utf8');
  let out = await cmd(s.board, 'importUci(' + JSON.stringify(all) + ')');
  assert.match(out, /importUci: staged 5 section\(s\): home_ipv4 home_ipv6 /);
  out = await cmd(s.board, 'changes()');
  assert.match(out, /^ddns\.home_ipv4='service'$/m);
  // the fixture's proxy password is 'pass': masked by its place in the proxy, and not searched
  // for in other text (masking 'pass' inside 'password' would tell the password)
  assert.match(out, /^ddns\.home_ipv4\.proxy='user:\*\*\*@proxy\.example\.com:3128'$/m);
  assert.match(out, /^ddns\.home_ipv4\.password='\*\*\*'$/m);
  assert.match(out, /^ddns\.home_ipv6\.param_enc='\*\*\*'$/m);
  assert.match(out, /^-ddns\.myddns$/m);
  assert.doesNotMatch(out, /s3cr|it's|a b&c/);
  await cmd(s.board, 'revert()');
  // a section with '-' in its name is reported with its line and skipped
  out = await cmd(s.board, 'importUci(' + JSON.stringify("config service 'bad-one'\n\toption domain 'x'\n") + ')');
  assert.match(out, /line 1: invalid character in section name 'bad-one'/);
  assert.match(out, /nothing to import/);
  // the seed text, pointed at this world: staged, committed, running
  out = await cmd(s.board, 'importUci(' + JSON.stringify(openwrtText(s.world)) + ')');
  assert.match(out, /importUci: staged 1 section\(s\): openwrt/);
  const since = s.board.output.length;
  out = await cmd(s.board, 'commit()');
  assert.match(out, /committed: restarted -, added openwrt, removed myddns/);
  await s.board.waitFor('[openwrt] ', { since, timeoutMs: 2000 });
  await s.board.waitFor('update accepted: ' + NEW, { since, timeoutMs: 5000 });
  assert.deepEqual(s.updates().at(-1).auth, { user: 'demo', pass: PASSWORD });
  // exportUci: OpenWrt's form, the password masked
  const exp = await cmd(s.board, 'exportUci()');
  assert.match(exp, /^config service 'openwrt'$/m);
  assert.match(exp, /^\toption password '\*\*\*'$/m);
  assert.match(exp, /^\toption interface 'wan'$/m);
  // pasting it back keeps the saved password: nothing to commit
  const text = exp.split('\n').filter((l) => l.startsWith('config') || l.startsWith('\t') || l === '').join('\n');
  out = await cmd(s.board, 'importUci(' + JSON.stringify(text) + ')');
  assert.match(out, /openwrt\.password: the text has \*\*\*: the saved value is kept/);
  assert.match(await cmd(s.board, 'commit()'), /no changes to commit/);
  assert.deepEqual(leaks(s.board.output, PASSWORD), []);
});

test('run(section, 3) is a dry run: nothing is sent, then the level comes back', async (t) => {
  const s = await scenario({ config: oneSection() });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  s.world.records.set(DOMAIN, 'A', '192.0.2.77');
  await cmd(s.board, 'verbose(0)');
  const sent = s.updates().length;
  const since = s.board.output.length;
  assert.match(await cmd(s.board, "run('myddns', 3)"), /run myddns at verbose 3 \(dry run: nothing is sent\)/);
  await s.board.waitFor(/run myddns finished: myddns: \w+ .*; verbose back to 0/, { since, timeoutMs: 5000 });
  const out = s.board.output.slice(since);
  assert.match(out, /NOTICE dry run \(verbose 3\): would send http:\/\/demo:\*\*\*@127\.0\.0\.1:\d+\/nic\/update\?hostname=home\.example\.com&myip=198\.51\.100\.10/);
  await sleep(300);
  assert.equal(s.updates().length, sent, 'a dry run sends nothing');
  s.world.records.set(DOMAIN, 'A', '198.51.100.10');
  assert.equal(s.board.eval('1'), 1);
  // verbose 0 again: an ordinary line is not printed
  const quiet = s.board.output.length;
  await cmd(s.board, "check('myddns')");
  await sleep(300);
  assert.doesNotMatch(s.board.output.slice(quiet), /\[myddns\]/);
  // run at 1 sends (a forced check), prints its lines, and comes back to 0
  await cmd(s.board, 'verbose(1)');
  const s2 = s.board.output.length;
  await cmd(s.board, "run('myddns', 1)");
  await s.board.waitFor(/run myddns finished: .*verbose back to 1/, { since: s2, timeoutMs: 5000 });
  assert.equal(s.updates().length, sent + 1);
  assert.match(await cmd(s.board, "run('myddns', 7)"), /level is 0\.\.3/);
  assert.match(await cmd(s.board, "run('nosuch', 3)"), /no section nosuch/);
  assert.deepEqual(leaks(s.board.output, PASSWORD), []);
});

test('no secret in the output at any verbose level, whatever is typed', async (t) => {
  const NEWPASS = 'N3w-p@ss word/+';
  const s = await scenario({
    config: (w) => ({ service: { myddns: section(w, { param_enc: 'enc-Secret-77', use_logfile: '1' }) },
      mqtt: { host: '127.0.0.1', port: 9, password: 'mqtt-Secret-55', command_token: 'tok-Secret-66' } }),
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  s.world.records.set(DOMAIN, 'A', '192.0.2.77');
  for (const lvl of [0, 1, 2, 3]) {
    const since = s.board.output.length;
    await cmd(s.board, `verbose(${lvl})`);
    await cmd(s.board, `run('myddns', ${lvl})`);
    await s.board.waitFor('run myddns finished', { since, timeoutMs: 5000 });
    for (const line of ['status()', "showlog('myddns')", 'exportUci()', "get('myddns.password')",
      "get('myddns.param_enc')", 'changes()', "force('myddns')", 'help()']) await cmd(s.board, line);
    await sleep(200);
  }
  await cmd(s.board, 'verbose(1)');
  await cmd(s.board, `set('myddns.password', ${JSON.stringify(NEWPASS)})`);
  assert.match(await cmd(s.board, 'changes()'), /^ddns\.myddns\.password='\*\*\*'$/m);
  await cmd(s.board, "get('myddns.password')");
  await cmd(s.board, 'exportUci()');
  const since = s.board.output.length;
  assert.match(await cmd(s.board, 'commit()'), /committed: restarted myddns/);
  await cmd(s.board, "force('myddns')");
  await s.board.waitFor(/stopped: .*badauth/, { since, timeoutMs: 5000 });
  await cmd(s.board, "showlog('myddns')");
  const out = s.board.output;
  assert.deepEqual(leaks(out, PASSWORD), []);
  assert.deepEqual(leaks(out, NEWPASS), []);
  for (const secret of ['enc-Secret-77', 'mqtt-Secret-55', 'tok-Secret-66']) assert.ok(!out.includes(secret), secret);
  assert.match(out, /\*\*\* \(set\)/);
});

test('providers(filter) and help()', async (t) => {
  const s = await scenario({ config: oneSection() });
  t.after(() => s.close());
  let out = await cmd(s.board, "providers('duck')");
  assert.match(out, /duckdns\.org/);
  assert.match(out, /^1 provider\(s\) matching 'duck'/m);
  out = await cmd(s.board, 'providers()');
  const n = Number(/^(\d+) provider\(s\)/m.exec(out)[1]);
  assert.ok(n > 50, 'the whole catalog: ' + n);
  assert.match(await cmd(s.board, "providers('no-such-provider')"), /^0 provider\(s\)/m);
  out = await cmd(s.board, 'help()');
  for (const c of ['status(', 'start(', 'stop(', 'restart(', 'check(', 'force(', 'run(', 'verbose(', 'showlog(',
    'providers(', 'get(', 'set(', 'del(', 'changes()', 'commit()', 'revert()', 'importUci(', 'exportUci()', 'webpass(']) {
    assert.ok(out.includes(c), c);
  }
});
