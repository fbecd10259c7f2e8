// Step 1: the current build and the suite's first config go up with the flash tool (the real
// espruino CLI, only what differs from the board, tools/flash.mjs), which restarts the board.
// The suite's own console line is closed meanwhile: one program at a time owns the port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stepConfig } from './config.mjs';
import { Link } from './link.mjs';
import { quiet } from './kit.mjs';

// The board booted what was flashed (its first boot imports the config, seconds on a slow
// board) once it answers and has been quiet a while: only then is the read-back asked for.
async function settled(o) {
  const link = await Link.open(o.port, { baud: o.baud, timeoutMs: o.bootMs });
  try { await quiet(link, 1000, 15000); } finally { await link.close(); }
}

const FLASH_TOOL = fileURLToPath(new URL('../flash.mjs', import.meta.url));
const SERIAL_LIMIT_MS = 30 * 60000; // a whole build over a UART with the CLI's pauses: minutes
const TCP_LIMIT_MS = 3 * 60000;

function runTool(args, limitMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLASH_TOOL, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, limitMs);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: signal ? `killed after ${limitMs} ms` : code, out }); });
  });
}

/** Flashes; the caller reopens its console line afterwards. */
export async function flashStep(ctx) {
  const o = ctx.opts;
  if (o.noFlash) return { verdict: 'skip', ms: null, figures: {}, note: '--no-flash: the firmware already on the board' };
  const tmp = mkdtempSync(join(tmpdir(), 'ddns-hil-'));
  try {
    const file = join(tmp, 'hil.json');
    writeFileSync(file, JSON.stringify(stepConfig(ctx.world, { sections: ['http'] }, ctx.cfgOpts)), { mode: 0o600 });
    const base = ['--port', o.port, '--board', o.board, '--baud', String(o.baud)];
    if (o.build) base.push('--build', o.build);
    if (o.paced) base.push('--paced');
    const limit = /^tcp:/.test(o.port) && !o.paced ? TCP_LIMIT_MS : SERIAL_LIMIT_MS;
    const t0 = Date.now();
    const r = await runTool([...base, '--config', file], limit);
    const ms = Date.now() - t0;
    // What arrived, checked: the board's SHA-1 of every file against the manifest.
    if (r.code === 0) await settled(o);
    const check = r.code === 0 ? await runTool([...base, '--dry-run'], TCP_LIMIT_MS) : null;
    const verified = check && check.code === 0 && /already has this build/.test(check.out);
    const said = (re) => { const m = re.exec(r.out); return m ? m[0].replace(/^flash: /, '') : null; };
    const figures = {
      files: said(/^flash: \d+ file\(s\) to upload.*$/m) || said(/^flash: the board already has this build.*$/m) || '-',
      uploaded: (/^flash: (.*) uploaded in (\S+ s)/m.exec(r.out) || []).slice(1).map((x, i) => (i ? x : `${x.split(', ').length} file(s)`)).join(' in ') || '-',
      'read back': verified ? 'every file has the build\'s SHA-1' : check ? (check.out.match(/^ {2}upload .*$|^flash: the board did not answer.*$/gm) || ['not verified']).join('; ') : '-',
    };
    const last = r.out.trim().split('\n').filter((l) => /^flash: /.test(l)).pop();
    return {
      verdict: r.code === 0 && verified ? 'pass' : 'fail',
      ms,
      figures,
      note: r.code !== 0 ? `flash tool exit ${r.code}: ${last || r.out.trim().split('\n').slice(-3).join(' / ')}`
        : verified ? 'the flash tool with the real espruino CLI (build and config), then its --dry-run: nothing left to upload'
          : 'the upload ended but the board\'s files differ from the build (a lossy console line? try --paced)',
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
