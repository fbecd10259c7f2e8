// Logging on the built bundle (issue item 7): verbose 0-3, the RAM ring per section, the
// Storage log (ddns_loglines, appended, two generations, bounded, counted again after a
// reboot), ddns_dateformat, and secrets masked everywhere at every level.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section, PASSWORD } from './harness.mjs';
import { vscenario, at, status, logFile, MIN, HOUR } from './kit.mjs';

const withGlobal = (global, opts) => (w) => ({ global, service: { myddns: section(w, opts) } });

// Lines printed for a section since an offset of the serial output.
function printed(board, since, name = 'myddns') {
  return board.output.slice(since).split('\n').filter((l) => l.startsWith(`[${name}] `));
}

async function typeAt(board, line) {
  const since = board.output.length;
  await board.type(line);
  return since;
}

test('verbose 0: only terminal errors reach the console; the ring still keeps everything', async (t) => {
  const s = await vscenario({ config: withGlobal({}, {}) });
  t.after(() => s.close());
  await at(s.board, 1000);
  await s.board.type('verbose(0)');
  const since = s.board.output.length;
  // (address changes 5 min apart: a section sends at most one update per 5 min)
  await at(s.board, 5 * MIN + 1000);
  s.board.setAddress('198.51.100.31');
  await at(s.board, 5 * MIN + 2000);
  assert.equal(s.updates().length, 2);
  assert.deepEqual(printed(s.board, since), [], 'a good update prints nothing at verbose 0');
  s.world.dyndns2.setNextAnswer('badauth');
  await at(s.board, 10 * MIN + 2000);
  s.board.setAddress('198.51.100.32');
  await at(s.board, 10 * MIN + 3000);
  const lines = printed(s.board, since);
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /ERR stopped: bad username or password \(badauth\)/);
  const ring = await typeAt(s.board, 'showlog("myddns")');
  assert.match(s.board.output.slice(ring), /sending update: .*198\.51\.100\.32/, 'the ring has the info lines');
});

