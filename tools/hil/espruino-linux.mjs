// `node tools/hil/espruino-linux.mjs [--bin FILE] [--port N]`: Espruino built for Linux
// (ESPRUINO_BIN) as a board for the suite and the flash tool, not a test of CI (the binary is
// not in the repository). Its Storage is a fresh directory (espruino.flash); its console is its
// telnet server (--telnet, port 2323), offered on tcp://127.0.0.1:PORT through a small proxy.
// What is bridged, each measured on the 2v29 Linux build:
// - stdin is not used: its input thread and the interpreter share one event ring without a
//   lock, and input while the firmware boots broke it ("ASSERT(len <= 64) FAILED AT
//   src/jsdevices.c:601", exit). Telnet input is read by the interpreter's own loop.
// - the firmware switches telnet off at every boot (firmware/platform/espruino/index.ts):
//   a Storage file `.boot0` (run before the firmware at every boot, in this interpreter's
//   Storage only) makes TelnetServer.setOptions({mode: 'off'}) do nothing;
// - reset() moves the console back to stdout although the telnet client is still there (seen:
//   the answer to the next line went to stdout): stdout is passed to the client as well;
// - Ctrl-C is dropped: two within 5 s on an empty line quit the Linux build (jsinteractive.c),
//   and the espruino CLI sends one each time it connects.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TELNET_PORT = 2323; // fixed in the Linux build (targets/linux/main.c)
const KEEP_TELNET = '(function(){var T=require("TelnetServer"),s=T.setOptions;T.setOptions=function(o){if(!o||o.mode!=="off")s.call(T,o);};})()';
const START_MS = 10000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connectTelnet(timeoutMs) {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(TELNET_PORT, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        s.destroy();
        if (Date.now() > end) reject(new Error(`the interpreter's telnet server did not answer on ${TELNET_PORT}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// .boot0 keeps telnet on at every boot; run now too, for this one.
async function keepTelnet() {
  const s = await connectTelnet(START_MS);
  let out = '';
  s.on('data', (d) => { out += d.toString('latin1'); });
  s.write(`\x10require("Storage").write(".boot0",${JSON.stringify(KEEP_TELNET)});${KEEP_TELNET};print("<<"+"K>>")\n`);
  const end = Date.now() + START_MS;
  while (!out.includes('<<K>>') && Date.now() < end) await sleep(20);
  s.destroy();
  if (!out.includes('<<K>>')) throw new Error(`the interpreter did not take .boot0: ${out.slice(-300)}`);
}

/** Starts the interpreter and the proxy; resolves {url, dir, proc, close()}. */
export async function startEspruinoLinux({ bin = process.env.ESPRUINO_BIN, port = 0 } = {}) {
  if (!bin) throw new Error('set ESPRUINO_BIN (or --bin) to an Espruino built for Linux');
  const dir = mkdtempSync(join(tmpdir(), 'ddns-espruino-'));
  // stdin stays open and silent (EOF or input there would reach the racy input thread).
  const proc = spawn(bin, ['--telnet'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let exited = null;
  let client = null;
  proc.on('exit', (code, signal) => { exited = signal || code; });
  // The console goes back to stdout on reset() and while nobody is connected: what the
  // interpreter prints there reaches the client too (input only ever comes over telnet).
  proc.stdout.on('data', (d) => { if (client) client.write(d); });
  proc.stderr.on('data', () => {});
  const stop = async () => {
    if (exited === null) {
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await keepTelnet();
  } catch (e) {
    await stop();
    throw e;
  }
  const server = net.createServer(async (sock) => {
    sock.on('error', () => {});
    if (client || exited !== null) { sock.destroy(); return; }
    client = sock;
    const up = await connectTelnet(START_MS).catch(() => null);
    if (!up) { sock.destroy(); client = null; return; }
    up.on('error', () => {});
    up.on('data', (d) => sock.write(d));
    sock.on('data', (d) => up.write(Buffer.from(d).filter((b) => b !== 0x03)));
    up.on('close', () => sock.destroy());
    sock.on('close', () => { up.destroy(); if (client === sock) client = null; });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  return {
    url: `tcp://127.0.0.1:${server.address().port}`,
    dir,
    proc,
    exited: () => exited,
    async close() {
      if (client) client.destroy();
      await new Promise((r) => server.close(() => r()));
      await stop();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  startEspruinoLinux({ bin: arg('--bin'), port: Number(arg('--port') || 0) }).then((e) => {
    console.log(`espruino-linux: the interpreter's console is on ${e.url} (Storage in ${e.dir}); Ctrl-C here stops it`);
    e.proc.on('exit', (code, signal) => console.log(`espruino-linux: the interpreter exited (${signal || code})`));
    e.proc.stdout.on('data', (d) => process.stdout.write(d));
    const stop = () => e.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err) => { console.error(`espruino-linux: ${err.message}`); process.exit(1); });
}
