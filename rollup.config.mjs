// Builds what goes into the board's Storage, per board: dist/<board>/.bootcde (the core, run
// from flash at boot) and one file per feature module, dist/<board>/ddns.<name>, which the core
// loads with require() only when the config uses it (ES5, minified, ASCII). tools/manifest.mjs
// then adds www.gz and manifest.json (name, bytes, sha1 of every file).
//
// TypeScript is compiled once by `tsc -p tsconfig.build.json` into build/js (the npm build
// script runs it first); every bundle here starts from that JavaScript, so the 20-odd bundles
// share one type-check.
import terser from '@rollup/plugin-terser';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paramsPlugin } from './tools/params-to-arguments.mjs';

const JS = 'build/js';
const boards = ['esp32', 'linux'];

// The feature modules: Storage name -> entry (relative to firmware/). Each API provider in
// firmware/providers/api/ (a file exporting update) is a module of its own.
function features() {
  const out = {
    config: 'config/index', console: 'console/index', mqtt: 'mqtt/index', 'mqtt.work': 'mqtt/work', syslog: 'syslog/index',
    sntp: 'sntp/index', router: 'router/index', web: 'web/index', webapi: 'web/api', servers: 'platform/espruino/servers', listeners: 'platform/espruino/listeners', socket: 'platform/espruino/socket',
    webconn: 'platform/espruino/webconn',
    http: 'platform/espruino/httprun', policy: 'section/policy-module', pass: 'section/pass', send: 'section/send', verdict: 'section/verdict', dns: 'dns/client', auth: 'dns/authority', ipdns: 'dns/myip',
    notify: 'notify/index', logfile: 'log/file',
  };
  for (const f of readdirSync('firmware/providers/api').sort()) {
    if (!f.endsWith('.ts')) continue;
    if (/export function update\b/.test(readFileSync(`firmware/providers/api/${f}`, 'utf8'))) {
      out[`api.${f.slice(0, -3)}`] = `providers/api/${f.slice(0, -3)}`;
    }
  }
  return out;
}

// tsc leaves `import { __extends } from 'tslib'`: bundle its ES module build.
const tslib = {
  name: 'tslib',
  resolveId(id) {
    return id === 'tslib' ? fileURLToPath(new URL('./node_modules/tslib/tslib.es6.js', import.meta.url)) : null;
  },
};

// No iife wrapper for the core: its top level is Espruino's root scope. A function object costs
// more variable blocks the more functions enclose it (measured on 2v29, from Storage, per function
// without parameters: 4 blocks at the root, 5 inside one function, 8 inside two). The top-level
// names are then globals, so every mangled name starts with '$': none can shadow an Espruino
// global (E, the pins D0...) or be overwritten by a variable typed at the prompt (i, t, ...).
// A module runs inside the scope Espruino gives it (exports, module); the same names do no harm.
// (get is sent to terser's worker as source text: it must not use anything outside itself)
const dollarNames = {
  get(n) {
    const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const next = first + '0123456789_';
    let s = first[n % first.length];
    let k = Math.floor(n / first.length);
    while (k > 0) { k--; s += next[k % next.length]; k = Math.floor(k / next.length); }
    return '$' + s;
  },
};

const plugins = () => [
  tslib,
  terser({
    ecma: 5,
    // inline 1: deeper inlining makes terser put a var after the return that uses it, and
    // Espruino does not hoist var (the gate's var-before-declaration rule).
    compress: { hoist_funs: true, passes: 3, inline: 1 },
    mangle: { reserved: ['of', 'exports', 'module'], toplevel: true, nth_identifier: dollarNames },
    format: { ascii_only: true },
  }),
  paramsPlugin(),
];

// cjs, not es: the output is a plain script, and es would make terser assume strict-mode module
// code. A core exports nothing; a module assigns to `exports`, which Espruino gives it.
const output = (file) => ({ file, format: 'cjs', freeze: false, strict: false, esModule: false, exports: 'named' });

const core = boards.map((board) => ({
  input: `${JS}/boards/${board}.js`,
  output: output(`dist/${board}/.bootcde`),
  treeshake: { moduleSideEffects: false },
  plugins: plugins(),
}));

// Modules are the same on every board: built once into dist/esp32, copied by tools/manifest.mjs.
const modules = Object.entries(features()).map(([name, entry]) => ({
  input: `${JS}/firmware/${entry}.js`,
  output: output(`dist/esp32/ddns.${name}`),
  treeshake: { moduleSideEffects: false },
  plugins: plugins(),
}));

export default [...core, ...modules];
