// `npm run hil -- --port PORT [--lan-ip A.B.C.D] [--report FILE] [--board-ip A.B.C.D]
//   [--web-port N] [--updates N] [--build DIR] [--baud N] [--paced] [--no-flash] [--settle-ms N]
//   [--only STEP,...] [--backup-dir DIR] [--restore] [--discard-backup]`
// Hardware in the loop: starts the suite's world on this PC (--lan-ip: the PC's address on the
// board's network), flashes the current build into the board at PORT (/dev/ttyUSB0, or
// tcp://host:port: a simulated board's console), runs every step against it (docs/hil.md) and
// prints a report to attach to an issue (--report FILE: the same as JSON). The board's own
// config is saved first and put back at the end; a run that was cut off leaves it saved, and the
// next run offers to restore it (--restore: only that).
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Link } from './hil/link.mjs';
import { identify } from './hil/board.mjs';
import { backupPath, pendingBackup } from './hil/backup.mjs';
import { runSuite, putBack } from './hil/run.mjs';
import { renderReport } from './hil/report.mjs';

const DEFAULTS = {
  lanIp: '127.0.0.1', webPort: 80, updates: 100, board: 'esp32', baud: 115200, backupDir: '.hil',
  bootMs: 30000, updateMs: 30000, settleMs: 3000, wifiMs: 30000,
};

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The command line as options; throws naming the option that is wrong. */
export function parseArgs(argv) {
  const o = { ...DEFAULTS };
  const value = (i) => {
    if (i >= argv.length || argv[i].startsWith('--')) throw new Error(`${argv[i - 1]} needs a value`);
    return argv[i];
  };
  const count = (name, v, min, max) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${v}`);
    return n;
  };
  const ip = (name, v) => {
    const m = IPV4.exec(v);
    if (!m || m.slice(1).some((x) => Number(x) > 255)) throw new Error(`${name} must be an IPv4 address, not ${v}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') o.port = value(++i);
    else if (a === '--lan-ip') o.lanIp = ip(a, value(++i));
    else if (a === '--board-ip') o.boardIp = ip(a, value(++i));
    else if (a === '--report') o.report = value(++i);
    else if (a === '--web-port') o.webPort = count(a, value(++i), 1, 65535);
    else if (a === '--updates') o.updates = count(a, value(++i), 1, 1000);
    else if (a === '--build') o.build = value(++i);
    else if (a === '--board') o.board = value(++i);
    else if (a === '--baud' || a === '-b') o.baud = count(a, value(++i), 300, 4000000);
    else if (a === '--settle-ms') o.settleMs = count(a, value(++i), 100, 60000);
    else if (a === '--only') o.only = value(++i).split(',');
    else if (a === '--backup-dir') o.backupDir = value(++i);
    else if (a === '--no-flash') o.noFlash = true;
    else if (a === '--paced') o.paced = true;
    else if (a === '--restore') o.restoreOnly = true;
    else if (a === '--discard-backup') o.discard = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.port) throw new Error('--port is required (/dev/ttyUSB0, or tcp://host:port)');
  return o;
}

function askYesNo(question) {
  if (!process.stdin.isTTY) return Promise.resolve(null);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => rl.question(question, (a) => { rl.close(); resolve(!/^n/i.test(a.trim())); }));
}

/**
 * A backup left by a run that was cut off: restored (asked on a terminal; --restore says yes),
 * dropped (--discard-backup), or the run stops: a new run would save the suite's config over it.
 * Returns true when the suite may go on.
 */
async function settleBackup(o) {
  const link = await Link.open(o.port, { baud: o.baud, timeoutMs: o.bootMs });
  try {
    const { env } = await identify(link);
    const file = backupPath(o.backupDir, env.SERIAL);
    const saved = pendingBackup(file);
    if (!saved) {
      if (o.restoreOnly) console.log(`hil: no saved config of this board in ${file}: nothing to restore`);
      return !o.restoreOnly;
    }
    const what = `${Object.keys(saved.files).length} file(s) saved ${saved.saved} from ${saved.port}`;
    if (o.discard) {
      fs.rmSync(file);
      console.log(`hil: dropped the saved config (${what})`);
      return true;
    }
    const yes = o.restoreOnly || await askYesNo(`hil: a run was cut off: the board's own config (${what}) was not put back. Restore it now? [Y/n] `);
    if (yes === null) throw new Error(`a run was cut off and the board's own config (${what}) is in ${file}: run with --restore (or --discard-backup)`);
    if (!yes) throw new Error(`the board's own config stays in ${file}; run with --restore or --discard-backup`);
    console.log(`hil: ${await putBack(link, file)}`);
    return !o.restoreOnly;
  } finally {
    await link.close();
  }
}

const stop = { requested: false };

export async function runHil(argv) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`hil: ${e.message}`);
    return 2;
  }
  try {
    if (!(await settleBackup(o))) return 0;
    const report = await runSuite({ ...o, stop }, (line) => console.log(line));
    process.stdout.write('\n' + renderReport(report));
    if (o.report) {
      fs.writeFileSync(o.report, JSON.stringify(report, null, 2) + '\n');
      console.log(`hil: report written to ${o.report}`);
    }
    return report.steps.some((s) => s.verdict === 'fail') || !report.restored ? 1 : 0;
  } catch (e) {
    console.error(`hil: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Ctrl-C: the steps stop, but the board's own config must go back first (run.mjs's finally);
  // a second Ctrl-C leaves it saved for the next run.
  process.on('SIGINT', () => {
    if (stop.requested) process.exit(130);
    stop.requested = true;
    console.error('\nhil: interrupted: after this step the board\'s own config goes back (Ctrl-C again leaves it saved for the next run)');
  });
  runHil(process.argv.slice(2)).then((code) => process.exit(code));
}
