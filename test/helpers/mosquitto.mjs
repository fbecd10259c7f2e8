// A real mosquitto (Debian package, /usr/sbin/mosquitto) on a loopback port with a temp config,
// for test/real/mqtt.test.ts and test/sim/mqtt.test.mjs. Throws (tests fail, never skip) when
// mosquitto is missing or does not come up.
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';

export const MOSQUITTO = '/usr/sbin/mosquitto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A loopback port nobody listens on right now. */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const p = srv.address().port;
  await new Promise((r) => srv.close(r));
  return p;
}

/** Does something accept TCP connections on 127.0.0.1:port? */
export function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/**
 * Starts mosquitto on 127.0.0.1:port (no persistence: a restart loses retained messages).
 * users: { name: password } switches anonymous access off and writes a password file.
 * Returns { port, log(), stop({ kill }) }: stop sends SIGTERM, or SIGKILL with kill: true (a
 * crash: no clean shutdown); either way it resolves once the process is gone and the port free.
 */
export async function startMosquitto(port, { users } = {}) {
  if (!fs.existsSync(MOSQUITTO)) throw new Error(MOSQUITTO + ' is missing (apt-get install mosquitto)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddns-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  let text = 'listener ' + port + ' 127.0.0.1\npersistence false\nlog_dest stderr\n';
  if (process.getuid && process.getuid() === 0) text += 'user root\n';
  if (users) {
    const pw = path.join(dir, 'passwd');
    let first = true;
    for (const [u, p] of Object.entries(users)) {
      execFileSync('mosquitto_passwd', first ? ['-c', '-b', pw, u, p] : ['-b', pw, u, p]);
      first = false;
    }
    fs.chmodSync(pw, 0o600);
    text += 'allow_anonymous false\npassword_file ' + pw + '\n';
  } else {
    text += 'allow_anonymous true\n';
  }
  fs.writeFileSync(conf, text);
  const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d.toString(); });
  const exited = new Promise((r) => proc.on('exit', () => r()));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const end = Date.now() + 5000;
  while (!(await portOpen(port))) {
    if (Date.now() > end || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      await exited;
      cleanup();
      throw new Error('mosquitto did not start on port ' + port + ': ' + log);
    }
    await sleep(30);
  }
  return {
    port,
    log: () => log,
    async stop({ kill = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(kill ? 'SIGKILL' : 'SIGTERM');
      await exited;
      cleanup();
    },
  };
}
