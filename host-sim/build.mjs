// Builds dist/ when it is missing or older than any source, so `npm start` works on a fresh clone;
// and the per-board build layout: dist/<board>/ holds the files exactly as named in the board's
// Storage plus manifest.json {board, files: [{name, bytes, sha1}]} (manifest.json not listed).
import { createHash } from 'node:crypto';
import { existsSync, statSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export const MANIFEST = 'manifest.json';
const STORAGE_NAME_MAX = 28; // longer names are silently cut on the board (jsflash.c)

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

/** The directory of a board's build: what goes into its Storage, one file per Storage name. */
export function buildDir(board, root = 'dist') {
  return join(root, board);
}

export function sha1Hex(bytes) {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Writes dir/manifest.json listing every other file of dir; returns the manifest. */
export function writeManifest(dir, board) {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== MANIFEST).map((e) => e.name).sort();
  const files = names.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return { name, bytes: bytes.length, sha1: sha1Hex(bytes) };
  });
  const manifest = { board, files };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/**
 * Reads a build directory: {board, dir, files: [{name, bytes, sha1, data}]} in manifest order,
 * `data` the file's bytes (a Buffer). Throws when a file does not match the manifest (a stale
 * or half-written build must not reach a board) or cannot be a Storage name.
 */
export function readBuild(dir) {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new Error(`no ${MANIFEST} in ${dir}`);
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  if (!manifest || !Array.isArray(manifest.files)) throw new Error(`${path}: no files list`);
  const files = manifest.files.map((f) => {
    const name = String(f.name);
    if (!name || name.length > STORAGE_NAME_MAX) throw new Error(`${path}: "${name}" is not a Storage name (1-${STORAGE_NAME_MAX} chars)`);
    const data = readFileSync(join(dir, name));
    const sha1 = sha1Hex(data);
    if (data.length !== f.bytes || sha1 !== f.sha1) throw new Error(`${join(dir, name)} does not match ${MANIFEST} (rebuild)`);
    if (!data.length) throw new Error(`${join(dir, name)} is empty: Storage cannot hold a zero-length file`);
    return { name, bytes: data.length, sha1, data };
  });
  return { board: manifest.board, dir, files };
}

/**
 * The order files go to a board: everything else first (by name), `.bootcde` last.
 * Why this order is the safer one: a flash cut half-way (power, cable, Wi-Fi) leaves the files
 * written so far. The core is the only file that runs by itself at boot; modules run only when
 * it require()s them. Written last, the core stays the old, whole one until every module it
 * may need is in place, so a cut during the modules leaves a core that boots (and the console
 * to flash again), at worst meeting a module newer than itself; written first, a cut would
 * leave a new core with old or half-written modules. A cut during the core's own write leaves
 * a torn core either way. Whatever was cut, flashing again repairs it: each file is compared by
 * SHA-1, so exactly the missing and torn files are uploaded again.
 */
export function flashOrder(files) {
  const rank = (f) => (f.name === '.bootcde' ? 1 : 0);
  return [...files].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
