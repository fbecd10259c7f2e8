// Steps 9-12, on the four-section config of step 8: updates in a row (does memory come back?),
// a reboot that must not update, the Wi-Fi reconnect path, the sockets left at the end.
import { command, restart, wifiAddress, wifiSaved, sockets as boardSockets } from './board.mjs';
import { allUpdates, dnsQueries, updatesFor, until, quiet, sleep } from './kit.mjs';
import { HOSTS } from './world.mjs';

// Updates before the reference figure: the RAM log ring (12 lines a section on the ESP32, 50 on
// Linux, 3 a forced update) fills in the first ones, as in npm run bench's figure.
const warmUp = (n) => Math.min(50, Math.ceil(n / 2));
const LEAK_BLOCKS = 20; // what the figure may move by between the warm-up and the end

/** `opts.updates` forced updates of one section, one after the other. */
export async function updatesInARow(ctx) {
  const { link, world } = ctx;
  const n = ctx.opts.updates;
  await quiet(link);
  const idle = await ctx.measure();
  let warm = null;
  const t0 = Date.now();
  let done = 0;
  let failed = null;
  for (let i = 0; i < n && !failed; i++) {
    const before = updatesFor(world, HOSTS.http).length;
    const since = link.output.length;
    command(link, 'force', 'hil_http');
    const r = await until(() => updatesFor(world, HOSTS.http)[before], ctx.opts.updateMs);
    // The board has judged the answer once it says so; then the next one may go.
    const judged = r && await link.waitFor(/update accepted|failed|stopped|retry/, { since, timeoutMs: ctx.opts.updateMs }).catch(() => null);
    if (!r || !judged || !/update accepted/.test(judged[0])) failed = `update ${i + 1}: ${r ? `answer ${JSON.stringify(r.answer)}, board: ${judged ? judged[0] : 'said nothing'}` : 'no request'}`;
    else done++;
    if (done === warmUp(n)) { await quiet(link); warm = await ctx.measure(); }
  }
  const ms = Date.now() - t0;
  await quiet(link);
  const end = await ctx.measure();
  const figures = { 'updates accepted': `${done} of ${n}`, 'per update': done ? `${Math.round(ms / done)} ms` : '-' };
  let leak = null;
  if (idle && end) {
    figures['blocks idle before'] = idle.usage;
    if (warm) figures[`blocks after ${warmUp(n)}`] = warm.usage;
    figures['blocks at the end'] = end.usage;
    if (warm) leak = end.usage - warm.usage;
    figures['end minus idle before'] = end.usage - idle.usage;
  }
  const leakOk = leak === null || Math.abs(leak) <= LEAK_BLOCKS;
  return {
    verdict: !failed && leakOk ? 'pass' : 'fail',
    ms,
    figures,
    note: failed || (leak === null ? 'memory not measured on this board' : `blocks after ${warmUp(n)} updates to the end: ${leak >= 0 ? '+' : ''}${leak} (at most ${LEAK_BLOCKS} allowed: the log ring fills first)`),
  };
}

/** load() with everything registered: the board must read DNS and send nothing. */
export async function reboot(ctx) {
  const t0 = Date.now();
  const r = await restart(ctx.link, { timeoutMs: ctx.opts.bootMs });
  await sleep(ctx.opts.settleMs);
  await quiet(ctx.link);
  const updates = allUpdates(ctx.world, t0).length;
  const tls = ctx.world.https.connections.filter((c) => c.time >= t0 && c.offered).length;
  const questions = Object.values(HOSTS).reduce((n, h) => n + dnsQueries(ctx.world, h, t0).length, 0);
  return {
    verdict: updates === 0 && tls === 0 && questions > 0 ? 'pass' : 'fail',
    ms: r.ms,
    figures: { 'update requests after boot': updates + tls, 'DNS questions after boot': questions, 'watched for': `${ctx.opts.settleMs} ms` },
    note: 'load() to the banner; state kept in flash, so no update, only DNS reads',
  };
}

/**
 * Wi-Fi off and on again with the credentials the board saved (Wifi.restore(): they never leave
 * the board): the 'connected' event must start a check (a DNS read), and an update only if the
 * address changed.
 */
export async function wifiReconnect(ctx) {
  if (!ctx.board.wifi) return { verdict: 'skip', ms: null, figures: {}, note: 'no Wifi on this board' };
  if (!(await wifiSaved(ctx.link))) return { verdict: 'skip', ms: null, figures: {}, note: 'no saved Wi-Fi credentials (.wificfg) to reconnect with: require("Wifi").save() once' };
  const before = await wifiAddress(ctx.link);
  const t0 = Date.now();
  ctx.link.send('(function(){var W=require("Wifi");W.disconnect();setTimeout(function(){W.restore();},1000);})()');
  await sleep(1200);
  // Over a serial console the line stays up; the board's address is asked until it is back.
  const after = await until(async () => (await wifiAddress(ctx.link).catch(() => null)), ctx.opts.wifiMs);
  const back = Date.now() - t0;
  const asked = await until(() => dnsQueries(ctx.world, HOSTS.http, t0 + 1000).length, ctx.opts.updateMs);
  await sleep(ctx.opts.settleMs);
  const updates = updatesFor(ctx.world, HOSTS.http, t0 + 1000);
  const changed = after && after !== before;
  const ok = after && asked && (changed ? updates.some((u) => u.query.myip === after) : updates.length === 0);
  return {
    verdict: ok ? 'pass' : 'fail',
    ms: after ? back : null,
    figures: { 'address before': before || '-', 'address after': after || 'none', 'DNS questions after': asked || 0, 'updates after': updates.length },
    note: after ? (changed ? 'the address changed: one update expected' : 'same address: a check (DNS read), no update expected') : `Wi-Fi not back within ${ctx.opts.wifiMs} ms`,
  };
}

/** What is still open at the end: the world's side for every board, the board's own lists where it keeps them. */
export async function openSockets(ctx) {
  await quiet(ctx.link);
  const pc = await ctx.world.openConnections();
  const figures = {};
  for (const c of pc) figures[`to ${c.server}`] = c.n;
  const expected = (c) => (c.server === 'mqtt' ? c.n <= 1 : c.n === 0);
  const b = ctx.board.simulated ? null : await boardSockets(ctx.link).catch(() => null);
  if (b) for (const [k, v] of Object.entries(b)) figures[`board: ${k}`] = v;
  return {
    verdict: pc.every(expected) ? 'pass' : 'fail',
    ms: null,
    figures,
    note: ctx.board.simulated
      ? 'connections the world still holds from the board (MQTT: 1 expected); the simulator keeps no socket lists, so the board\'s own count is absent'
      : 'connections the world still holds from the board (MQTT: 1 expected); board: Espruino\'s socket lists (HttpCC clients, HttpSC accepted, HttpS servers)',
  };
}
