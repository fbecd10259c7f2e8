#!/usr/bin/env node
// Generates the README's provider table (docs/providers.md) from the firmware's catalog
// (firmware/providers/catalog.ts), the API providers' rows (firmware/providers/registry.ts), both
// imported through tsx, and the URL providers' notes (firmware/providers/notes.json), so the
// documentation cannot drift from what the board actually sends.
//
//   node tools/gen-provider-table.mjs          prints the markdown
//   node tools/gen-provider-table.mjs --write  writes docs/providers.md
//
// test/unit/provider-table.test.ts fails when docs/providers.md is not what this prints.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CATALOG = path.join(ROOT, 'firmware/providers/catalog.ts');
const NOTES = path.join(ROOT, 'firmware/providers/notes.json');
const REGISTRY = path.join(ROOT, 'firmware/providers/registry.ts');
const PEER = path.join(ROOT, 'firmware/providers/ddns-updater.json');
export const OUTPUT = path.join(ROOT, 'docs/providers.md');

const TLS = 'yes: TLS not verified on ESP32';

// Where a placeholder appears in the templates: in the user:pass@ part, elsewhere, or both.
function placement(templates, ph) {
  let auth = false;
  let rest = false;
  for (const t of templates) {
    const s = t.indexOf('://') + 3;
    let e = t.length;
    for (const c of ['/', '?']) {
      const i = t.indexOf(c, s);
      if (i >= 0 && i < e) e = i;
    }
    const at = t.lastIndexOf('@', e);
    const user = at >= s ? t.substring(s, at) : '';
    if (user.includes(ph)) auth = true;
    if ((t.substring(0, s) + t.substring(at >= s ? at + 1 : s)).includes(ph)) rest = true;
  }
  return { auth, rest };
}

// What a credential option means for a URL provider, derived from its templates.
function credential(templates, ph, what) {
  const p = placement(templates, ph);
  if (p.auth && p.rest) return what + ' (Basic auth and query)';
  if (p.auth) return what + ' (Basic auth)';
  if (p.rest) return what;
  return 'not used';
}

// The param_enc / param_opt column of an API provider, from what its row says they mean.
function apiParams(says) {
  const e = says.param_enc;
  const o = says.param_opt;
  if (e && o && e === o) return 'param_enc or param_opt: ' + e;
  const out = [];
  if (e) out.push('param_enc: ' + e);
  if (o) out.push('param_opt: ' + o);
  return out.length ? out.join('; ') : 'not used';
}

// The Notes column's start for an API provider: where its code is and what it needs.
function apiNote(row) {
  if (!row.module) {
    return 'API provider `' + row.key + '`: not in this firmware' + (row.note ? ': ' + row.note : ' yet') +
      ' (a section that uses it is refused when the config is checked).';
  }
  const need = row.need.map((n) => n.split('|').join(' or ')).join(', ');
  return 'API provider `' + row.key + '`, on the board. Needs ' + need + '.' + (row.note ? ' ' + row.note : '');
}

// Markdown table cell: no pipes or newlines of its own.
function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

// One row per catalog name: [name, IPv4, IPv6, HTTPS, username, password, domain, params,
// notes], plus what the web page needs to know (retired, API key, on the board); and the old
// names. The docs table and the page's provider help (tools/build-www.mjs) read the same rows.
export async function providerRows() {
  const cat = await tsImport(pathToFileURL(CATALOG).href, import.meta.url);
  const notes = JSON.parse(readFileSync(NOTES, 'utf8')).services;
  const { apiRow } = await tsImport(pathToFileURL(REGISTRY).href, import.meta.url);
  const names = cat.serviceNames();
  const aliases = cat.serviceAliases();
  for (const n of Object.keys(notes)) {
    if (!names.includes(n)) throw new Error('notes.json: ' + n + ' is not a catalog name');
    if (cat.lookupService(n).api) throw new Error('notes.json: ' + n + ' is an API provider: its docs are its registry row');
  }
  const oldNames = {};
  for (const [from, to] of aliases) (oldNames[to] = oldNames[to] || []).push(from);

  let nUrl = 0;
  let nApi = 0;
  let nRetired = 0;
  const rows = [];
  for (const name of names) {
    const info = cat.lookupService(name);
    const n = notes[name] || {};
    let kind = 'url';
    let onBoard = true;
    const yes = (v6) => (cat.supportsIpVersion(name, v6) ? 'yes' : 'no');
    let row;
    if (info.retired) {
      nRetired++;
      kind = 'retired';
      row = [name, '-', '-', '-', '-', '-', '-', '-', 'Retired: ' + info.retired];
    } else if (info.api) {
      nApi++;
      const r = apiRow(info.api);
      if (!r) throw new Error(name + ': no row for API provider ' + info.api + ' in ' + path.relative(ROOT, REGISTRY));
      kind = 'api';
      onBoard = !!r.module;
      const see = 'see API ' + info.api;
      row = [name, yes(false), yes(true), r.https || (r.module ? TLS : 'set by the API'),
        r.says.username || see, r.says.password || see, r.says.domain || see, apiParams(r.says), apiNote(r)];
    } else {
      nUrl++;
      const t = [info.ipv4, info.ipv6].filter(Boolean);
      const all = t.join(' ');
      const https = t.some((u) => u.startsWith('https:'));
      const params = [];
      if (all.includes('[PARAMENC]')) params.push('param_enc (URL-encoded)');
      if (all.includes('[PARAMOPT]')) params.push('param_opt (as is)');
      row = [name, yes(false), yes(true), n.https || (https ? TLS : 'no'),
        n.username || credential(t, '[USERNAME]', 'user name'),
        n.password || credential(t, '[PASSWORD]', 'password'),
        n.domain || (all.includes('[DOMAIN]') ? 'host name to update' : 'not sent (DNS check only)'),
        n.params || (params.length ? params.join(', ') : 'not used'),
        ''];
    }
    const extra = [];
    if (row[8]) extra.push(row[8]);
    if (n.note) extra.push(n.note);
    if (oldNames[name]) extra.push('Old names: ' + oldNames[name].join(', ') + '.');
    row[8] = extra.join(' ');
    rows.push({ row, kind, onBoard });
  }
  return { rows, aliases, cat, apiRow, counts: { names: names.length, url: nUrl, api: nApi, retired: nRetired } };
}

