// `npm run flash -- --port PORT [--config FILE] [--config-only] [--board esp32] [--all]
//   [--dry-run] [--build DIR] [--baud N] [--paced]`
// Puts a board's build (dist/<board>/, see host-sim/build.mjs) into its Storage with the real
// espruino command-line tool, uploading only what changed: it first asks the board for the
// SHA-1 of each file of the manifest (tools/board-query.mjs), then uploads the files that
// differ or are missing (every file with --all), `.bootcde` last (why: flashOrder), and restarts
// the firmware with load(). --config FILE uploads the config as ddns.json (the firmware imports
// it at boot), keeping the board's web admin password when FILE has none. --dry-run asks the
// board and shows what would be uploaded, without uploading.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, buildDir, readBuild, writeManifest, flashOrder, MANIFEST } from '../host-sim/build.mjs';
import { queryExpression, parseAnswer, withoutAnswer } from './board-query.mjs';

const CONFIG_NAME = 'ddns.json';
const QUERY_LIMIT_MS = 60000; // the CLI exits 500 ms after the board's last output
const UPLOAD_LIMIT_MS = 30 * 60000; // ~1.5 KB/s with the CLI's pauses: 30 min is > 2 MB

function parseArgs(argv) {
  const o = { board: 'esp32', baud: '115200' };
  const value = (i) => {
    if (i >= argv.length) throw new Error(`${argv[i - 1]} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') o.port = value(++i);
    else if (a === '--config') o.config = value(++i);
    else if (a === '--board') o.board = value(++i);
    else if (a === '--baud' || a === '-b') o.baud = value(++i);
    else if (a === '--build') o.build = value(++i);
    else if (a === '--config-only') o.configOnly = true;
    else if (a === '--all') o.all = true;
    else if (a === '--dry-run') o.dryRun = true;
    else if (a === '--paced') o.paced = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.port) throw new Error('--port is required (e.g. /dev/ttyUSB0 or tcp://192.168.1.50)');
  if (o.configOnly && !o.config) throw new Error('--config-only needs --config');
  return o;
}

// The config must be a JSON object before it goes to the board: the firmware ignores anything else.
function readConfig(path) {
  if (!existsSync(path)) throw new Error(`config ${path} not found`);
  const cfg = JSON.parse(readFileSync(path, 'utf8'));
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) throw new Error(`config ${path} is not a JSON object`);
  return cfg;
}

// ---------------------------------------------------------------- the espruino CLI

// The CLI learns the board from its process.env (VERSION: uploads go to Storage; MODULES: which
// require()s are built in), then fetches BOARD_JSON_URL/<BOARD>.json and would download any
// require()d module that is not built in. Both stay offline: the board description is an empty
// local file (tools/espruino-offline/ESP32.json) and there is no module URL.
const OFFLINE_JSON = fileURLToPath(new URL('./espruino-offline', import.meta.url));

function baseArgs(o) {
  const args = ['--no-ble', '-b', o.baud, '-p', o.port,
    '--config', `BOARD_JSON_URL=${OFFLINE_JSON}`, '--config', 'MODULE_URL='];
  // The CLI pauses 250 ms after every 384-byte Storage.write line because a UART can overrun
  // the board's input queue. Over TCP (the telnet console) it cannot: the board reads the
  // socket only while its input queue has room (telnetRecv in libs/network/telnet/
  // jswrap_telnet.c), so TCP's own flow control holds the sender back. Serial keeps the pauses.
  // --paced keeps the pauses anyway.
  if (/^tcp:\/\//.test(o.port) && !o.paced) args.push('--config', 'STORAGE_UPLOAD_METHOD=1');
  return args;
}

/**
 * Runs `npx --no-install espruino ARGS`, killed after limitMs. Resolves {code, out}; the output
 * goes to our stdout too unless `quiet` (a query's answer may hold the admin password hash).
 */
function runCli(args, { quiet, limitMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'espruino', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const take = (stream) => (d) => {
      out += d;
      if (!quiet) stream.write(d);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed after ${limitMs} ms` : code, out });
    });
  });
}

/** Asks the board (one CLI run); the answer object, or throws saying why not. */
async function askBoard(o, question) {
  const r = await runCli([...baseArgs(o), '-e', queryExpression(question)], { quiet: true, limitMs: QUERY_LIMIT_MS });
  const answer = parseAnswer(r.out);
  if (r.code === 0 && answer) return answer;
  const tail = withoutAnswer(r.out).split('\n').slice(-15).join('\n');
  throw new Error(`the board did not answer (espruino exit ${r.code}); its output:\n${tail}`);
}

// ---------------------------------------------------------------- the build

function locateBuild(o) {
  if (o.build) return o.build;
  ensureBuilt(o.board);
  const dir = buildDir(o.board);
  if (existsSync(join(dir, MANIFEST))) return dir;
  throw new Error(`no build in ${dir} (npm run build)`);
}

/**
 * What goes up: the build's files in flash order, each {name, bytes, path, upload, why}.
 * `onBoard` is the board's answer ({crypto, files: {name: {s, h}}}), or null with --all.
 */
export function planUpload(build, onBoard) {
  const reason = (f) => {
    const b = onBoard && onBoard.files[f.name];
    if (!onBoard) return '--all';
    if (!b) return 'not on the board';
    if (b.h === null) return `the board cannot hash it (no crypto): ${b.s === f.bytes ? 'same' : 'other'} size`;
    return b.h === f.sha1 ? null : 'changed';
  };
  return flashOrder(build.files).map((f) => {
    const why = reason(f);
    return { name: f.name, bytes: f.bytes, path: join(build.dir, f.name), upload: why !== null, why: why || 'same SHA-1 on the board' };
  });
}

