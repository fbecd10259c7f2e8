#!/usr/bin/env node
// Builds the board's web page: web/index.html with web/style.css and web/app.js inlined (one
// request for the whole page), minified, gzip-compressed into dist/www.gz. The board stores it
// as the Storage file www.gz and sends it as is with Content-Encoding: gzip.
//
//   node tools/build-www.mjs [--out dist/www.gz]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { minify } from 'terser';

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
  const js = (await minify(readFileSync(join(dir, 'app.js'), 'utf8'), {
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
