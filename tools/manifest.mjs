#!/usr/bin/env node
// After rollup and the page build: completes dist/<board>/ for every board (the feature modules
// are built once into dist/esp32 and are the same everywhere; www.gz is the page) and writes
// dist/<board>/manifest.json: every file that goes into Storage with its bytes and SHA-1, which
// `npm run flash` compares with what the board reports, and `npm run bench` prints.
import { readdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const BOARDS = ['esp32', 'linux'];

// The files of a board directory that go into Storage, core first.
export function storageFiles(dir) {
  const names = readdirSync(dir).filter((n) => n !== 'manifest.json').sort();
  return names.sort((a, b) => (a === '.bootcde' ? -1 : b === '.bootcde' ? 1 : 0));
}

export function manifestOf(dir, board) {
  const files = storageFiles(dir).map((name) => {
    const buf = readFileSync(join(dir, name));
    return { name, bytes: buf.length, sha1: createHash('sha1').update(buf).digest('hex') };
  });
  return { board, files };
}

function main() {
  const modules = readdirSync('dist/esp32').filter((n) => n.startsWith('ddns.'));
  for (const board of BOARDS) {
    const dir = `dist/${board}`;
    if (board !== 'esp32') for (const m of modules) copyFileSync(`dist/esp32/${m}`, `${dir}/${m}`);
    if (existsSync('dist/www.gz')) copyFileSync('dist/www.gz', `${dir}/www.gz`);
    const m = manifestOf(dir, board);
    writeFileSync(`${dir}/manifest.json`, JSON.stringify(m, null, 1) + '\n');
    const total = m.files.reduce((n, f) => n + f.bytes, 0);
    console.log(`${dir}: ${m.files.length} files, ${total} bytes`);
  }
}

main();