// ---------------------------------------------------------------- the config

/**
 * The config to upload, keeping the board's web admin password: when FILE has no
 * web.admin_password_hash, the board's (from its newest whole config slot) is copied in. A
 * hash in FILE, even "" (no password), is FILE's decision. Returns {cfg, note}; never the hash
 * in the note.
 */
export function keepAdminPassword(cfg, boardAdmin) {
  const theirs = boardAdmin && typeof boardAdmin.hash === 'string' && boardAdmin.hash ? boardAdmin.hash : null;
  const web = cfg.web && typeof cfg.web === 'object' ? cfg.web : null;
  const mine = web ? web.admin_password_hash : undefined;
  if (mine !== undefined) {
    if (!theirs) return { cfg, note: mine ? 'the config sets a web admin password' : null };
    if (mine === theirs) return { cfg, note: 'the config has the same web admin password as the board' };
    return { cfg, note: mine ? "the config's web admin password replaces the board's" : "the config removes the board's web admin password" };
  }
  if (!theirs) return { cfg, note: 'the board has no web admin password to keep' };
  return { cfg: { ...cfg, web: { ...(web || {}), admin_password_hash: theirs } }, note: "kept the board's web admin password" };
}

// ---------------------------------------------------------------- the upload

/**
 * The CLI's arguments for uploading `files` ([{name, path}], in flash order) and restarting.
 * A full or incremental flash passes a code file holding `load()`: with a file to send, the
 * CLI first runs reset(), so no firmware code runs (nor require()s a half-written module)
 * while files are replaced, then load() boots what is in flash. --config-only keeps today's
 * way: the firmware runs on (it reads ddns.json only at boot) until `-e load()`.
 */
export function uploadArgs(o, files, restartFile) {
  const args = baseArgs(o);
  // The CLI puts each --storage upload in front of the previous ones: give them reversed.
  for (const f of [...files].reverse()) {
    if (f.path.includes(':')) throw new Error(`the espruino CLI cannot upload a path with ':' (${f.path})`);
    args.push('--storage', `${f.name}:${f.path}`);
  }
  if (o.configOnly) args.push('-e', 'load()');
  else args.push(restartFile);
  return args;
}

function report(rows) {
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) console.log(`  ${r.upload ? 'upload' : 'skip  '}  ${r.name.padEnd(width)}  ${String(r.bytes).padStart(7)} bytes  ${r.why}`);
  const up = rows.filter((r) => r.upload);
  const sum = (list) => list.reduce((n, r) => n + r.bytes, 0);
  console.log(`flash: ${up.length} file(s) to upload, ${sum(up)} bytes; ${rows.length - up.length} skipped, ${sum(rows) - sum(up)} bytes`);
}

async function flash(o, tmp) {
  const build = o.configOnly ? null : readBuild(locateBuild(o));
  if (build) {
    if (build.board && build.board !== o.board) throw new Error(`${build.dir} is a build for ${build.board}, not ${o.board}`);
    console.log(`flash: ${o.board} build in ${build.dir}: ${build.files.length} files`);
  }
  const needHashes = build && !o.all;
  let answer = {};
  if (needHashes || o.config) {
    console.log(`flash: asking the board at ${o.port} what it has`);
    answer = await askBoard(o, { names: needHashes ? build.files.map((f) => f.name) : null, admin: Boolean(o.config) });
    if (needHashes && !answer.files.crypto) console.log('flash: the board has no crypto module: files are compared by size only, so all are uploaded');
  }
  const rows = build ? planUpload(build, needHashes ? answer.files : null) : [];
  if (rows.length) report(rows);
  const uploads = rows.filter((r) => r.upload);
  if (o.config) {
    const { cfg, note } = keepAdminPassword(readConfig(o.config), answer.admin);
    if (note) console.log(`flash: ${note}`);
    const path = join(tmp, CONFIG_NAME);
    writeFileSync(path, JSON.stringify(cfg));
    // The config goes up before the core: it is read only at boot (flashOrder's reasoning).
    const at = uploads.length && uploads[uploads.length - 1].name === '.bootcde' ? uploads.length - 1 : uploads.length;
    uploads.splice(at, 0, { name: CONFIG_NAME, bytes: JSON.stringify(cfg).length, path });
    console.log(`flash: config ${o.config} goes up as ${CONFIG_NAME}`);
  }
  if (!uploads.length) {
    console.log('flash: the board already has this build; nothing uploaded');
    return 0;
  }
  const restartFile = join(tmp, 'restart.js');
  writeFileSync(restartFile, 'load()\n');
  const args = uploadArgs(o, uploads, restartFile);
  console.log(`espruino ${args.join(' ')}`);
  if (o.dryRun) {
    console.log('flash: --dry-run: nothing uploaded');
    return 0;
  }
  const started = Date.now();
  const r = await runCli(args, { quiet: false, limitMs: UPLOAD_LIMIT_MS });
  console.log(`flash: ${uploads.map((u) => u.name).join(', ')} uploaded in ${((Date.now() - started) / 1000).toFixed(1)} s (espruino exit ${r.code})`);
  return r.code === 0 ? 0 : 1;
}

/** The whole tool for command-line arguments `argv`; resolves with the exit code. */
export async function runFlash(argv) {
  let o;
  try {
    o = parseArgs(argv);
    if (o.config) readConfig(o.config);
  } catch (e) {
    console.error(`flash: ${e.message}`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ddns-flash-'));
  try {
    return await flash(o, tmp);
  } catch (e) {
    console.error(`flash: ${e.message}`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runFlash(process.argv.slice(2)).then((code) => process.exit(code));
