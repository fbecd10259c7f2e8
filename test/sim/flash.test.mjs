// Flashing proven: the real espruino CLI (through tools/flash.mjs) puts a build into a simulated
// board over its console on TCP, exactly as into a board on a serial port or Wi-Fi, and the
// uploaded firmware runs. The tool asks the board for each file's SHA-1 first and uploads only
// what changed. The incremental and config tests use the real per-board build (dist/esp32/)
// when it exists, else a fixture build; the firmware end-to-end tests need `npm run build`
// first (npm test does it).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';
import { buildDir, readBuild, writeManifest } from '../../host-sim/build.mjs';
import { checksum } from '../../tools/board-query.mjs';
import { section, DOMAIN, PASSWORD } from './harness.mjs';
import { writeBuild, fixtureFiles, fixtureModule } from './fixture-build.mjs';

const IP = '198.51.100.10';
const FLASH_LIMIT_MS = 150000;
const REAL = existsSync(join(buildDir('esp32'), 'manifest.json')) ? buildDir('esp32') : null;
// What the firmware prints once it runs (the real build), or the fixture core.
const BOOTED = REAL ? /ddns \S+ on esp32: \d+ section/ : /fixture core v1 up/;
const HASH_A = 's256$64$0011223344556677$' + 'ab'.repeat(32);
const HASH_B = 's256$64$8899aabbccddeeff$' + 'cd'.repeat(32);

// `node tools/flash.mjs ARGS` as a child process group; resolves {code, out, ms} or kills it at the limit.
function flash(args, limitMs = FLASH_LIMIT_MS) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/flash.mjs', ...args], { cwd: process.cwd(), detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`flash did not finish in ${limitMs} ms:\n${out}`));
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

