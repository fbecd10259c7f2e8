// The suite, step by step, against one board: its world, the owner's config saved first and put
// back at the end whatever happens, every step timed and followed by the board's memory. Returns
// the report (report.mjs renders it).
import { Link } from './link.mjs';
import { identify, memory, wifiAddress } from './board.mjs';
import { saveOwner, restoreOwner, backupPath } from './backup.mjs';
import { startHilWorld } from './world.mjs';
import { flashStep } from './flash-step.mjs';
import { boot, httpUpdate, dnsCheck, httpsUpdate } from './steps-update.mjs';
import { mqtt, web, four } from './steps-features.mjs';
import { updatesInARow, reboot, wifiReconnect, openSockets } from './steps-endurance.mjs';

// What the board prints when something is wrong with it (not with the provider).
const TROUBLE = /Uncaught[^\r\n]*|OUT OF MEMORY[^\r\n]*|New interpreter error[^\r\n]*|cannot be loaded[^\r\n]*|ERROR:[^\r\n]*/g;

export const STEPS = [
  { id: 'flash', title: 'flash the build and a test config', run: flashStep },
  { id: 'boot', title: 'boot from flash', run: boot },
  { id: 'http', title: 'first update over HTTP', run: httpUpdate },
  { id: 'dns', title: 'DNS verification', run: dnsCheck },
  { id: 'https', title: 'update over HTTPS', run: httpsUpdate },
  { id: 'mqtt', title: 'MQTT connect and retained status', run: mqtt },
  { id: 'web', title: 'web page and one /api call', run: web },
  { id: 'four', title: 'four sections at once (+ MQTT + page)', run: four },
  { id: 'hundred', title: 'updates in a row', run: updatesInARow },
  { id: 'reboot', title: 'reboot: no forced update', run: reboot },
  { id: 'wifi', title: 'Wi-Fi reconnect', run: wifiReconnect },
  { id: 'sockets', title: 'open sockets at the end', run: openSockets },
];

// One step: its result, whatever it threw, what the board printed that means trouble, and the
// memory after it.
async function runStep(ctx, step) {
  const since = ctx.link ? ctx.link.output.length : 0;
  const t0 = Date.now();
  let r;
  if (step.id === 'flash') await ctx.link.close();
  try {
    r = await step.run(ctx);
  } catch (e) {
    r = { verdict: 'fail', ms: Date.now() - t0, figures: {}, note: `stopped: ${e.message}` };
  }
  if (step.id === 'flash') {
    try {
      ctx.link = await Link.open(ctx.opts.port, { baud: ctx.opts.baud, timeoutMs: ctx.opts.bootMs });
    } catch (e) {
      ctx.lost = `the board does not answer after flashing: ${e.message}`;
      return { id: step.id, title: step.title, ...r, verdict: 'fail', note: `${r.note}; ${ctx.lost}`, boardErrors: [], memory: null };
    }
  }
  const boardErrors = step.id === 'flash' ? [] : [...new Set(ctx.link.printed(since).match(TROUBLE) || [])].slice(0, 5);
  if (boardErrors.length && r.verdict === 'pass') r.verdict = 'fail';
  const mem = await ctx.measure().catch(() => null);
  const title = step.id === 'hundred' ? `${ctx.opts.updates} ${step.title}` : step.title;
  return { id: step.id, title, ...r, boardErrors, memory: mem };
}

/**
 * opts: {port, lanIp, boardIp, webPort, updates, build, board, baud, backupDir, bootMs,
 * updateMs, settleMs, wifiMs, only, stop}. log(text): progress lines. stop.requested (Ctrl-C)
 * ends the run after the current step, the owner's config put back as always.
 */
export async function runSuite(opts, log = () => {}) {
  const report = { started: new Date().toISOString(), port: opts.port, lanIp: opts.lanIp, build: opts.build || `dist/${opts.board}`, steps: [], restore: 'nothing to restore', restored: false };
  const world = await startHilWorld({ host: opts.lanIp });
  const ctx = { opts, world, link: null, board: null };
  let backup = null;
  try {
    ctx.link = await Link.open(opts.port, { baud: opts.baud, timeoutMs: opts.bootMs });
    ctx.board = report.board = await identify(ctx.link);
    ctx.board.wifi = /(^|,)Wifi(,|$)/.test(ctx.board.env.MODULES || '');
    ctx.measure = () => (ctx.board.simulated ? Promise.resolve(null) : memory(ctx.link));
    log(`hil: ${ctx.board.env.BOARD} Espruino ${ctx.board.env.VERSION} on ${opts.port}${ctx.board.simulated ? ' (simulated)' : ''}`);
    ctx.boardIp = report.boardIp = opts.boardIp || (await wifiAddress(ctx.link)) || opts.lanIp;
    ctx.cfgOpts = { wifi: ctx.board.wifi, webPort: opts.webPort, boardIp: ctx.boardIp };
    backup = backupPath(opts.backupDir, ctx.board.env.SERIAL);
    const saved = await saveOwner(ctx.link, backup, { port: opts.port, env: ctx.board.env });
    log(`hil: the board's own config saved (${saved.length} file(s)) to ${backup}`);
    for (const step of STEPS) {
      if (opts.only && !opts.only.includes(step.id) && step.id !== 'flash') continue;
      if (opts.stop && opts.stop.requested) break;
      log(`hil: ${step.title} ...`);
      const r = await runStep(ctx, step);
      report.steps.push(r);
      log(`hil:   ${r.verdict.toUpperCase()}${r.note ? ` (${r.note})` : ''}`);
      if (ctx.lost || ctx.link.closed) {
        report.aborted = ctx.lost || `the console line to ${opts.port} closed`;
        break;
      }
    }
  } finally {
    if (backup && ctx.link && !ctx.link.closed) {
      try {
        report.restore = await putBack(ctx.link, backup);
        report.restored = true;
      } catch (e) {
        report.restore = `the board's own config was NOT restored (${e.message}): run npm run hil -- --port ${opts.port} --restore`;
      }
    } else if (backup) report.restore = `the board's own config was NOT restored (no console): run npm run hil -- --port ${opts.port} --restore`;
    if (ctx.link) await ctx.link.close();
    await world.close();
  }
  return report;
}

/**
 * The firmware's timers stopped (clearInterval() with no argument stops them all: no section
 * writes its state while the files change), the owner's files back, load(). Not reset(): on
 * Espruino for Linux it moves the console away from the telnet line the suite talks over.
 */
export async function putBack(link, backup) {
  await link.ask('clearInterval()', { timeoutMs: 15000 });
  const r = await restoreOwner(link, backup);
  const done = `the board's own config restored (${r.written.length} file(s) back, ${r.erased.length} of the suite's erased)`;
  link.send('load()');
  try {
    await link.ask('1', { timeoutMs: 15000 });
  } catch (e) {
    return `${done}, but the board did not answer after load() (${e.message}): restart it`;
  }
  return done;
}
