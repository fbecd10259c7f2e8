// The core and its feature modules on the built board files (dist/esp32): a module missing or
// broken in Storage costs only the feature that needs it, with a clear line naming it, while
// the core goes on updating DNS; an update waits when memory is short and goes out once it is
// back; after the interpreter ran out of memory the board goes on updating.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { section, DOMAIN } from './harness.mjs';
import { vscenario, at, status, MIN } from './kit.mjs';

const withMqtt = (w) => ({ service: { myddns: section(w) }, mqtt: { host: '127.0.0.1', port: '1' },
  syslog: { host: '127.0.0.1', port: '9' } });

function noUncaught(board) {
  assert.doesNotMatch(board.output, /Uncaught/, 'nothing escaped to the interpreter');
}

test('missing modules (mqtt, web): each is named once, DNS is updated anyway', async (t) => {
  const s = await vscenario({ config: withMqtt, before: (x) => { x.board.storage.erase('ddns.mqtt'); x.board.storage.erase('ddns.web'); } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.match(s.board.output, /ERR module ddns\.mqtt cannot be loaded \(Error: Module "ddns\.mqtt" not found\): flash the firmware again/);
  assert.match(s.board.output, /ERR module ddns\.web cannot be loaded/);
  assert.equal(s.updates().length, 1);
  assert.match(s.board.output, new RegExp('update accepted: ' + DOMAIN.replace(/\./g, '\\.')));
  noUncaught(s.board);
});

test('the platform module of listening sockets missing: the page is off with the reason, DNS is updated', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }), before: (x) => { x.board.storage.erase('ddns.servers'); } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.match(s.board.output, /ERR web cannot start \(Error: Module "ddns\.servers" not found\): it is off/);
  assert.equal(s.updates().length, 1);
  noUncaught(s.board);
});

test('a corrupt module (syslog): a SyntaxError named, the next load tries again, DNS is updated', async (t) => {
  const s = await vscenario({ config: withMqtt, before: (x) => { x.board.storage.write('ddns.syslog', '}{ this is not JavaScript'); } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.match(s.board.output, /ERR module ddns\.syslog cannot be loaded \(SyntaxError/);
  assert.equal(s.updates().length, 1);
  const since = s.board.output.length;
  await s.board.type('Modules.getCached().indexOf("ddns.syslog")');
  await s.board.waitFor(/=-1/, { since, timeoutMs: 2000 });
  noUncaught(s.board);
});

test('an API provider module missing: that section retries with a clear error, the other one updates', async (t) => {
  const s = await vscenario({
    config: (w) => ({ service: { myddns: section(w),
      cf: { enabled: '1', service_name: 'cloudflare.com-v4', domain: 'cf.example.com', username: 'Bearer', password: 'token',
        ip_source: 'network', dns_server: '127.0.0.1:' + w.dns.port } } }),
    before: (x) => { x.board.storage.erase('ddns.api.cloudflare'); },
  });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.equal(s.updates().length, 1, 'myddns updated');
  const cf = await status(s.board, 'cf');
  assert.equal(cf.state, 'retry');
  assert.match(cf.error, /the module of provider API cloudflare cannot be loaded/);
  assert.match(s.board.output, /ERR module ddns\.api\.cloudflare cannot be loaded/);
  noUncaught(s.board);
});

test('memory short: the update is postponed with the reason, and goes out once memory is back', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }), before: (x) => { x.board.memory.free = 150; } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.equal(s.updates().length, 0, 'nothing sent without memory');
  const st = await status(s.board);
  assert.equal(st.state, 'retry');
  assert.match(st.error, /postponed for want of memory: only 150 variable blocks free, an update needs 500/);
  await at(s.board, 2 * MIN);
  assert.equal((s.board.output.match(/update postponed for want of memory/g) || []).length, 1, 'said once, not at every look');
  s.board.memory.free = undefined;
  await at(s.board, 4 * MIN);
  assert.equal(s.updates().length, 1, 'sent once memory is back');
  assert.equal((await status(s.board)).state, 'waiting');
  noUncaught(s.board);
});

test('the interpreter ran out of memory: logged, cached modules and the RAM log dropped, DNS still updated', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.equal(s.updates().length, 1);
  // LOW_MEMORY alone: a garbage collection ran (routine), nothing is dropped
  s.board.raiseErrorFlags('LOW_MEMORY');
  s.board.setAddress('198.51.100.76');
  // (each sent once the 5 min minimum interval after the update before is over)
  await at(s.board, 5 * MIN + 10000);
  assert.equal(s.updates().length, 2);
  assert.doesNotMatch(s.board.output, /memory ran out/);
  s.board.raiseErrorFlags('LOW_MEMORY', 'MEMORY');
  s.board.setAddress('198.51.100.77');
  await at(s.board, 10 * MIN + 20000);
  assert.match(s.board.output, /ERR memory ran out \(LOW_MEMORY MEMORY\): dropped cached modules and the RAM log/);
  assert.equal(s.updates().length, 3, 'the address change still reached the provider');
  assert.equal(s.updates()[2].query.myip, '198.51.100.77');
  noUncaught(s.board);
});

