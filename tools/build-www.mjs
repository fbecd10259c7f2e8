#!/usr/bin/env node
// Builds the board's web page: web/index.html with web/style.css and web/app.js inlined (one
// request for the whole page), minified, gzip-compressed into dist/www.gz. The board stores it
// as the Storage file www.gz and sends it as is with Content-Encoding: gzip. The provider table
// (what each option means per provider, retired ones, API providers not in this firmware) is
// put into the page here, from the same rows as docs/providers.md: it costs the board flash,
// never RAM.
//
//   node tools/build-www.mjs [--out dist/www.gz]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { minify } from 'terser';
import { providerRows } from './gen-provider-table.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Comments and runs of whitespace out of the stylesheet.
function minifyCss(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{};:,>])\s*/g, '$1')
    .replace(/;}/g, '}').trim();
}

// Whitespace between tags out of the HTML (the page has no <pre> in its markup).
function minifyHtml(html) {
  return html.replace(/>\s+</g, '><').replace(/\s{2,}/g, ' ').trim();
}

// The page as one HTML text with its stylesheet and script inside.
export async function buildPage(dir = join(root, 'web')) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const css = minifyCss(readFileSync(join(dir, 'style.css'), 'utf8'));
  const { rows } = await providerRows();
  // name -> [kind (url, api, retired), on the board 1/0, IPv6 yes/no, username, password, domain,
  // params, notes]: the page's help for the chosen provider
  const table = {};
  for (const r of rows) {
    const x = r.row;
    table[x[0]] = [r.kind, r.onBoard ? 1 : 0, x[2], x[4], x[5], x[6], x[7], x[8]];
  }
  const src = readFileSync(join(dir, 'app.js'), 'utf8');
  const marker = 'var PROVIDERS = {};';
  if (!src.includes(marker)) throw new Error('web/app.js must hold the line ' + marker);
  const js = (await minify(src.replace(marker, () => 'var PROVIDERS = ' + JSON.stringify(table) + ';'), {
    ecma: 2017, compress: { passes: 2 }, mangle: { toplevel: true }, format: { ascii_only: true },
  })).code.replace(/<\/script/gi, '<\\/script');
  const link = '<link rel="stylesheet" href="style.css">';
  const tag = '<script src="app.js"></script>';
  if (!html.includes(link) || !html.includes(tag)) throw new Error('web/index.html must reference style.css and app.js');
  return minifyHtml(html).replace(link, () => `<style>${css}</style>`).replace(tag, () => `<script>${js}</script>`);
}

async function main() {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? process.argv[i + 1] : join(root, 'dist', 'www.gz');
  const page = await buildPage();
  const gz = gzipSync(Buffer.from(page, 'utf8'), { level: constants.Z_BEST_COMPRESSION });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz);
  console.log(`www.gz: ${page.length} bytes of page, ${gz.length} bytes gzip -> ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => { console.error(`build-www: ${e.message}`); process.exit(1); });
}
