// `npm run flash -- --port PORT [--config ddns.json] [--config-only] [--board esp32]`
// Uploads dist/<board>.js to the board's Storage as .bootcde (run from flash at boot) and the
// config as ddns.json, with the real espruino command-line tool, then restarts the firmware.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../host-sim/build.mjs';

function parseArgs(argv) {
  const o = { board: 'esp32', baud: '115200' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') o.port = argv[++i];
    else if (a === '--config') o.config = argv[++i];
    else if (a === '--board') o.board = argv[++i];
    else if (a === '--baud' || a === '-b') o.baud = argv[++i];
    else if (a === '--config-only') o.configOnly = true;
    else if (a === '--dry-run') o.dryRun = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.port) throw new Error('--port is required (e.g. /dev/ttyUSB0 or tcp://192.168.1.50)');
  return o;
}

// The config must at least be JSON before it goes to the board: a broken upload is ignored there.
function checkConfig(path) {
  if (!existsSync(path)) throw new Error(`config ${path} not found`);
  JSON.parse(readFileSync(path, 'utf8'));
}

// The CLI learns the board from its process.env (VERSION: uploads go to Storage; MODULES: which
// require()s are built in), then fetches BOARD_JSON_URL/<BOARD>.json and would download any
// require()d module that is not built in. Both stay offline: the board description is an empty
// local file (tools/espruino-offline/ESP32.json) and there is no module URL (the bundle gate
// already rejects modules that are not built in).
const OFFLINE_JSON = fileURLToPath(new URL('./espruino-offline', import.meta.url));

export function flashArgs(o) {
  const args = ['--no-ble', '-b', o.baud, '-p', o.port,
    '--config', `BOARD_JSON_URL=${OFFLINE_JSON}`, '--config', 'MODULE_URL='];
  if (o.config) args.push('--storage', `ddns.json:${o.config}`);
  if (o.configOnly) args.push('-e', 'load()');
  else args.push('--storage', 'www.gz:dist/www.gz', '--storage', '.bootcde:-', `dist/${o.board}.js`);
  return args;
}

function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    if (o.config) checkConfig(o.config);
    if (o.configOnly && !o.config) throw new Error('--config-only needs --config');
  } catch (e) {
    console.error(`flash: ${e.message}`);
    process.exit(2);
  }
  if (!o.configOnly) ensureBuilt(o.board);
  const args = flashArgs(o);
  console.log(`espruino ${args.join(' ')}`);
  if (o.dryRun) return;
  const r = spawnSync('npx', ['--no-install', 'espruino', ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

main();
