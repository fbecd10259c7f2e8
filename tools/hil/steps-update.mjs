// Steps 2-5: boot from flash, the first update over HTTP, the DNS path, an update over HTTPS.
// Each returns {verdict, ms, figures, note}; the runner (run.mjs) adds the memory after it.
import { command } from './board.mjs';
import { applyConfig, accepted, dnsQueries, updatesFor, until, sleep } from './kit.mjs';
import { HOSTS } from './world.mjs';

const one = { sections: ['http'] };

/** load() with the one-section config: time to the firmware's banner. */
export async function boot(ctx) {
  const r = await applyConfig(ctx, one);
  ctx.boot = r;
  return {
    verdict: r.sections === 1 ? 'pass' : 'fail',
    ms: r.ms,
    figures: { 'sections running': r.sections },
    note: `load() to the banner "ddns ... N section(s)"${r.sections === 1 ? '' : `: expected 1 section, the board runs ${r.sections}`}`,
  };
}

/** The update that boot started (DNS had a stale address): power-on to the provider's answer. */
export async function httpUpdate(ctx) {
  const t0 = ctx.boot.t0;
  const got = await until(() => accepted(ctx.world, [HOSTS.http], t0)[HOSTS.http], ctx.opts.updateMs);
  const sent = updatesFor(ctx.world, HOSTS.http, t0);
  if (!got) {
    return { verdict: 'fail', ms: null, figures: { requests: sent.length }, note: `no accepted update within ${ctx.opts.updateMs} ms${sent.length ? `; answers: ${sent.map((r) => r.answer).join(', ')}` : ''}` };
  }
  ctx.ip = got.ip;
  const inDns = ctx.world.records.get(HOSTS.http, 'A');
  return {
    verdict: inDns && inDns.value === got.ip ? 'pass' : 'fail',
    ms: got.ms,
    figures: { answer: got.answer, 'address sent': got.ip, requests: sent.length },
    note: 'load() to the provider\'s answer (dyndns2 over plain HTTP)',
  };
}

/**
 * The board read the name from the world's DNS at boot (and saw the stale address); after the
 * update DNS holds the board's address, and check() sends nothing more.
 */
export async function dnsCheck(ctx) {
  const bootQueries = dnsQueries(ctx.world, HOSTS.http, ctx.boot.t0).length;
  const t0 = Date.now();
  command(ctx.link, 'check', 'hil_http');
  await sleep(ctx.opts.settleMs);
  const after = updatesFor(ctx.world, HOSTS.http, t0).length;
  const rec = ctx.world.records.get(HOSTS.http, 'A');
  const ok = bootQueries > 0 && rec && rec.value === ctx.ip && after === 0;
  return {
    verdict: ok ? 'pass' : 'fail',
    ms: null,
    figures: { 'DNS questions at boot': bootQueries, 'DNS questions on check()': dnsQueries(ctx.world, HOSTS.http, t0).length, 'DNS answers': rec ? rec.value : 'nothing', 'updates after check()': after },
    note: 'boot reads the name from dns_server; check() with DNS agreeing must send no update',
  };
}

/** One update over TLS: what the board offered, what was agreed, whether it took an unknown CA. */
export async function httpsUpdate(ctx) {
  const since = ctx.world.https.connections.length;
  const r = await applyConfig(ctx, { sections: ['https'] });
  const got = await until(() => accepted(ctx.world, [HOSTS.https], r.t0)[HOSTS.https], ctx.opts.updateMs);
  const conns = ctx.world.https.connections.slice(since).filter((c) => c.offered); // not the simulator's connect probes
  const c = conns[0];
  const figures = {
    'SNI sent': c ? (c.offered.sni === null ? '(none)' : c.offered.sni) : 'no TLS connection',
    'versions offered': c ? c.offered.versions.join(' ') : '-',
    'cipher suites offered': c ? `${c.offered.suites.length}: ${c.offered.suites.slice(0, 4).join(' ')}${c.offered.suites.length > 4 ? ' ...' : ''}` : '-',
    agreed: c && c.agreed ? `${c.agreed.protocol} ${c.agreed.cipher}` : (c && c.error) || '-',
    'unknown CA accepted': c ? (c.requests > 0 ? 'yes: the certificate was not verified' : 'no request after the handshake') : '-',
  };
  if (got) figures.answer = got.answer;
  return {
    verdict: got ? 'pass' : 'fail',
    ms: got ? got.ms : null,
    figures,
    note: `load() to the answer over HTTPS; the fake's certificate is signed by the suite's own CA${got ? '' : `; no accepted update within ${ctx.opts.updateMs} ms`}`,
  };
}