test('the resolver\'s DNS client (ddns.dns): loaded for a read and let go; missing, the read fails naming it and the update goes out', async (t) => {
  const ok = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => ok.close());
  await at(ok.board, 2000);
  assert.equal(ok.updates().length, 1);
  assert.match(ok.board.output, /DNS: .* is /, 'the registered address was read');
  assert.ok(![...ok.board.eval('Modules.getCached()')].includes('ddns.dns'), 'ddns.dns is let go after the read');
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }), before: (x) => { x.board.storage.erase('ddns.dns'); } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.match(s.board.output, /DNS lookup of \S+ at \S+ failed: nomodule ddns\.dns/);
  assert.equal(s.updates().length, 1, 'the registered address unknown: the update goes out');
  assert.equal((await status(s.board)).state, 'waiting');
  noUncaught(s.board);
});

// The two modules of a pass: ddns.pass checks and decides, ddns.send updates (the decision is
// made, so DNS was read and logged, before the missing one is noticed).
for (const [name, checked] of [['pass', false], ['send', true]]) {
  test(`the module ddns.${name} of a pass missing: the section waits with a clear error; flashed again, it updates`, async (t) => {
    const file = fs.readFileSync(`dist/esp32/ddns.${name}`, 'latin1');
    const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }), before: (x) => { x.board.storage.erase(`ddns.${name}`); } });
    t.after(() => s.close());
    await at(s.board, 2000);
    assert.equal(s.updates().length, 0);
    assert.match(s.board.output, new RegExp(`ERR module ddns\\.${name} cannot be loaded \\(Error: Module "ddns\\.${name}" not found\\)`));
    assert.equal(/DNS: \S+ is /.test(s.board.output), checked, 'DNS read (by ddns.pass) only when that module is there');
    const st = await status(s.board);
    assert.equal(st.state, 'retry');
    assert.match(st.error, new RegExp(`nomodule: the module ddns\\.${name} cannot be loaded`));
    s.board.storage.write(`ddns.${name}`, file);
    await at(s.board, 2 * MIN);
    assert.equal(s.updates().length, 1, 'updated at the next look once the module is back');
    assert.equal((await status(s.board)).state, 'waiting');
    noUncaught(s.board);
  });
}

// The verdict's module missing: the update goes out once and its answer is lost; the section
// says so and looks again later, and the minimum interval (5 min) holds a second request back;
// flashed again, the next pass sends once more (DNS here still shows the old address) and the
// provider's nochg ends it well.
test('the module ddns.verdict missing: one request, the section waits with a clear error; flashed again, it goes on', async (t) => {
  const file = fs.readFileSync('dist/esp32/ddns.verdict', 'latin1');
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }), before: (x) => { x.board.storage.erase('ddns.verdict'); } });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.equal(s.updates().length, 1, 'the update went out');
  assert.match(s.board.output, /ERR module ddns\.verdict cannot be loaded \(Error: Module "ddns\.verdict" not found\)/);
  const st = await status(s.board);
  assert.equal(st.state, 'retry');
  assert.match(st.error, /nomodule: the module ddns\.verdict cannot be loaded/);
  s.board.storage.write('ddns.verdict', file);
  await at(s.board, 2 * MIN);
  assert.equal(s.updates().length, 1, 'no second request within the minimum interval');
  assert.equal((await status(s.board)).state, 'retry');
  await at(s.board, 8 * MIN);
  assert.equal(s.updates().length, 2);
  const end = await status(s.board);
  assert.equal(end.state, 'waiting');
  assert.equal(end.answer, 'nochg');
  assert.equal(end.error, '');
  noUncaught(s.board);
});

// What a section holds between passes, from the board: its own keys, the modules cached, its
// RAM log lines, the interpreter's usage (the simulator counts timers and sockets in it).
function idleShape(board) {
  return JSON.parse(board.eval('(function(){var h,k,a;for(k in global){a=global[k];if(a&&a.sections&&a.ports)h=a}' +
    'var S=h.sections[0];return JSON.stringify({keys:Object.keys(S).sort().join(),cached:Modules.getCached().join(),' +
    'lines:h.log.lines(S.name).length,usage:process.memory().usage})})()'));
}

test('between passes only the core stays: ddns.pass, ddns.http and ddns.policy are let go; 200 forced updates leave a section as it was', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => s.close());
  const force = async (n) => {
    for (let i = 0; i < n; i++) {
      await s.board.type('force("myddns")');
      await at(s.board, s.board.now() + 2000);
    }
  };
  await at(s.board, 2000);
  await force(20);
  const before = idleShape(s.board);
  assert.doesNotMatch(before.cached, /ddns\.(pass|http|policy|console)/, 'only what the idle board needs is cached');
  await force(200);
  assert.equal(s.updates().length, 221);
  assert.deepEqual(idleShape(s.board), before, 'the same keys, modules, log lines and timers after 200 more updates');
  noUncaught(s.board);
});
