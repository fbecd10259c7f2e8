// Power cuts while the config is written (issue: config in flash written atomically). For each
// board Storage write of `set(...); commit()`, and of the boot-time import of an uploaded
// ddns.json, a fresh board loses power exactly at that write; booted again from the same flash
// it must run with exactly the old config or exactly the new one: never neither, never a mix.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';
import { section, DOMAIN, PASSWORD } from './harness.mjs';

const NEW = 'new.example.com';
const IP = '198.51.100.10';
const BUILD = 'dist/esp32';
const SLOTS = ['cfg.a', 'cfg.b'];

// The world for every board of a test; DNS is put back before each run so every run does the
// same requests (and so the same writes).
async function world(t) {
  const w = await startWorld({
    users: { demo: { password: PASSWORD, hosts: [DOMAIN, NEW] } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }],
    zones: ['example.com'],
  });
  t.after(() => w.close());
  w.reset = () => { w.records.set(DOMAIN, 'A', '192.0.2.1'); w.records.delete(NEW); };
  return w;
}

function tmp(t) {
  const dir = mkdtempSync(join(tmpdir(), 'ddns-cut-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A board on `dir` in virtual time; cutAt: powerCutAfterWrites (counted from construction).
function board(dir, cutAt) {
  // syslog datagrams get no reply: a short UDP window keeps settling fast (DNS answers in < 5 ms)
  return new SimBoard({ flashDir: dir, time: 'virtual', net: { ip: IP, gw: '127.0.0.1', netmask: '255.255.255.0' },
    powerCutAfterWrites: cutAt, udpReplyWaitMs: 200 });
}

// Lets every request in flight finish and due timers run; stops early when the power went.
async function settle(b) {
  try {
    await b.idle();
    if (b.session) await b.advance(10);
    if (b.session) await b.idle();
  } catch (e) {
    if (b.session) throw e;
  }
}

// Boots and lets every request of the boot finish (nothing runs between advance calls).
async function bootSettled(b) {
  await b.boot();
  await settle(b);
}

// What a console line printed (up to its '=' echo).
async function cmd(b, line) {
  const since = b.output.length;
  await b.type(line);
  return b.output.slice(since);
}

// The config the board runs, as exportUci prints it, plus the section's state: its proof of life.
async function runningConfig(dir) {
  const b = board(dir);
  try {
    await bootSettled(b);
    const text = await cmd(b, 'exportUci()');
    const status = await cmd(b, "status('myddns')");
    return { text: text.replace(/=undefined\n$/, ''), status, output: b.output };
  } finally {
    await b.stop();
  }
}

const OLD_CONFIG = (w) => ({ service: { myddns: section(w, { use_logfile: '1' }) }, syslog: { host: '127.0.0.1', port: 9 } });
const EDIT = [`set('myddns.domain', '${NEW}')`, `set('myddns.lookup_host', '${NEW}')`];

// A flash directory whose board has imported OLD_CONFIG and settled.
async function baseFlash(t, w) {
  const dir = tmp(t);
  w.reset();
  const b = board(dir);
  b.flashBuild(BUILD);
  b.storage.write('ddns.json', JSON.stringify(OLD_CONFIG(w)));
  await bootSettled(b);
  await b.stop();
  return dir;
}

// Boots a copy of `base`, types the edit, arms the cut at the n-th write of the commit (0: no
// cut) and commits; returns the board's write count of the commit sequence and its flash.
async function commitRun(t, w, base, n) {
  const dir = tmp(t);
  cpSync(base, dir, { recursive: true });
  w.reset();
  const b = board(dir);
  await bootSettled(b);
  for (const line of EDIT) await b.type(line);
  const before = b.stats.storageWrites;
  let cut = false;
  b.on('poweroff', (why) => { if (why === 'power cut') cut = true; });
  if (n) b.armPowerCut(n);
  await b.type('commit()');
  await settle(b);
  const writes = b.stats.storageWrites - before;
  const out = b.output;
  await b.stop();
  return { dir, writes, cut, out };
}

test('a power cut at each write of set(); commit() leaves exactly the old or the new config', async (t) => {
  const w = await world(t);
  const base = await baseFlash(t, w);
  const old = await runningConfig(base);
  assert.match(old.text, new RegExp("option domain '" + DOMAIN.replace(/\./g, '\\.') + "'"));
  const ref = await commitRun(t, w, base, 0);
  assert.match(ref.out, /committed: restarted myddns/);
  assert.match(ref.out, /update accepted: new\.example\.com/);
  const fresh = await runningConfig(ref.dir);
  assert.match(fresh.text, /option domain 'new\.example\.com'/);
  assert.match(fresh.text, /option lookup_host 'new\.example\.com'/);
  assert.notEqual(fresh.text, old.text);
  assert.ok(ref.writes >= 3, 'the commit sequence writes the config, then state and log: ' + ref.writes);

  const seen = [];
  for (let n = 1; n <= ref.writes; n++) {
    const r = await commitRun(t, w, base, n);
    assert.ok(r.cut, 'write ' + n + ' of ' + ref.writes + ' was reached');
    const after = await runningConfig(r.dir);
    const which = after.text === old.text ? 'old' : after.text === fresh.text ? 'new' : 'neither';
    assert.notEqual(which, 'neither', 'cut at write ' + n + ':\n' + after.text);
    assert.match(after.status, /^myddns: (waiting|checking|updating|retry|starting) /m, 'cut at write ' + n + ': the section runs');
    assert.doesNotMatch(after.output, /saved config is damaged|no config yet/);
    seen.push(which);
  }
  // a slot is two writes, the compiled form then the config: a cut at either keeps the old
  // config, any later one the new
  assert.deepEqual(seen, ['old', 'old', ...Array(ref.writes - 2).fill('new')]);
  t.diagnostic('commit writes: ' + ref.writes + ', cuts: ' + seen.join(' '));
});

test('a torn slot write (a partial file, as a real flash may leave) falls back to the old config', async (t) => {
  const w = await world(t);
  const base = await baseFlash(t, w);
  const old = await runningConfig(base);
  const ref = await commitRun(t, w, base, 0);
  const probe = board(ref.dir);
  const slot = SLOTS.find((s) => (probe.storage.read(s) || '').includes(NEW));
  const full = probe.storage.read(slot);
  assert.ok(full, 'the new config is in a slot');
  const lengths = [1, 2, 5, 9, 12, 20, Math.floor(full.length / 2), full.length - 10, full.length - 2, full.length - 1];
  for (const len of lengths) {
    const r = await commitRun(t, w, base, 1);
    assert.ok(r.cut);
    const b = board(r.dir);
    b.storage.write(slot, full.slice(0, len));
    const after = await runningConfig(r.dir);
    assert.equal(after.text, old.text, 'slot torn at ' + len + ' of ' + full.length);
  }
});

test('a power cut at each write of the boot-time import of an uploaded ddns.json', async (t) => {
  const w = await world(t);
  const NEW_CONFIG = (x) => ({ service: { myddns: section(x, { use_logfile: '1', domain: NEW, lookup_host: NEW }) } });
  for (const first of [false, true]) {
    // first: the board has no config yet; else OLD_CONFIG is saved and a new ddns.json uploaded
    const base = first ? tmp(t) : await baseFlash(t, w);
    const old = first ? null : await runningConfig(base);
    const prep = board(base);
    if (first) prep.flashBuild(BUILD);
    prep.storage.write('ddns.json', JSON.stringify(NEW_CONFIG(w)));
    // reference: the whole boot with the import, uncut
    const refDir = tmp(t);
    cpSync(base, refDir, { recursive: true });
    w.reset();
    const rb = board(refDir);
    await bootSettled(rb);
    const writes = rb.stats.storageWrites;
    await rb.stop();
    assert.equal(rb.storage.read('ddns.json'), undefined, 'the inbox is erased after the import');
    const fresh = await runningConfig(refDir);
    assert.match(fresh.text, /option domain 'new\.example\.com'/);
    assert.ok(writes >= 3, 'import = the slot (compiled form, config) + inbox erase, then state and log: ' + writes);
    const seen = [];
    for (let n = 1; n <= writes; n++) {
      const dir = tmp(t);
      cpSync(base, dir, { recursive: true });
      w.reset();
      const b = board(dir, n);
      let cut = false;
      b.on('poweroff', (why) => { if (why === 'power cut') cut = true; });
      await b.boot().catch(() => {});
      await settle(b);
      assert.ok(cut, 'boot write ' + n + ' of ' + writes + ' was reached');
      await b.stop();
      // what the slots alone hold at the cut: old or new (or nothing yet on a first import)
      const slotsOnly = tmp(t);
      cpSync(dir, slotsOnly, { recursive: true });
      board(slotsOnly).storage.erase('ddns.json');
      const held = await runningConfig(slotsOnly);
      const which = old && held.text === old.text ? 'old' : held.text === fresh.text ? 'new'
        : first && /no config yet/.test(held.output) ? 'none' : 'neither';
      assert.notEqual(which, 'neither', (first ? 'first ' : '') + 'import cut at write ' + n + ':\n' + held.text);
      // and the next boot finishes the import: the new config, running
      const after = await runningConfig(dir);
      assert.equal(after.text, fresh.text, 'boot after the cut at write ' + n);
      assert.match(after.status, /^myddns: (waiting|checking|updating|retry|starting) /m);
      seen.push(which);
    }
    const before = first ? 'none' : 'old';
    assert.deepEqual(seen, [before, before, ...Array(writes - 2).fill('new')]);
    t.diagnostic((first ? 'first import' : 'import over a saved config') + ' boot writes: ' + writes + ', cuts: ' + seen.join(' '));
  }
});
