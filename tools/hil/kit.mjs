// What the steps share: waiting on the world (bounded in time), putting a step's config on the
// board, and reading what a fake saw.
import { restart, writeFile } from './board.mjs';
import { stepConfig } from './config.mjs';
import { HOSTS, STALE_IP } from './world.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every 50 ms until it returns something truthy; that value, or null after timeoutMs. */
export async function until(fn, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) return null;
    await sleep(50);
  }
}

/** The update requests a fake got for `host` since `t0` (dyndns2 by hostname=, custom by host=). */
export function updatesFor(world, host, t0 = 0) {
  const fake = host === HOSTS.custom ? world.custom : world.dyndns2;
  return fake.requests.filter((r) => r.time >= t0 && (r.query.hostname === host || r.query.host === host));
}

/** Every update request of the world since t0. */
export function allUpdates(world, t0 = 0) {
  return [...world.dyndns2.requests, ...world.custom.requests].filter((r) => r.time >= t0);
}

/** DNS questions for `host` since t0. */
export function dnsQueries(world, host, t0 = 0) {
  return world.dns.queries.filter((q) => q.time >= t0 && q.name === host);
}

/**
 * Puts a step's config on the board as ddns.json and restarts the firmware (it imports the
 * file at boot). The sections' names go back to a stale address in DNS first, so the boot sees
 * DNS disagree and updates. Resolves {t0, ms, sections}: t0 when load() was sent.
 */
export async function applyConfig(ctx, spec) {
  const cfg = stepConfig(ctx.world, spec, ctx.cfgOpts);
  await writeFile(ctx.link, 'ddns.json', JSON.stringify(cfg));
  for (const k of spec.sections) ctx.world.records.set(HOSTS[k], 'A', STALE_IP);
  const t0 = Date.now();
  const r = await restart(ctx.link, { timeoutMs: ctx.opts.bootMs });
  return { t0, ...r };
}

/** Waits until the board printed nothing new for quietMs (at most maxMs): it is idle. */
export async function quiet(link, quietMs = 500, maxMs = 5000) {
  const end = Date.now() + maxMs;
  let len = link.output.length;
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(50);
    if (link.output.length !== len) { len = link.output.length; since = Date.now(); }
    else if (Date.now() - since >= quietMs) return;
  }
}

/** The first accepted answer of each host's update since t0: {host: {ms, answer, ip}} (missing hosts absent). */
export function accepted(world, hosts, t0) {
  const out = {};
  for (const h of hosts) {
    const r = updatesFor(world, h, t0).find((x) => x.status === 200 && /^(good|nochg|OK)\b/.test(x.answer || ''));
    if (r) out[h] = { ms: r.time - t0, answer: r.answer, ip: r.query.myip || r.query.ip };
  }
  return out;
}
