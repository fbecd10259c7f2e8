// Runs a real BIND9 (named) for one zone on 127.0.0.1 at a free port, in a fresh temp dir,
// so the firmware's DNS code meets a real server (and later, TSIG-signed updates).
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

export const NAMED = '/usr/sbin/named';

export interface BindRecord {
  /** relative to the zone ('www', '@') or absolute with a trailing dot */
  name: string;
  type: string;
  /** zone-file rdata, e.g. '192.0.2.1', '2001:db8::1', 'target.example.test.' */
  data: string;
  ttl?: number;
}

export interface BindKey { name: string; secret: string; algorithm: 'hmac-sha256'; }

export interface BindOpts { zone: string; records: BindRecord[]; tsigKey?: BindKey; }

export interface BindServer {
  port: number;
  dir: string;
  /** everything named wrote to stdout/stderr so far (-g logs there) */
  log(): string;
  stop(): Promise<void>;
}

function bindPort(port: number, udp: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    if (udp) {
      const s = dgram.createSocket('udp4');
      s.once('error', (e) => { s.close(); reject(e); });
      s.bind(port, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    } else {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    }
  });
}

// A port free for both UDP and TCP on 127.0.0.1: take one from the kernel for UDP, check TCP.
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await bindPort(0, true);
    try {
      await bindPort(p, false);
      return p;
    } catch (e) {
      // taken for TCP: try another
    }
  }
  throw new Error('no free port for UDP and TCP');
}

function zoneFile(zone: string, records: BindRecord[]): string {
  const lines = [
    '$ORIGIN ' + zone + '.',
    '$TTL 300',
    '@ IN SOA ns.' + zone + '. hostmaster.' + zone + '. 1 3600 600 86400 60',
    '@ IN NS ns.' + zone + '.',
  ];
  if (!records.some((r) => r.name === 'ns' && r.type.toUpperCase() === 'A')) {
    lines.push('ns IN A 127.0.0.1');
  }
  for (const r of records) {
    lines.push(r.name + ' ' + (r.ttl === undefined ? '' : r.ttl + ' ') + 'IN ' + r.type + ' ' + r.data);
  }
  return lines.join('\n') + '\n';
}

function namedConf(dir: string, port: number, opts: BindOpts): string {
  const q = (s: string) => '"' + s + '"';
  const key = opts.tsigKey;
  return [
    'options {',
    '  directory ' + q(dir) + ';',
    '  pid-file ' + q(join(dir, 'named.pid')) + ';',
    '  lock-file ' + q(join(dir, 'named.lock')) + ';',
    '  session-keyfile ' + q(join(dir, 'session.key')) + ';',
    '  managed-keys-directory ' + q(dir) + ';',
    '  dump-file ' + q(join(dir, 'cache.db')) + ';',
    '  statistics-file ' + q(join(dir, 'stats')) + ';',
    '  listen-on port ' + port + ' { 127.0.0.1; };',
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  allow-query { any; };',
    '  dnssec-validation no;',
    '  notify no;',
    '};',
    // no rndc control channel: it would fight over 127.0.0.1:953 with other instances
    'controls { };',
    key ? 'key ' + q(key.name) + ' { algorithm ' + key.algorithm + '; secret ' + q(key.secret) + '; };' : '',
    'zone ' + q(opts.zone) + ' {',
    '  type primary;',
    '  file ' + q(join(dir, 'zone.db')) + ';',
    '  journal ' + q(join(dir, 'zone.db.jnl')) + ';',
    key ? '  allow-update { key ' + q(key.name) + '; };' : '  allow-update { none; };',
    '};',
  ].join('\n') + '\n';
}

// One SOA query over UDP (recursion desired, so a resolver answers too); resolves true when
// named answers for the zone.
export function probe(port: number, zone: string, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const done = (ok: boolean) => { clearTimeout(t); s.close(); resolve(ok); };
    const t = setTimeout(() => done(false), 300);
    s.on('error', () => done(false));
    s.on('message', (m) => {
      try {
        const p = dnsPacket.decode(m);
        done(p.rcode === 'NOERROR' && p.answers.some((a: any) => a.type === 'SOA'));
      } catch (e) {
        done(false);
      }
    });
    s.send(dnsPacket.encode({ type: 'query', id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'SOA', name: zone }] }),
      port, host);
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

// Starts named in the foreground (-g) and resolves once it serves the zone (at most 10 s).
// Fails loudly when BIND is not installed: the real-server tests must not pass silently.
export async function startBind(opts: BindOpts): Promise<BindServer> {
  if (!existsSync(NAMED)) {
    throw new Error(NAMED + ' not found: install BIND9 (Debian/Ubuntu: apt-get install bind9)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'ddns-bind-'));
  const port = await freePort();
  const conf = join(dir, 'named.conf');
  await writeFile(join(dir, 'zone.db'), zoneFile(opts.zone, opts.records));
  await writeFile(conf, namedConf(dir, port, opts));
  // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker; as root no -u is given,
  // so named keeps running as root and can write the journal in the temp dir.
  const child = spawn(NAMED, ['-g', '-4', '-n', '1', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d.toString(); });
  child.stderr!.on('data', (d) => { output += d.toString(); });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (!exited(child)) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    }
  };
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (exited(child)) { break; }
    if (await probe(port, opts.zone)) {
      return { port, dir, log: () => output, stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const why = exited(child) ? 'named exited (' + (child.exitCode ?? child.signalCode) + ')' :
    'named did not answer within 10 s';
  await stop();
  throw new Error(why + '\n' + output);
}