// The --write run and the up-to-date test need the same text: the markdown of docs/providers.md.
export async function renderProviderTable() {
  const { rows: all, aliases, cat, apiRow, counts } = await providerRows();
  const names = { length: counts.names };
  const nUrl = counts.url;
  const nApi = counts.api;
  const nRetired = counts.retired;
  const rows = all.map((r) => '| ' + r.row.map(cell).join(' | ') + ' |');

  const out = [];
  out.push('# Providers');
  out.push('');
  out.push('<!-- Generated by tools/gen-provider-table.mjs from firmware/providers/catalog.ts,');
  out.push('     firmware/providers/registry.ts and firmware/providers/notes.json.');
  out.push('     Do not edit: run node tools/gen-provider-table.mjs --write -->');
  out.push('');
  out.push('Every provider of OpenWrt\'s ddns-scripts 2.8.4, plus those the OpenWrt DDNS wiki page lists '
    + 'that are gone and those ddns-updater has that ddns-scripts lacks ([ddns-updater](#ddns-updater) '
    + 'lists all of ddns-updater\'s). ' + names.length + ' names: ' + nUrl + ' URL providers, ' + nApi
    + ' API providers, ' + nRetired + ' retired.');
  out.push('');
  out.push('- `service_name` is the exact, case-sensitive name below, as in ddns-scripts. A provider '
    + 'that is not listed works with an empty `service_name` and your own `update_url`.');
  out.push('- In URL templates, `[USERNAME]` and `[PASSWORD]` are URL-encoded (every character but '
    + '`A-Z a-z 0-9 - _ . ~` becomes `%XX`), `[DOMAIN]` and `[IP]` are sent as is, `[PARAMENC]` is '
    + 'URL-encoded, `[PARAMOPT]` is sent as is.');
  out.push('- "Basic auth": credentials the template writes as `user:pass@` are sent in an '
    + '`Authorization: Basic` header (the board\'s HTTP client does not understand `user:pass@`).');
  out.push('- HTTPS: `' + TLS + '` means the request is encrypted but the board never checks the '
    + 'server\'s certificate, so it cannot tell the provider from an impostor. `use_https 1` '
    + 'turns `http://` into `https://` for any provider.');
  out.push('- `domain` is also the name the DNS check looks up, unless `lookup_host` is set.');
  out.push('- API providers need code instead of a URL. For those on the board the columns say what '
    + 'each option means to it and the notes which options it needs: a section without them is '
    + 'refused when the config is checked, naming the option.');
  out.push('');
  out.push('| Service | IPv4 | IPv6 | HTTPS | username | password | domain | param_enc / param_opt | Notes |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  out.push(...rows);
  out.push('');
  out.push('## Old names');
  out.push('');
  out.push('These names from older ddns-scripts and the wiki still work and mean the current entry:');
  out.push('');
  out.push('| Old name | Current name |');
  out.push('|---|---|');
  for (const [from, to] of aliases) out.push('| ' + cell(from) + ' | ' + cell(to) + ' |');
  out.push('');
  out.push(...peerSection(cat, apiRow));
  return out.join('\n');
}

// What a catalog entry is on this firmware, in a few words, for the ddns-updater list.
function status(cat, apiRow, name) {
  const info = cat.lookupService(name);
  if (!info) throw new Error('ddns-updater.json: ' + name + ' is not a catalog name');
  if (info.retired) return 'not supported: ' + info.retired;
  if (!info.api) return 'URL provider';
  const r = apiRow(info.api);
  return r && r.module ? 'API provider `' + info.api + '`, on the board'
    : 'API provider `' + info.api + '`: not in this firmware yet';
}

// The ddns-updater section: each of its providers, the service_name that serves it here and
// that entry's status (from firmware/providers/ddns-updater.json, checked against the catalog).
function peerSection(cat, apiRow) {
  const peer = JSON.parse(readFileSync(PEER, 'utf8')).providers;
  const out = [];
  out.push('## ddns-updater');
  out.push('');
  out.push('Every provider of ddns-updater (qdm12/ddns-updater) and the `service_name` that serves it '
    + 'here, with its status on this firmware (the table above has its options). '
    + Object.keys(peer).length + ' providers.');
  out.push('');
  out.push('| ddns-updater | service_name | Status | Notes |');
  out.push('|---|---|---|---|');
  for (const k of Object.keys(peer).sort()) {
    const p = peer[k];
    const st = p.service ? status(cat, apiRow, p.service) : 'supported without a catalog entry';
    out.push('| ' + [k, p.service || '-', st, p.note || ''].map(cell).join(' | ') + ' |');
  }
  out.push('');
  return out;
}

async function main() {
  const md = await renderProviderTable();
  if (process.argv.includes('--write')) {
    mkdirSync(path.dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, md);
    process.stdout.write('wrote ' + path.relative(ROOT, OUTPUT) + '\n');
  } else {
    process.stdout.write(md);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
  });
}
