// Builds dist/ when it is missing or older than any source, so `npm start` works on a fresh clone.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds when needed; returns the board's build directory (dist/<board>). */
export function ensureBuilt(board) {
  const out = `dist/${board}/manifest.json`;
  const src = Math.max(newestMtime('firmware'), newestMtime('boards'), newestMtime('web'),
    statSync('rollup.config.mjs').mtimeMs);
  const stale = (f) => !existsSync(f) || statSync(f).mtimeMs < src;
  if (stale(out) || stale('dist/www.gz')) {
    console.log('[build] npm run build');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  }
  return `dist/${board}`;
}
