// docs/providers.md is generated from the catalog and notes.json by tools/gen-provider-table.mjs;
// this fails when someone changed either without regenerating it (or edited the doc by hand).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderProviderTable, OUTPUT } from '../../tools/gen-provider-table.mjs';
import { lookupService, serviceNames } from '../../firmware/providers/catalog';

test('docs/providers.md is what tools/gen-provider-table.mjs generates', async () => {
  const want = await renderProviderTable();
  const have = readFileSync(OUTPUT, 'utf8');
  assert.ok(have === want,
    'docs/providers.md is out of date: run node tools/gen-provider-table.mjs --write');
});

test('the provider table has one row per catalog entry and notes only for catalog names', async () => {
  const md = await renderProviderTable();
  const names = serviceNames();
  for (const n of names) assert.ok(md.includes('\n| ' + n + ' | '), n + ' has no row');
  const notes = JSON.parse(readFileSync(new URL('../../firmware/providers/notes.json', import.meta.url), 'utf8'));
  for (const n of Object.keys(notes.services)) assert.ok(names.includes(n), 'notes.json: ' + n);
  for (const n of names) {
    const info = lookupService(n)!;
    const row = md.split('\n').find((l) => l.startsWith('| ' + n + ' | '))!;
    const tls = [info.ipv4, info.ipv6].some((u) => u !== undefined && u.startsWith('https:'));
    if (tls) assert.ok(row.includes('TLS not verified on ESP32'), n + ': HTTPS row must warn');
  }
});
