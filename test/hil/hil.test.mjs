// The hardware-in-the-loop suite (npm run hil) run as an owner runs it, against a simulated board
// on a TCP console: every step must pass, the memory figures must be absent (the simulator has
// none) and say so, the board's own config must come back byte for byte, and neither its Wi-Fi
// credentials nor its config's secrets may be printed. A run cut off half-way leaves the config
// saved, and the next run refuses to go on until it is restored.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { buildDir } from '../../host-sim/build.mjs';

const BOARD_IP = '127.0.0.10';
const WIFI_PASSWORD = 'owner-wifi-Pa55word';
const OWNER_SECRET = 'owner-provider-secret-123';
const OWNER_CFG = `3\n00000000\n{"service":{"mine":{"password":"${OWNER_SECRET}"}}}`;
const OWNER_STATE = 'owner state of section mine';
const RUN_LIMIT_MS = 90000;

function freePort(host) {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, host, () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// `node tools/hil.mjs ARGS` in its own process group; resolves {code, out} (killed at the limit).
function hil(args, { onLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/hil.mjs', ...args], { cwd: process.cwd(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d) => { out += d; if (onLine) onLine(out, child); };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      reject(new Error(`hil did not finish in ${RUN_LIMIT_MS} ms:\n${out}`));
    }, RUN_LIMIT_MS);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? signal, out }); });
  });
}

// A board as an owner has it: an older firmware's config slot, a section's state, Wi-Fi saved.
// flashed: the firmware already in flash (the run then goes with --no-flash).
async function ownersBoard(t, { flashed = false } = {}) {
  assert.ok(existsSync(join(buildDir('esp32'), 'manifest.json')), 'no dist/esp32: npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'ddns-hil-test-'));
  const webPort = await freePort(BOARD_IP);
  const board = new SimBoard({
    board: 'esp32', flashDir: join(dir, 'flash'), time: 'real', consolePort: 0,
    listenHost: BOARD_IP, portMap: { [webPort]: webPort },
    net: { ip: BOARD_IP, gw: '127.0.0.1', netmask: '255.0.0.0' },
  });
  if (flashed) board.flashBuild(buildDir('esp32'));
  board.storage.write('cfg.a', OWNER_CFG);
  board.storage.write('st.mine', OWNER_STATE);
  t.after(async () => {
    await board.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  await board.boot();
  await board.type(`require("Wifi").connect("OwnerNet",{password:"${WIFI_PASSWORD}"});require("Wifi").save()`);
  const wifiCfg = board.storage.read('.wificfg');
  assert.ok(wifiCfg.includes(WIFI_PASSWORD), 'the owner saved Wi-Fi credentials');
  const common = ['--port', board.consoleServer.address, '--web-port', String(webPort), '--backup-dir', join(dir, 'backup')];
  return { board, dir, common, wifiCfg };
}

function assertOwnersFilesBack(board, wifiCfg) {
  assert.equal(board.storage.read('cfg.a'), OWNER_CFG, 'the owner config slot is back byte for byte');
  assert.equal(board.storage.read('st.mine'), OWNER_STATE);
  assert.equal(board.storage.read('.wificfg'), wifiCfg, 'Wi-Fi credentials untouched');
  const left = board.storage.list().filter((n) => /^(cfg\.b|run\.[ab]|st\.hil_|log\.hil_|ddns\.json)/.test(n));
  assert.deepEqual(left, [], 'nothing of the suite\'s configs is left');
}

test('npm run hil against the simulated board: every step passes, memory absent and said so, the owner\'s config back', async (t) => {
  const { board, dir, common, wifiCfg } = await ownersBoard(t);
  const reportFile = join(dir, 'report.json');
  const r = await hil([...common, '--report', reportFile, '--settle-ms', '1000']);
  for (const line of r.out.slice(r.out.indexOf('# esp32-ddns')).split('\n')) t.diagnostic(line);
  assert.equal(r.code, 0, r.out);
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  assert.deepEqual(report.steps.map((s) => s.id),
    ['flash', 'boot', 'http', 'dns', 'https', 'mqtt', 'web', 'four', 'hundred', 'reboot', 'wifi', 'sockets']);
  for (const s of report.steps) {
    assert.equal(s.verdict, 'pass', `${s.title}: ${s.note} ${JSON.stringify(s.figures)}`);
    assert.equal(s.memory, null, `${s.title}: no memory figure from the simulator`);
    assert.deepEqual(s.boardErrors, []);
  }
  assert.equal(report.board.env.BOARD, 'ESP32');
  assert.equal(report.board.simulated, true);
  assert.match(r.out, /^memory: absent: this is the host simulator/m);
  assert.match(r.out, /^\| 12 \| open sockets at the end \| PASS \|/m);
  const step = (id) => report.steps.find((s) => s.id === id);
  assert.equal(step('flash').figures['read back'], 'every file has the build\'s SHA-1', 'the flash tool\'s --dry-run found nothing left to upload');
  assert.equal(step('https').figures['SNI sent'], 'mbed TLS Server 1', 'the SNI name the simulated board sends, as the fake saw it');
  assert.match(step('https').figures['unknown CA accepted'], /^yes/);
  assert.equal(step('hundred').figures['updates accepted'], '100 of 100');
  assert.equal(step('reboot').figures['update requests after boot'], 0);
  assert.equal(step('sockets').figures['to mqtt'], 1);
  assert.equal(report.restored, true, report.restore);
  assert.ok(!r.out.includes(WIFI_PASSWORD) && !r.out.includes(OWNER_SECRET), 'no owner secret printed');
  assert.ok(!readFileSync(reportFile, 'utf8').includes(WIFI_PASSWORD), 'nor in the report');
  assert.deepEqual(readdirSync(join(dir, 'backup')), [], 'the backup goes once the board has its config again');
  await board.idle();
  assertOwnersFilesBack(board, wifiCfg);
});

test('a run cut off half-way: the next run refuses until the owner\'s config is restored with --restore', async (t) => {
  const { board, dir, common, wifiCfg } = await ownersBoard(t, { flashed: true });
  // Killed while the DNS step waits (its settle time): the suite's config is on the board then.
  const cut = await hil([...common, '--no-flash', '--only', 'boot,dns', '--settle-ms', '5000'], {
    onLine: (out, child) => {
      if (/DNS verification \.\.\./.test(out) && !child.killedByTest) {
        child.killedByTest = true;
        process.kill(-child.pid, 'SIGKILL');
      }
    },
  });
  assert.equal(cut.code, 'SIGKILL', cut.out);
  assert.equal(readdirSync(join(dir, 'backup')).length, 1, 'the saved config stays on the PC');
  assert.notEqual(board.storage.read('cfg.a'), OWNER_CFG, 'the board runs the suite\'s config now');

  const refused = await hil([...common, '--no-flash']);
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.out, /a run was cut off and the board's own config \(2 file\(s\) saved .*\) is in .*: run with --restore/);

  const restored = await hil([...common, '--restore']);
  assert.equal(restored.code, 0, restored.out);
  assert.match(restored.out, /the board's own config restored \(2 file\(s\) back/);
  assert.ok(!restored.out.includes(OWNER_SECRET) && !restored.out.includes(WIFI_PASSWORD));
  assert.deepEqual(readdirSync(join(dir, 'backup')), []);
  await board.idle();
  assertOwnersFilesBack(board, wifiCfg);
});
