// The integration of ip_source router, applied to a temporary copy of the repo and built there:
// the lines the lead adds to ipsource.ts, section.ts, main.ts and schema.ts (see the report),
// so the end-to-end tests run the real built bundle with them before they land. Idempotent: a
// file that already has its line is left alone.
import { cpSync, mkdirSync, readFileSync, writeFileSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Each edit: file, a marker that shows it is applied, the anchor text, and what goes after it
// (or before it when `before` is set, or instead of it with `replace`).
export const EDITS = [
  { file: 'firmware/core/ipsource.ts', done: "from './ipsource-router'",
    anchor: "import { HttpPort, NetPort } from './ports';\n",
    add: "import { fromRouter } from './ipsource-router';\n" },
  { file: 'firmware/core/ipsource.ts', done: 'routerFallbackWeb?: boolean',
    anchor: '  onResponse?: (headers: any) => void;\n',
    add: '  /** router_fallback_web: behind a second NAT, ip_url answers instead (our extension) */\n' +
      '  routerFallbackWeb?: boolean;\n' },
  { file: 'firmware/core/ipsource.ts', done: "o.source === 'router'",
    anchor: "  if (o.source === 'web') { fromWeb(o, cb); return; }\n",
    add: "  if (o.source === 'router') { fromRouter(o, fromWeb, cb); return; }\n" },
  { file: 'firmware/core/section.ts', done: 'routerFallbackWeb:',
    anchor: "    currentIp({ source: sec.ipSource, ipv6: sec.ipv6, urls: sec.ipUrls.join(' '),\n",
    add: "      routerFallbackWeb: sec.opts.router_fallback_web === '1',\n" },
  { file: 'firmware/core/section.ts', done: "'behind a second NAT'",
    anchor: "      if (err === 'private') {\n", before: true,
    add: "      // ip_source router behind a second NAT: a lasting condition, checked again at check_interval\n" +
      "      if (err && err.substring(0, 19) === 'behind a second NAT') { error = err; log('warn', err); finish(runOnce ? 0 : sec.checkMs, runOnce ? 'failed' : 'waiting'); return; }\n" },
  { file: 'firmware/main.ts', done: "from './services/router-wire'",
    anchor: "import { startServices, Services } from './services/index';\n",
    add: "import { wireRouter } from './services/router-wire';\n" },
  { file: 'firmware/main.ts', done: 'wireRouter(app);',
    anchor: '  cfg.sections.forEach(function (sec) { app.sections.push(app.build(sec)); });\n',
    add: '  wireRouter(app);\n', before: true },
  { file: 'firmware/core/schema.ts', done: "'router_ip|",
    anchor: "    'ip_static|s|||address for ip_source static\\n' +\n",
    add: "    'router_ip|s|||router for ip_source router; default: the gateway (our extension)\\n' +\n" +
      "    'router_fallback_web|b|0||1: behind a second NAT, ip_url answers instead (our extension)\\n' +\n" },
];

// Why: the tests must fail loudly when a file moved under the patch, not build without it.
export function applyEdits(root) {
  for (const e of EDITS) {
    const path = join(root, e.file);
    const text = readFileSync(path, 'utf8');
    if (text.includes(e.done)) continue;
    const at = text.indexOf(e.anchor);
    if (at < 0) throw new Error(`integration: anchor not found in ${e.file}: ${JSON.stringify(e.anchor)}`);
    if (e.replace !== undefined) {
      writeFileSync(path, text.slice(0, at) + e.replace + text.slice(at + e.anchor.length));
      continue;
    }
    const cut = e.before ? at : at + e.anchor.length;
    writeFileSync(path, text.slice(0, cut) + e.add + text.slice(cut));
  }
}

/** Copies the repo to dir, applies the integration, builds; returns the path of dist/esp32.js. */
export function buildRouterBundle(dir = `/tmp/router-build-${process.pid}`) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['firmware', 'boards', 'package.json', 'rollup.config.mjs', 'tsconfig.json']) {
    cpSync(join(REPO, f), join(dir, f), { recursive: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  applyEdits(dir);
  execFileSync(join(REPO, 'node_modules', '.bin', 'rollup'), ['-c', 'rollup.config.mjs', '--silent'], { cwd: dir, stdio: 'pipe' });
  const out = join(dir, 'dist', 'esp32.js');
  if (!existsSync(out)) throw new Error('integration build produced no dist/esp32.js');
  return out;
}

/**
 * Builds test/router/espruino-watch.ts (the watcher alone, for Espruino's Linux build) with the
 * repo's own rollup settings into dir; returns the path of the bundle.
 */
export function buildWatcherBundle(dir = `/tmp/router-watch-${process.pid}`) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'boards'), { recursive: true });
  for (const f of ['firmware', 'package.json', 'rollup.config.mjs', 'tsconfig.json']) {
    cpSync(join(REPO, f), join(dir, f), { recursive: true });
  }
  cpSync(join(REPO, 'test', 'router', 'espruino-watch.ts'), join(dir, 'boards', 'watch.ts'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'watch.config.mjs'), "import base from './rollup.config.mjs';\n" +
    "const b = base[0];\nexport default { ...b, input: 'boards/watch.ts', output: { ...b.output, file: 'dist/watch.js' } };\n");
  execFileSync(join(REPO, 'node_modules', '.bin', 'rollup'), ['-c', 'watch.config.mjs', '--silent'], { cwd: dir, stdio: 'pipe' });
  return join(dir, 'dist', 'watch.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(buildRouterBundle(process.argv[2]));
}