async function setup(t, { firmware = false, config } = {}) {
  const world = await startWorld({
    users: { demo: { password: PASSWORD, hosts: [DOMAIN] } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'ddns-flash-'));
  const board = new SimBoard({
    board: 'esp32', flashDir: join(dir, 'flash'), time: 'real', consolePort: 0,
    net: { ip: IP, gw: '127.0.0.1', netmask: '255.255.255.0' },
  });
  if (firmware) flashFirmware(board);
  if (config) board.storage.write('ddns.json', JSON.stringify(config(world)));
  t.after(async () => {
    await board.stop();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await board.boot();
  const port = `tcp://127.0.0.1:${board.consoleServer.port}`;
  const writeConfig = (cfg, name = 'ddns.json') => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(cfg));
    return file;
  };
  const updates = () => world.dyndns2.requests.filter((r) => r.path === '/nic/update');
  return { world, board, dir, port, writeConfig, updates };
}

// The real firmware into flash: the per-board build (npm test builds it first).
function flashFirmware(board) {
  assert.ok(REAL, 'no dist/esp32: npm run build first');
  board.flashBuild(REAL);
}

// A build to flash and change: a copy of the real one, or the fixture.
function baseBuild(dir) {
  const out = join(dir, 'build', 'esp32');
  if (!REAL) return writeBuild(out, fixtureFiles());
  cpSync(REAL, out, { recursive: true });
  return out;
}

// One module of `build` changed (appended to: still valid JS); returns its name.
function changeOneModule(build) {
  const names = readBuild(build).files.map((f) => f.name);
  if (!REAL) {
    writeBuild(build, { 'ddns.mqtt': fixtureModule('mqtt', 'v2') });
    return 'ddns.mqtt';
  }
  const name = names.includes('ddns.mqtt') ? 'ddns.mqtt' : names.find((n) => n.startsWith('ddns.'));
  assert.ok(name, `the real build has a ddns.* module: ${names}`);
  appendFileSync(join(build, name), '\n// changed by flash.test\n');
  writeManifest(build, 'esp32');
  return name;
}

const oneSection = (world) => ({ service: { myddns: section(world) } });

// The CLI must stay on loopback: no board JSON download, no module download.
function assertOffline(out) {
  assert.doesNotMatch(out, /getURL|ENOENT|Module \S+ not found/, out);
}

// Storage writes per file name since `before` (a copy of board.stats.fileWrites).
function writesSince(board, before) {
  const out = {};
  for (const [n, c] of Object.entries(board.stats.fileWrites)) if (c !== (before[n] || 0)) out[n] = c - (before[n] || 0);
  return out;
}

// The tool's report line for a file: `upload|skip  NAME  BYTES bytes  WHY`.
function planned(out, name) {
  const m = new RegExp(`^  (upload|skip)\\s+${name.replace(/\./g, '\\.')}\\s+\\d+ bytes  (.*)$`, 'm').exec(out);
  return m ? `${m[1]}: ${m[2]}` : null;
}

// The config the board will use: an uploaded ddns.json not yet imported, else the newest slot.
function boardConfig(board) {
  const inbox = board.storage.read('ddns.json');
  if (inbox !== undefined) return JSON.parse(inbox);
  const slots = ['cfg.a', 'cfg.b'].map((n) => board.storage.read(n)).filter(Boolean)
    .map((raw) => ({ gen: parseInt(raw, 10), text: raw.split('\n').slice(2).join('\n') }));
  slots.sort((a, b) => b.gen - a.gen);
  return slots.length ? JSON.parse(slots[0].text) : null;
}

// A config slot as the firmware writes it (firmware/config/store.ts).
function writeSlot(board, name, gen, cfg) {
  const text = JSON.stringify(cfg);
  board.storage.write(name, `${gen}\n${checksum(text)}\n${text}`);
}

test('the espruino CLI flashes an empty board over its TCP console and the firmware runs', async (t) => {
  const { world, board, port, writeConfig, updates } = await setup(t);
  assert.deepEqual(board.storage.list(), [], 'flash starts empty');
  const r = await flash(['--port', port, '--config', writeConfig(oneSection(world))]);
  t.diagnostic(`full flash of the firmware took ${r.ms} ms`);
  assert.equal(r.code, 0, r.out);
  assertOffline(r.out);
  if (REAL) {
    for (const f of readBuild(REAL).files) {
      assert.ok(Buffer.from(board.storage.read(f.name), 'latin1').equals(f.data), `${f.name} is byte-identical to the build`);
    }
  } else {
    assert.fail('no dist/esp32: npm run build first');
  }
  assert.equal(planned(r.out, '.bootcde'), 'upload: not on the board');
  await board.waitFor('update accepted', { since: 0, timeoutMs: 10000 });
  assert.match(board.output, /ddns \S+ on esp32: 1 section\(s\)/);
  const files = board.storage.list();
  assert.ok(files.includes('cfg.a') || files.includes('cfg.b'), `config imported into a slot: ${files}`);
  assert.ok(!files.includes('ddns.json'), 'the uploaded ddns.json was consumed');
  const [u] = updates();
  assert.equal(u.query.hostname, DOMAIN);
  assert.equal(u.query.myip, IP);
  assert.equal(world.records.get(DOMAIN, 'A').value, IP);
});

test('incremental: a second flash uploads only the changed module, and the board boots each time', async (t) => {
  const { board, dir, port } = await setup(t);
  const build = baseBuild(dir);
  const names = readBuild(build).files.map((f) => f.name);

  const full = await flash(['--port', port, '--build', build]);
  assert.equal(full.code, 0, full.out);
  assertOffline(full.out);
  for (const n of names) assert.equal(planned(full.out, n), 'upload: not on the board', n);
  assert.deepEqual(Object.keys(board.stats.fileWrites).sort(), [...names].sort(), 'every file written');
  await board.waitFor(BOOTED, { since: 0, timeoutMs: 10000 });

  const changed = changeOneModule(build);
  let before = { ...board.stats.fileWrites };
  const dry = await flash(['--port', port, '--build', build, '--dry-run']);
  assert.equal(dry.code, 0, dry.out);
  assert.equal(planned(dry.out, changed), 'upload: changed');
  assert.match(dry.out, /--dry-run: nothing uploaded/);
  assert.deepEqual(writesSince(board, before), {}, 'a dry run writes nothing');

  const since = board.output.length;
  const one = await flash(['--port', port, '--build', build]);
  assert.equal(one.code, 0, one.out);
  assertOffline(one.out);
  assert.equal(planned(one.out, changed), 'upload: changed');
  for (const n of names.filter((x) => x !== changed)) assert.equal(planned(one.out, n), 'skip: same SHA-1 on the board', n);
  assert.match(one.out, /1 file\(s\) to upload/);
  const written = Object.keys(writesSince(board, before)).filter((n) => names.includes(n));
  assert.deepEqual(written, [changed], 'the flash wrote only the changed module');
  assert.ok(Buffer.from(board.storage.read(changed), 'latin1').equals(readFileSync(join(build, changed))));
  await board.waitFor(BOOTED, { since, timeoutMs: 10000 });
  if (!REAL) assert.match(board.output.slice(since), /module ddns\.mqtt v2/);

  before = { ...board.stats.fileWrites };
  const again = await flash(['--port', port, '--build', build]);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /already has this build; nothing uploaded/);
  assert.deepEqual(Object.keys(writesSince(board, before)).filter((n) => names.includes(n)), []);

  const bytes = readBuild(build).files.reduce((n, f) => n + f.bytes, 0);
  t.diagnostic(`${REAL ? 'real' : 'fixture'} build of ${names.length} files, ${bytes} bytes: full flash ${full.ms} ms, ` +
    `one module (${changed}) ${one.ms} ms, nothing to do ${again.ms} ms`);
});

