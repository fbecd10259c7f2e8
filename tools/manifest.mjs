#!/usr/bin/env node
// After rollup and the page build: completes dist/<board>/ for every board (the feature modules
// are built once into dist/esp32 and are the same everywhere; www.gz is the page) and writes
// dist/<board>/manifest.json: every file that goes into Storage with its bytes and SHA-1, which
// `npm run flash` compares with what the board reports, and `npm run bench` prints.
import { readdirSync, copyFileSync, existsSync } from 'node:fs';
import { buildDir, writeManifest } from '../host-sim/build.mjs';

const modules = readdirSync(buildDir('esp32')).filter((n) => n.startsWith('ddns.'));
for (const board of ['esp32', 'linux']) {
  const dir = buildDir(board);
  if (board !== 'esp32') for (const m of modules) copyFileSync(`${buildDir('esp32')}/${m}`, `${dir}/${m}`);
  if (existsSync('dist/www.gz')) copyFileSync('dist/www.gz', `${dir}/www.gz`);
  const m = writeManifest(dir, board);
  console.log(`${dir}: ${m.files.length} files, ${m.files.reduce((n, f) => n + f.bytes, 0)} bytes`);
}
