// Flashing proven: the real espruino CLI (through tools/flash.mjs) uploads dist/esp32.js and a
// config to a simulated board over its console on TCP, exactly as to a board on a serial port,
// and the uploaded firmware runs. Needs `npm run build` first (npm test does it).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';
import { section, DOMAIN, PASSWORD } from './harness.mjs';

const IP = '198.51.100.10';
const FLASH_LIMIT_MS = 150000; // the CLI throttles: 250 ms per 1 KB Storage.write line

// `node tools/flash.mjs ARGS` as a child process group; resolves {code, out} or kills it at the limit.
function flash(args, limitMs = FLASH_LIMIT_MS) {
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
      resolve({ code, out });
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
  if (firmware) board.flash(readFileSync('dist/esp32.js', 'latin1'));
  if (config) board.storage.write('ddns.json', JSON.stringify(config(world)));
  t.after(async () => {
    await board.stop();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await board.boot();
  const port = `tcp://127.0.0.1:${board.consoleServer.port}`;
  const writeConfig = (cfg) => {
    const file = join(dir, 'ddns.json');
    writeFileSync(file, JSON.stringify(cfg));
    return file;
  };
  const updates = () => world.dyndns2.requests.filter((r) => r.path === '/nic/update');
  return { world, board, port, writeConfig, updates };
}

const oneSection = (world) => ({ service: { myddns: section(world) } });

// The CLI must stay on loopback: no board JSON download, no module download.
function assertOffline(out) {
  assert.doesNotMatch(out, /getURL|ENOENT|Module \S+ not found/, out);
}

test('the espruino CLI flashes an empty board over its TCP console and the firmware runs', async (t) => {
  const { world, board, port, writeConfig, updates } = await setup(t);
  assert.deepEqual(board.storage.list(), [], 'flash starts empty');
  const started = Date.now();
  const r = await flash(['--port', port, '--config', writeConfig(oneSection(world))]);
  const ms = Date.now() - started;
  t.diagnostic(`flash of ${readFileSync('dist/esp32.js').length} bytes took ${ms} ms`);
  assert.equal(r.code, 0, r.out);
  assertOffline(r.out);
  assert.ok(board.storage.read('.bootcde') === readFileSync('dist/esp32.js', 'latin1'),
    '.bootcde is byte-identical to dist/esp32.js');
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
  sock.on('data', (d) => { got += d.toString('latin1'); });
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