test('verbose 1: everything on the console, no log file unless use_logfile', async (t) => {
  const s = await vscenario({ config: withGlobal({}, {}) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.match(s.board.output, /\[myddns\] \S+ sending update/);
  assert.match(s.board.output, /\[myddns\] \d{4}-\d\d-\d\d \d\d:\d\d NOTICE update accepted/);
  assert.equal(logFile(s.board, 'myddns', 0), '');
});

test('verbose 2: console and log file, one pass without retry', async (t) => {
  const s = await vscenario({ config: withGlobal({}, {}) });
  t.after(() => s.close());
  await at(s.board, 1000);
  await s.board.type('verbose(2)');
  s.world.dyndns2.setAnswers(Array(20).fill('dnserr'));
  // (after the 5 min minimum interval between two updates)
  await at(s.board, 5 * MIN + 1000);
  s.board.setAddress('198.51.100.33');
  await at(s.board, 5 * MIN + 2000);
  assert.equal(s.updates().length, 2);
  assert.match(s.board.output, /WARN failed: provider DNS error \(dnserr\); no retry at verbose 2/);
  await at(s.board, 14 * MIN);
  assert.equal(s.updates().length, 2, 'no retry');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.match(st.error, /dnserr/);
  const file = logFile(s.board, 'myddns', 0);
  assert.match(file, /sending update: .*198\.51\.100\.33/, 'written to the Storage log at verbose 2');
});

test('verbose 3: a dry run, nothing is sent', async (t) => {
  const s = await vscenario({ config: withGlobal({}, {}), registered: '198.51.100.10' });
  t.after(() => s.close());
  await at(s.board, 1000);
  await s.board.type('verbose(3)');
  s.board.setAddress('198.51.100.34');
  await at(s.board, 2000);
  assert.equal(s.updates().length, 0);
  assert.match(s.board.output, /NOTICE dry run \(verbose 3\): would send http:\/\/demo:\*\*\*@127\.0\.0\.1:\d+\/nic\/update\?hostname=home\.example\.com&myip=198\.51\.100\.34/);
  await s.board.type('force("myddns")');
  await at(s.board, 3000);
  assert.equal(s.updates().length, 0, 'not even when forced');
  assert.equal((await status(s.board)).state, 'waiting');
});

test('the RAM ring keeps the newest ringLines lines (12 on the esp32)', async (t) => {
  const s = await vscenario({ config: withGlobal({}, {}) });
  t.after(() => s.close());
  // (6 min apart: each address is sent, at most one update per 5 min)
  for (let i = 1; i <= 10; i++) {
    s.board.setAddress('198.51.100.' + (100 + i));
    await at(s.board, i * 6 * MIN);
  }
  const since = await typeAt(s.board, 'showlog("myddns")');
  await at(s.board, 60 * MIN + 1000);
  const lines = s.board.output.slice(since).split('\n').filter((l) => /^\S+ /.test(l) && !l.startsWith('['));
  assert.equal(lines.length, 12, lines.join('\n'));
  assert.match(lines[11], /update accepted: home\.example\.com -> 198\.51\.100\.110/);
});

test('Storage log: one append per line, two generations, bounded at ddns_loglines, counted after a reboot', async (t) => {
  const LOGLINES = 20;
  const s = await vscenario({ config: withGlobal({ ddns_loglines: String(LOGLINES) }, { use_logfile: '1' }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  const flash = s.board.flashStore;
  const lines = () => logFile(s.board, 'myddns', 0).split('\n').length - 1 + logFile(s.board, 'myddns', 1).split('\n').length - 1;
  // a private address logs one line per address change and changes no state
  let n = 0;
  const event = async () => {
    n++;
    s.board.setAddress('10.0.' + Math.floor(n / 250) + '.' + (n % 250 + 1));
    await at(s.board, 1000 + n * 1000);
  };
  await event();
  // one line: exactly one Storage write, and no trash (an append, not a rewrite)
  const w0 = s.board.stats.storageWrites;
  const trash0 = flash.stats().trashCount;
  await event();
  assert.equal(s.board.stats.storageWrites - w0, 1, 'one write per line');
  assert.equal(flash.stats().trashCount, trash0, 'appended: no rewrite trash');
  // 10 x ddns_loglines lines: writes = lines + one erase per generation switch
  const w1 = s.board.stats.storageWrites;
  const trash1 = flash.stats().trashCount;
  for (let i = 0; i < 10 * LOGLINES; i++) await event();
  const writes = s.board.stats.storageWrites - w1;
  const switches = writes - 10 * LOGLINES;
  assert.ok(switches >= 19 && switches <= 21, `writes ${writes} for ${10 * LOGLINES} lines`);
  assert.ok(flash.stats().trashCount - trash1 <= switches, 'trash only from dropping old generations');
  const kept = lines();
  assert.ok(kept >= LOGLINES / 2 && kept <= LOGLINES, `bounded: ${kept} lines kept`);
  const all = logFile(s.board, 'myddns', 0) + logFile(s.board, 'myddns', 1);
  assert.ok(all.length < 4064 * 2, 'one chunk per generation');
  assert.match(all, new RegExp(`10\\.0\\.0\\.${(n % 250) + 1}\\D`), 'the newest line is kept');
  // after a reboot the current generation is found again: lines continue, bound holds
  const g0 = logFile(s.board, 'myddns', 0).split('\n').length - 1;
  const g1 = logFile(s.board, 'myddns', 1).split('\n').length - 1;
  await s.board.reboot();
  await at(s.board, 1000);
  for (let i = 0; i < 3; i++) { s.board.setAddress('10.9.9.' + (i + 1)); await at(s.board, 2000 + i * 1000); }
  const h0 = logFile(s.board, 'myddns', 0).split('\n').length - 1;
  const h1 = logFile(s.board, 'myddns', 1).split('\n').length - 1;
  // the model: the current generation is the one that is not full; 4 lines (boot + 3) go on
  // there, and when it is full the other one is dropped and becomes current
  const half = LOGLINES / 2;
  const m = [g0, g1];
  let cur = g1 > 0 && g1 < half && (g0 >= half || g0 === 0) ? 1 : 0;
  for (let i = 0; i < 4; i++) {
    if (m[cur] >= half) { cur = 1 - cur; m[cur] = 0; }
    m[cur]++;
  }
  assert.deepEqual([h0, h1], m, `before the reboot ${g0}+${g1}`);
  assert.ok(h0 + h1 <= LOGLINES, 'still bounded after the reboot');
  assert.match(logFile(s.board, 'myddns', 0) + logFile(s.board, 'myddns', 1), /10\.9\.9\.3/);
});

test('ddns_dateformat stamps every line once the clock is set', async (t) => {
  const s = await vscenario({ config: withGlobal({ ddns_dateformat: '%d.%m.%Y %H:%M:%S' }, {}) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.match(s.board.output, /\[myddns\] \+0s current address/, 'uptime before the clock is set');
  assert.match(s.board.output, /\[myddns\] \d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d NOTICE update accepted/);
});

test('secrets are masked in every line at every verbose level: serial, ring and Storage log', async (t) => {
  const s = await vscenario({ config: withGlobal({ ddns_loglines: '50' }, { use_logfile: '1', param_enc: 'Enc/Secret+1',
    update_url: '' }), boot: false });
  // the URL carries the password in user:pass@ and as a query parameter, plus param_enc
  const cfg = { global: { ddns_loglines: '50' }, service: { myddns: section(s.world, { use_logfile: '1',
    param_enc: 'Enc/Secret+1',
    update_url: s.world.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') +
      '/nic/update?hostname=[DOMAIN]&myip=[IP]&pw=[PASSWORD]&k=[PARAMENC]' }) } };
  s.board.storage.write('ddns.json', JSON.stringify(cfg));
  t.after(() => s.close());
  await s.board.boot();
  await at(s.board, 1000);
  let addr = 40;
  for (const v of [1, 2, 3, 0]) {
    await s.board.type(`verbose(${v})`);
    s.world.dyndns2.setNextAnswer('dnserr');
    s.board.setAddress('198.51.100.' + addr++);
    await at(s.board, s.board.now() + 5 * MIN);
    await s.board.type('showlog("myddns")');
    await s.board.type('status("myddns")');
  }
  await s.board.type('verbose(1)');
  s.world.dyndns2.setNextAnswer('badauth');
  s.board.setAddress('198.51.100.' + addr++);
  await at(s.board, s.board.now() + 5 * MIN);
  await s.board.type('showlog("myddns")');
  assert.ok(s.updates().length >= 4, 'requests with the secrets were made');
  const forms = [PASSWORD, encodeURIComponent(PASSWORD), encodeURIComponent(PASSWORD).toLowerCase().replace(/%2(4)/g, '%2$1'),
    'S3cret-pa%24%24word', Buffer.from('demo:' + PASSWORD).toString('base64'), Buffer.from(PASSWORD).toString('base64'),
    'Enc/Secret+1', encodeURIComponent('Enc/Secret+1'), 'Enc%2fSecret%2b1'];
  const logs = logFile(s.board, 'myddns', 0) + logFile(s.board, 'myddns', 1);
  assert.match(logs, /sending update: .*\*\*\*/, 'the Storage log has the masked URL');
  assert.match(s.board.output, /pw=\*\*\*&k=\*\*\*/);
  for (const f of forms) {
    assert.ok(!s.board.output.includes(f), `serial output shows ${f}`);
    assert.ok(!logs.includes(f), `Storage log shows ${f}`);
  }
});
