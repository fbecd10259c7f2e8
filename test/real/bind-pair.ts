// Two real BIND9 (named) on port 53 of two loopback addresses of their own (added to lo while
// they run, as named serves only interface addresses), as on the internet:
// the zone's authoritative server (TSIG updates allowed), and a caching resolver that reaches
// the zone through a static-stub (it asks that server without recursion and caches the answers
// for their TTL, as an ISP's or a router's resolver does). Port 53 needs root.
import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAMED, probe } from './bind-server';

export interface Named { ip: string; dir: string; log(): string; stop(): Promise<void>; }

const q = (s: string) => '"' + s + '"';

// The options every instance shares: files in its temp dir, one address, no rndc channel.
function options(dir: string, ip: string, extra: string[]): string[] {
  return ['options {', '  directory ' + q(dir) + ';', '  pid-file ' + q(join(dir, 'named.pid')) + ';',
    '  lock-file ' + q(join(dir, 'named.lock')) + ';', '  session-keyfile ' + q(join(dir, 'session.key')) + ';',
    '  managed-keys-directory ' + q(dir) + ';', '  listen-on port 53 { ' + ip + '; };', '  listen-on-v6 { none; };',
    '  allow-query { any; };', '  dnssec-validation no;', '  notify no;', ...extra, '};', 'controls { };'];
}

// Starts named with conf on a free random 127.x.y.z (tried again when the address is taken) and
// waits until it answers for zone (10 s at most). files: more files for its dir (zone files).
async function startNamed(conf: (dir: string, ip: string) => string, zone: string,
  files: (ip: string) => Record<string, string> = () => ({})): Promise<Named> {
  if (!existsSync(NAMED)) throw new Error(NAMED + ' not found: install BIND9 (Debian/Ubuntu: apt-get install bind9)');
  let why = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const ip = '127.' + (1 + Math.floor(Math.random() * 250)) + '.' + Math.floor(Math.random() * 256) + '.' + (2 + Math.floor(Math.random() * 250));
    // named listens only on addresses an interface has: the address goes on lo while it runs
    try { execFileSync('ip', ['addr', 'add', ip + '/32', 'dev', 'lo'], { stdio: 'pipe' }); } catch (e) { why = String(e); continue; }
    const unalias = () => { try { execFileSync('ip', ['addr', 'del', ip + '/32', 'dev', 'lo'], { stdio: 'pipe' }); } catch (e) { /* gone */ } };
    const dir = await mkdtemp(join(tmpdir(), 'ddns-named-'));
    for (const [f, text] of Object.entries(files(ip))) await writeFile(join(dir, f), text);
    await writeFile(join(dir, 'named.conf'), conf(dir, ip));
    const child: ChildProcess = spawn(NAMED, ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => { out += d.toString(); });
    child.stderr!.on('data', (d) => { out += d.toString(); });
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    const stop = async () => {
      if (!exited()) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(killer);
      }
      unalias();
      await rm(dir, { recursive: true, force: true });
    };
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && !exited()) {
      if (await probe(53, zone, ip)) return { ip, dir, log: () => out, stop };
      await new Promise((r) => setTimeout(r, 100));
    }
    why = out;
    await stop();
  }
  throw new Error('named did not start on port 53 of a new loopback address (it needs root):\n' + why);
}

export interface BindPair { auth: Named; resolver: Named; update(name: string, ip: string, ttl: number): void; stop(): Promise<void>; }

// The zone (records: zone-file lines after SOA and NS) on its server, the resolver in front.
export async function startBindPair(zone: string, records: string[], key: { name: string; secret: string }): Promise<BindPair> {
  const auth = await startNamed((dir, ip) => [...options(dir, ip, ['  recursion no;']),
    'key ' + q(key.name) + ' { algorithm hmac-sha256; secret ' + q(key.secret) + '; };',
    'zone ' + q(zone) + ' { type primary; file ' + q(join(dir, 'zone.db')) + '; journal ' + q(join(dir, 'zone.jnl')) + ';',
    '  allow-update { key ' + q(key.name) + '; }; };'].join('\n'), zone,
    (ip) => ({ 'zone.db': ['$ORIGIN ' + zone + '.', '$TTL 3600', '@ IN SOA ns1 hostmaster 1 3600 600 86400 60',
      '@ IN NS ns1', 'ns1 IN A ' + ip, ...records].join('\n') + '\n' }));
  let resolver: Named;
  try {
    resolver = await startNamed((dir, ip) => [...options(dir, ip, ['  recursion yes;', '  allow-recursion { any; };']),
      'zone ' + q(zone) + ' { type static-stub; server-addresses { ' + auth.ip + '; }; };'].join('\n'), zone);
  } catch (e) {
    await auth.stop();
    throw e;
  }
  return {
    auth, resolver,
    // what the provider does when it accepts an update: the zone's record changes (nsupdate, TSIG)
    update(name, ip, ttl) {
      execFileSync('nsupdate', ['-y', 'hmac-sha256:' + key.name + ':' + key.secret], {
        input: 'server ' + auth.ip + ' 53\nupdate delete ' + name + ' A\nupdate add ' + name + ' ' + ttl + ' A ' + ip + '\nsend\n',
        timeout: 5000 });
    },
    async stop() { await resolver.stop(); await auth.stop(); },
  };
}

// What one server answers for name A (dig +short, with or without recursion).
export function dig(ip: string, name: string, recurse: boolean): string {
  return execFileSync('dig', ['@' + ip, '-p', '53', name, 'A', '+short', '+time=2', '+tries=1', recurse ? '+rec' : '+norec'],
    { encoding: 'utf8', timeout: 5000 }).trim();
}
