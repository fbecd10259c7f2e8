// `node tools/bench-flash.mjs [--paced] [--build DIR]`: how long tools/flash.mjs takes on a
// simulated board over its TCP console: a full flash of an empty board, then a flash with one
// module changed. --paced keeps the CLI's 250 ms pause per Storage write (what a serial port
// gets). The build is DIR, else dist/esp32/.
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../host-sim/board.mjs';
import { buildDir, readBuild, writeManifest, MANIFEST } from '../host-sim/build.mjs';
import { runFlash } from './flash.mjs';

function args(argv) {
  const o = { paced: argv.includes('--paced') };
  const i = argv.indexOf('--build');
  if (i >= 0) o.build = argv[i + 1];
  return o;
}

// A copy of the build to change: the given one or dist/esp32/.
function benchBuild(src, tmp) {
  const from = src || buildDir('esp32');
  if (!existsSync(join(from, MANIFEST))) throw new Error(`no build in ${from} (npm run build)`);
  const dir = join(tmp, 'esp32');
  cpSync(from, dir, { recursive: true });
  return dir;
}

async function timed(argv) {
  const t0 = Date.now();
  const code = await runFlash(argv);
  if (code !== 0) throw new Error(`flash ${argv.join(' ')} failed (${code})`);
  return Date.now() - t0;
}

async function main() {
  const o = args(process.argv.slice(2));
  const tmp = mkdtempSync(join(tmpdir(), 'bench-flash-'));
  const board = new SimBoard({ board: 'esp32', flashDir: join(tmp, 'flash'), time: 'real', consolePort: 0, net: { ip: '127.0.0.10' } });
  try {
    const dir = benchBuild(o.build || buildDir('esp32'), tmp);
    const files = readBuild(dir).files;
    await board.boot();
    const base = ['--port', board.consoleServer.address, '--build', dir, ...(o.paced ? ['--paced'] : [])];
    const full = await timed(base);
    // a change to one feature module of typical size (MQTT's work module, 25 KB)
    const mod = files.find((f) => f.name === 'ddns.mqtt.work') || files.find((f) => f.name.startsWith('ddns.'));
    appendFileSync(join(dir, mod.name), '\n// changed\n');
    const changed = writeManifest(dir, 'esp32').files.find((f) => f.name === mod.name);
    const one = await timed(base);
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    console.log(`\nbench-flash (${o.paced ? 'paced as on serial' : 'TCP, no pauses'}): ${files.length} files, ${bytes} bytes: ` +
      `full flash ${(full / 1000).toFixed(1)} s; one module (${mod.name}, ${changed.bytes} bytes) ${(one / 1000).toFixed(1)} s`);
  } finally {
    await board.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