test('a board without crypto: files are compared by size only, so all go up', async (t) => {
  const { board, dir, port } = await setup(t);
  const build = baseBuild(dir);
  board.flashBuild(build);
  await board.reboot();
  board.eval("Modules.addCached('crypto', 'exports.none = true;')"); // a require('crypto') with no SHA1
  const r = await flash(['--port', port, '--build', build, '--dry-run']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /no crypto module: files are compared by size only/);
  for (const f of readBuild(build).files) assert.equal(planned(r.out, f.name), 'upload: the board cannot hash it (no crypto): same size', f.name);
});

test('--config keeps the board\'s web admin password unless the file sets one', async (t) => {
  const { board, dir, port, writeConfig } = await setup(t);
  const build = baseBuild(dir);
  board.flashBuild(build);
  writeSlot(board, 'cfg.b', 4, { web: { admin_password_hash: HASH_A } });
  // A newer slot whose text fails its checksum (torn by a power cut): not the board's config.
  board.storage.write('cfg.a', `5\n00000000\n${JSON.stringify({ web: { admin_password_hash: HASH_B } })}`);
  await board.reboot();

  let since = board.output.length;
  const kept = await flash(['--port', port, '--build', build, '--config-only', '--config', writeConfig({ global: {} })], 60000);
  assert.equal(kept.code, 0, kept.out);
  assert.match(kept.out, /kept the board's web admin password/);
  assert.ok(!kept.out.includes(HASH_A.split('$')[3]), 'the hash is never printed');
  await board.waitFor(BOOTED, { since, timeoutMs: 10000 });
  await board.idle();
  assert.equal(boardConfig(board).web.admin_password_hash, HASH_A, 'the newest whole slot\'s hash went up with the config');

  since = board.output.length;
  const before = { ...board.stats.fileWrites };
  const replaced = await flash(['--port', port, '--build', build, '--config', writeConfig({ web: { admin_password_hash: HASH_B } })]);
  assert.equal(replaced.code, 0, replaced.out);
  assert.match(replaced.out, /the config's web admin password replaces the board's/);
  assert.ok(!replaced.out.includes(HASH_B.split('$')[3]) && !replaced.out.includes(HASH_A.split('$')[3]));
  assert.deepEqual(Object.keys(writesSince(board, before)).filter((n) => n === 'ddns.json' || readBuild(build).files.some((f) => f.name === n)),
    ['ddns.json'], 'only the config went up: the build was already there');
  await board.waitFor(BOOTED, { since, timeoutMs: 10000 });
  await board.idle();
  assert.equal(boardConfig(board).web.admin_password_hash, HASH_B);
});

test('--config-only uploads just the config and the board restarts with it', async (t) => {
  const { world, board, port, writeConfig, updates } = await setup(t, { firmware: true, config: () => ({ global: {} }) });
  await board.waitFor('0 section(s)', { since: 0, timeoutMs: 5000 });
  const bootcde = board.storage.read('.bootcde');
  const reasons = [];
  board.on('poweroff', (why) => reasons.push(why));
  const since = board.output.length;
  const r = await flash(['--port', port, '--config', writeConfig(oneSection(world)), '--config-only'], 60000);
  assert.equal(r.code, 0, r.out);
  assertOffline(r.out);
  assert.match(r.out, /the board has no web admin password to keep/);
  assert.deepEqual(reasons, ['reboot'], 'load() restarted the board once');
  await board.waitFor('update accepted', { since, timeoutMs: 10000 });
  assert.match(board.output.slice(since), /ddns \S+ on esp32: 1 section\(s\)/);
  assert.equal(board.storage.read('.bootcde'), bootcde, 'firmware untouched');
  assert.ok(board.storage.read('cfg.b').startsWith('2\n'), 'the new config is the second generation');
  assert.ok(!board.storage.list().includes('ddns.json'));
  assert.equal(updates().length, 1);
  assert.equal(updates()[0].query.myip, IP);
});

// What the CLI relies on, byte for byte (src/jsinteractive.c): prompt, echo, DLE lines, Ctrl-C,
// multi-line input, and reset()/load() restarting the board.
test('the TCP console answers like the Espruino REPL on a UART', async (t) => {
  const { board, port } = await setup(t);
  const sock = net.connect(Number(port.split(':').pop()), '127.0.0.1');
  t.after(() => sock.destroy());
  await new Promise((resolve) => sock.on('connect', resolve));
  let got = '';
  let lastData = Date.now();
  sock.on('data', (d) => { got += d.toString('latin1'); lastData = Date.now(); });
  // whatever the console sends as it is connected (a prompt, under load late) is not an answer
  // to what the test types: wait until it has been quiet for 150 ms (at most 2 s)
  for (const until = Date.now() + 2000; Date.now() - lastData < 150 && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const say = async (bytes, expect) => {
    got = '';
    sock.write(Buffer.from(bytes, 'latin1'));
    const until = Date.now() + 3000;
    while (got !== expect && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got, expect);
  };
  await say('\n', '\r\n>');
  await say('1+2\n', '1+2\r\n=3\r\n>');
  await say('\x10print("<","<<",process.env.BOARD,">>",">")\n', '< << ESP32 >> >\r\n>');
  await say('\x10var x = 5\n', '');
  await say('[x,\n', '[x,\r\n:');
  await say('6]\n', '6]\r\n=[ 5, 6 ]\r\n>');
  await say('abc\x03', 'abc\x1b[D\x1b[D\x1b[D\r\x1b[J>');
  await say('echo(0)\n', 'echo(0)\r\n');
  await say('x\n', '');
  await say('echo(1)\n', '=undefined\r\n>'); // typed without echo; echo is back for the result
  board.storage.write('.bootcde', 'print("firmware runs")');
  got = '';
  sock.write('\x10reset();\n');
  await board.waitFor('Donate');
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(!board.output.includes('firmware runs'), 'reset() does not run .bootcde');
  assert.match(got, /^\x1b\[\?7l\r\n ____ [^]*espruino\.com\r\n 2v29 \(c\) [^]*Donate\r\n\r\n>$/);
  await say('x\n', 'x\r\nUncaught ReferenceError: x is not defined\r\n>');
  const since = board.output.length;
  sock.write('\x10load()\n');
  await board.waitFor('firmware runs', { since });
});
