// Step 1: the current build and the suite's first config go up with the flash tool (the real
// espruino CLI, only what differs from the board, tools/flash.mjs), which restarts the board.
// The suite's own console line is closed meanwhile: one program at a time owns the port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stepConfig } from './config.mjs';

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
    const args = ['--port', o.port, '--board', o.board, '--baud', String(o.baud), '--config', file];
    if (o.build) args.push('--build', o.build);
    const t0 = Date.now();
    const r = await runTool(args, /^tcp:/.test(o.port) ? TCP_LIMIT_MS : SERIAL_LIMIT_MS);
    const ms = Date.now() - t0;
    const said = (re) => { const m = re.exec(r.out); return m ? m[0].replace(/^flash: /, '') : null; };
    const figures = {
      files: said(/^flash: \d+ file\(s\) to upload.*$/m) || said(/^flash: the board already has this build.*$/m) || '-',
      uploaded: said(/^flash: \S.* uploaded in .*$/m) || '-',
    };
    const last = r.out.trim().split('\n').filter((l) => /^flash: /.test(l)).pop();
    return {
      verdict: r.code === 0 ? 'pass' : 'fail',
      ms,
      figures,
      note: r.code === 0 ? 'the flash tool with the real espruino CLI, build and config' : `flash tool exit ${r.code}: ${last || r.out.trim().split('\n').slice(-3).join(' / ')}`,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
