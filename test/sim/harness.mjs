// Scenario harness: the built dist/esp32 (core and modules) on a SimBoard in a world on loopback.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';

export const DOMAIN = 'home.example.com';
export const PASSWORD = 'S3cret-pa$$word';


/** A dyndns2 section for this world; override options with `opts`. */
export function section(world, opts = {}) {
  return {
    enabled: '1',
    update_url: world.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') +
      '/nic/update?hostname=[DOMAIN]&myip=[IP]',
    domain: DOMAIN,
    lookup_host: DOMAIN,
    username: 'demo',
    password: PASSWORD,
    ip_source: 'network',
    dns_server: '127.0.0.1:' + world.dns.port,
    ...opts,
  };
}

/**
 * Starts a world and a board running the bundle with the config that `config(world)` returns.
 * registered: the address DNS has before the board boots (null: no record).
 */
export async function scenario({ config, registered = '192.0.2.1', ip = '198.51.100.10', time = 'real',
  board: kind = 'esp32', flashDir, boot = true, extraHosts = [], boardOpts = () => ({}) } = {}) {
  const world = await startWorld({
    users: { demo: { password: PASSWORD, hosts: [DOMAIN, ...extraHosts] } },
    hosts: registered ? [{ name: DOMAIN, type: 'A', value: registered }] : [],
    checkIp: '203.0.113.50',
    zones: ['example.com'],
    duckdns: { tokens: { 'duck-token': ['home'] }, zone: 'duckdns.org' },
  });
  const dir = flashDir || mkdtempSync(join(tmpdir(), 'ddns-sim-'));
  const board = new SimBoard({
    board: kind, flashDir: dir, time,
    net: kind === 'esp32' ? { ip, gw: '127.0.0.1', netmask: '255.255.255.0' } : null,
    ...boardOpts(world),
  });
  board.flashBuild(`dist/${kind}`);
  board.storage.write('ddns.json', JSON.stringify(config(world)));
  if (boot) await board.boot();
  return {
    world, board, dir,
    updates: () => world.dyndns2.requests.filter((r) => r.path === '/nic/update'),
    async close() {
      await board.stop();
      await world.close();
      if (!flashDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
