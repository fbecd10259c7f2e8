// Builds the router watcher alone (test/router/espruino-watch.ts) for Espruino's Linux build, with
// the repo's own rollup settings, in a temporary copy of the repo.
import { cpSync, mkdirSync, readFileSync, writeFileSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds test/router/espruino-watch.ts (the watcher alone, for Espruino's Linux build) with the
 * repo's own rollup settings into dir; returns the path of the bundle.
 */
export function buildWatcherBundle(dir = `/tmp/router-watch-${process.pid}`) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'boards'), { recursive: true });
  mkdirSync(join(dir, 'tools'), { recursive: true });
  for (const f of ['firmware', 'package.json', 'rollup.config.mjs', 'tools/params-to-arguments.mjs', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(REPO, f), join(dir, f), { recursive: true });
  }
  cpSync(join(REPO, 'test', 'router', 'espruino-watch.ts'), join(dir, 'boards', 'watch.ts'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'watch.config.mjs'), "import base from './rollup.config.mjs';\n" +
    "const b = base[0];\nexport default { ...b, input: 'build/js/boards/watch.js', output: { ...b.output, file: 'dist/watch.js' } };\n");
  // as `npm run build`: TypeScript once into build/js, then rollup from there
  execFileSync(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
  execFileSync(join(REPO, 'node_modules', '.bin', 'rollup'), ['-c', 'watch.config.mjs', '--silent'], { cwd: dir, stdio: 'pipe' });
  return join(dir, 'dist', 'watch.js');
}
