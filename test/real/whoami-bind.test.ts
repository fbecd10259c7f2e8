// ip_source dns against a real BIND9 on loopback that serves the three "what is my address"
// names from local zones, as the services publish them: myip.opendns.com A, o-o.myaddr.l.google.com
// TXT, and whoami.cloudflare TXT in class CH (a CHAOS view: BIND keeps each class in its own
// view). First the module's askMyIp through Node ports, then the built bundle in the simulator.
// Fails (does not skip) when named is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAMED, freePort } from './bind-server';
import { nodeUdpPort } from './node-ports';
import { askMyIp } from '../../firmware/dns/myip';
import { section } from '../sim/harness.mjs';
import { vscenario, at } from '../sim/kit.mjs';

const ADDR = '203.0.113.45';
let port = 0;
let dir = '';
let child: ChildProcess | null = null;
let output = '';

function zone(origin: string, cls: string, records: string[]): string {
  return ['$ORIGIN ' + origin + '.', '$TTL 0',
    '@ ' + cls + ' SOA ns.' + origin + '. hostmaster.' + origin + '. 1 3600 600 86400 0',
    '@ ' + cls + ' NS ns.' + origin + '.', ...records].join('\n') + '\n';
}

before(async () => {
  if (!existsSync(NAMED)) throw new Error(NAMED + ' not found: install BIND9 (Debian/Ubuntu: apt-get install bind9)');
  dir = await mkdtemp(join(tmpdir(), 'ddns-whoami-'));
  port = await freePort();
  await writeFile(join(dir, 'opendns.db'), zone('opendns.com', 'IN', ['ns IN A 127.0.0.1', 'myip IN A ' + ADDR]));
  await writeFile(join(dir, 'google.db'), zone('l.google.com', 'IN', ['ns IN A 127.0.0.1', 'o-o.myaddr IN TXT "' + ADDR + '"']));
  await writeFile(join(dir, 'cloudflare.db'), zone('cloudflare', 'CH', ['ns CH A ns 1', 'whoami CH TXT "' + ADDR + '"']));
  const q = (s: string) => '"' + s + '"';
  const primary = (name: string, cls: string, file: string) =>
    '  zone ' + q(name) + ' ' + cls + ' { type primary; file ' + q(join(dir, file)) + '; };';
  await writeFile(join(dir, 'named.conf'), [
    'options {', '  directory ' + q(dir) + ';', '  pid-file ' + q(join(dir, 'named.pid')) + ';',
    '  lock-file ' + q(join(dir, 'named.lock')) + ';', '  session-keyfile ' + q(join(dir, 'session.key')) + ';',
    '  managed-keys-directory ' + q(dir) + ';', '  listen-on port ' + port + ' { 127.0.0.1; };',
    '  listen-on-v6 { none; };', '  recursion no;', '  allow-query { any; };', '  dnssec-validation no;',
    '  notify no;', '};', 'controls { };',
    'view "in" IN {', primary('opendns.com', 'IN', 'opendns.db'), primary('l.google.com', 'IN', 'google.db'), '};',
    'view "chaos" CH {', '  match-clients { any; };', primary('cloudflare', 'CH', 'cloudflare.db'), '};',
  ].join('\n') + '\n');
  child = spawn(NAMED, ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await ask('opendns').then((r) => r.ip === ADDR)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('named did not serve the zones:\n' + output);
});

after(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

function ask(kind: string, server = '127.0.0.1'): Promise<{ err: string | null; ip?: string }> {
  return new Promise((resolve) => askMyIp({ udp: nodeUdpPort(), kind, server, port, timeoutMs: 500, random: Math.random },
    (err, ip) => resolve({ err, ip })));
}

test('askMyIp reads each service\'s answer from BIND9: A, TXT, and TXT in class CH', async () => {
  for (const kind of ['opendns', 'google', 'cloudflare']) {
    assert.deepEqual(await ask(kind), { err: null, ip: ADDR }, kind);
  }
});

test('askMyIp: an unknown kind and a silent server are errors, not addresses', async () => {
  assert.equal((await ask('quad9')).err, 'badkind');
  const silent = await freePort();
  const r = await new Promise<{ err: string | null; ip?: string }>((resolve) => askMyIp({ udp: nodeUdpPort(), kind: 'opendns',
    server: '127.0.0.1', port: silent, timeoutMs: 300, random: Math.random }, (err, ip) => resolve({ err, ip })));
  assert.deepEqual(r, { err: 'timeout', ip: undefined });
});

test('the built bundle updates with the address BIND9 gives (ip_source dns)', async (t) => {
  const list = ['cloudflare', 'google', 'opendns'].map((k) => k + '@127.0.0.1:' + port).join(' ');
  const s = await vscenario({ config: (w: any) => ({ service: { myddns: section(w, { ip_source: 'dns', ip_dns: list,
    check_interval: '30', check_unit: 'seconds' }) } }) });
  t.after(() => s.close());
  await at(s.board, 2 * 60000);
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, ADDR);
  assert.doesNotMatch(s.board.output, /ip_dns .* failed/, 'every service answered: ' + s.board.output.slice(-500));
});
