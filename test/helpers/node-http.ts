// An HttpPort on Node's http/https that behaves like the board's adapter
// (firmware/platform/espruino/http.ts): a watchdog (timeoutMs, default 15000, 'timeout'), bodies
// cut at maxBytes (default 4096) and marked truncated, Basic auth from user:pass@ in the URL,
// bytes as latin1 strings, exactly one callback. Also a fake clock and SHA-256 (the provider
// tests build on these in api-provider.ts).
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import type { HttpPort, HttpRequest, HttpResponse, ClockPort } from '../../firmware/core/ports';

/** A request as the firmware made it (maxBytes, timeoutMs included), with the headers sent. */
export type LoggedRequest = HttpRequest & { method: string; headers: Record<string, string> };

export interface NodeHttp extends HttpPort {
  /** every request made through this port, in order */
  log: LoggedRequest[];
}

// Short error codes like the board's: 'dns', 'refused', 'timeout', 'reset', 'connect'.
function errCode(e: any): string {
  const c = String((e && e.code) || '');
  if (c === 'ENOTFOUND' || c === 'EAI_AGAIN') { return 'dns'; }
  if (c === 'ECONNREFUSED') { return 'refused'; }
  if (c === 'ETIMEDOUT') { return 'timeout'; }
  if (c === 'ECONNRESET') { return 'reset'; }
  return 'connect';
}

// Provider tests run the firmware's HTTP code against local fakes over real sockets, with the
// same limits the board enforces, and count what was sent.
export function nodeHttp(): NodeHttp {
  const log: LoggedRequest[] = [];
  return {
    log,
    request(req: HttpRequest, cb: (err: string | null, res?: HttpResponse) => void) {
      let finished = false;
      const headers: Record<string, string> = { ...(req.headers || {}) };
      log.push({ ...req, method: req.method || 'GET', headers });
      let u: URL;
      try {
        u = new URL(req.url);
      } catch (e) {
        setImmediate(() => cb('badurl'));
        return;
      }
      if (u.username && !headers.Authorization) {
        const cred = decodeURIComponent(u.username) + ':' + decodeURIComponent(u.password);
        headers.Authorization = 'Basic ' + Buffer.from(cred, 'utf8').toString('base64');
      }
      if (req.body !== undefined) { headers['Content-Length'] = String(Buffer.byteLength(req.body, 'latin1')); }
      headers.Connection = 'close';
      const max = req.maxBytes || 4096;
      const lib = u.protocol === 'https:' ? https : http;
      let r: http.ClientRequest;
      const finish = (err: string | null, res?: HttpResponse) => {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        r.destroy();
        if (err) { cb(err); } else { cb(null, res); }
      };
      const timer = setTimeout(() => finish('timeout'), req.timeoutMs || 15000);
      r = lib.request({
        host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || undefined, path: u.pathname + u.search,
        method: req.method || 'GET', headers, rejectUnauthorized: false,
      }, (res) => {
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
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const k of Object.keys(res.headers)) { h[k] = String(res.headers[k]); }
          finish(null, { status: res.statusCode || 0, headers: h, body, truncated });
        });
        res.on('error', () => finish('reset'));
      });
      r.on('error', (e) => finish(errCode(e)));
      r.end(req.body === undefined ? undefined : Buffer.from(req.body, 'latin1'));
    },
  };
}

/** A clock tests set by hand; timers are real. wall 0 means 'not set', like the board at boot. */
export function fakeClock(wallMs = Date.UTC(2026, 0, 1)): ClockPort & { now: { uptime: number; wall: number } } {
  const now = { uptime: 1000, wall: wallMs };
  return {
    now,
    uptimeMs: () => now.uptime,
    wallMs: () => now.wall,
    setWallMs: (ms) => { now.wall = ms; },
    setTimeout: (fn, ms, ...args) => setTimeout(fn, ms, ...args),
    clearTimeout: (id) => clearTimeout(id),
  };
}

/** Raw SHA-256 of a binary string, as the board's crypto gives it. */
export function sha256(s: string): string {
  return createHash('sha256').update(Buffer.from(s, 'latin1')).digest('latin1');
}
