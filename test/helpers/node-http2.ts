// An HttpPort on Node's http/https for API provider tests, with the contract the board's adapter
// keeps: a watchdog (timeoutMs -> 'timeout'), bodies cut at maxBytes and marked truncated,
// binary (latin1) strings both ways, exactly one callback. Plus a settable clock and the
// ApiContext builder the provider tests share.
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import type { HttpPort, HttpRequest, HttpResponse, ClockPort } from '../../firmware/core/ports';
import type { ApiContext } from '../../firmware/providers/api/types';

/** Error codes as the board reports them. */
function errCode(e: any): string {
  const c = String((e && e.code) || '');
  if (c === 'ECONNREFUSED') { return 'refused'; }
  if (c === 'ENOTFOUND' || c === 'EAI_AGAIN') { return 'dns'; }
  if (c === 'ECONNRESET') { return 'reset'; }
  return 'connect';
}

/** The port; `log` keeps every request as the firmware made it (maxBytes included). */
export function nodeHttp2(): HttpPort & { log: HttpRequest[] } {
  const log: HttpRequest[] = [];
  return {
    log,
    request(req, cb) {
      log.push(req);
      let done = false;
      const finish = (err: string | null, res?: HttpResponse) => {
        if (done) { return; }
        done = true;
        clearTimeout(timer);
        if (err) { cb(err); } else { cb(null, res); }
      };
      const timer = setTimeout(() => { finish('timeout'); r.destroy(); }, req.timeoutMs || 15000);
      const max = req.maxBytes || 4096;
      const u = new URL(req.url);
      const lib = u.protocol === 'https:' ? https : http;
      const r = lib.request(u, { method: req.method || 'GET', headers: req.headers || {}, agent: false }, (res) => {
        let body = '';
        let truncated = false;
        res.on('data', (d: Buffer) => {
          const s = d.toString('latin1');
          if (body.length + s.length > max) {
            truncated = true;
            body += s.substring(0, max - body.length);
          } else {
            body += s;
          }
        });
        res.on('end', () => finish(null, { status: res.statusCode || 0,
          headers: res.headers as { [k: string]: string }, body, truncated }));
        res.on('error', () => finish('reset'));
      });
      r.on('error', (e) => finish(errCode(e)));
      r.end(req.body !== undefined ? Buffer.from(req.body, 'latin1') : undefined);
    },
  };
}

/** A clock whose wall time the test sets (0 = not set, as on a fresh board). */
export function fakeClock(wallMs: number): ClockPort & { wall: number } {
  const c = {
    wall: wallMs,
    uptimeMs: () => 1000,
    wallMs: () => c.wall,
    setWallMs: (ms: number) => { c.wall = ms; },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: any) => clearTimeout(id),
  };
  return c;
}

/** Raw SHA-256 of a binary string, as the board's crypto gives it. */
export function sha256(s: string): string {
  return createHash('sha256').update(Buffer.from(s, 'latin1')).digest('latin1');
}

/** An ApiContext for one update: options, address, the Node port and a clock. */
export function apiContext(opts: { [k: string]: string }, ip: string,
                           extra: { clock?: ClockPort; http?: HttpPort; noSha?: boolean } = {}) {
  const lines: string[] = [];
  const none = (o: any, cb: (err: string) => void) => cb('unsupported');
  const ctx: ApiContext = {
    opts,
    ip,
    ipv6: ip.includes(':'),
    http: extra.http || nodeHttp2(),
    udp: { exchange: none },
    tcp: { exchange: none },
    clock: extra.clock || fakeClock(Date.now()),
    random: Math.random,
    userAgent: 'esp32-ddns-test',
    log: (m: string) => { lines.push(m); },
  };
  if (!extra.noSha) { ctx.sha256 = sha256; }
  return { ctx, lines };
}

/** Runs one provider update and resolves with its result. */
export function run(p: { update(ctx: ApiContext, cb: (r: any) => void): void }, ctx: ApiContext): Promise<any> {
  return new Promise((resolve) => {
    let calls = 0;
    p.update(ctx, (r) => {
      calls++;
      if (calls > 1) { throw new Error('callback called twice'); }
      setImmediate(() => resolve(r));
    });
  });
}
