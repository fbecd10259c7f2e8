// What every API provider test does: start the provider's fake (host-sim/world/<key>.mjs), build
// an ApiContext on Node ports (test/helpers/node-http.ts) from the section's options, call the
// module's update(ctx, cb) as the engine does, and collect the result, checking that exactly one
// callback came.
import assert from 'node:assert/strict';
import type { ApiContext, ApiProvider, ApiResult } from '../../firmware/providers/types';
import type { ClockPort, HttpPort, TcpPort, UdpPort } from '../../firmware/core/ports';
import { nodeHttp, fakeClock, sha256 } from './node-http';

/** What a test may set in the context of one update; everything has a default. */
export interface CtxExtra {
  /** default: a fake clock at the real time */
  clock?: ClockPort;
  /** shorthand for clock: a fake clock at this wall time (0: not set, as at boot) */
  wall?: number;
  /** default: nodeHttp() */
  http?: HttpPort;
  /** replaces the reply cap the provider asks for (replies cut short) */
  maxBytes?: number;
  /** default: ports that answer 'unsupported' */
  udp?: UdpPort;
  tcp?: TcpPort;
  /** a board without crypto: no ctx.sha256 */
  noSha?: boolean;
  /** default 'esp32-ddns-test' */
  userAgent?: string;
  /** gets the provider's log lines */
  logs?: string[];
}

/** Section options for one update; undefined leaves an option out. */
export type Opts = { [k: string]: string | undefined };

/** An ApiContext for one update: the options (undefined ones left out), the address and ports. */
export function apiContext(opts: Opts, ip: string, extra: CtxExtra = {}): ApiContext {
  const none = (o: any, cb: (err: string) => void) => cb('unsupported');
  const http = extra.http || nodeHttp();
  const max = extra.maxBytes;
  const o: { [k: string]: string } = {};
  for (const k of Object.keys(opts)) { if (opts[k] !== undefined) { o[k] = opts[k] as string; } }
  const logs = extra.logs;
  const ctx: ApiContext = {
    opts: o,
    ip,
    ipv6: ip.includes(':'),
    http: max ? { request: (req, cb) => http.request({ ...req, maxBytes: max }, cb) } : http,
    udp: extra.udp || { exchange: none },
    tcp: extra.tcp || { exchange: none },
    clock: extra.clock || fakeClock(extra.wall !== undefined ? extra.wall : Date.now()),
    random: Math.random,
    userAgent: extra.userAgent || 'esp32-ddns-test',
    log: (m: string) => { if (logs) { logs.push(m); } },
  };
  if (!extra.noSha) { ctx.sha256 = sha256; }
  return ctx;
}

/**
 * Runs one update and resolves with its result 10 ms after its callback, so that a second
 * callback in that time fails the update; one even later fails the test run.
 */
export function run(p: ApiProvider, ctx: ApiContext): Promise<ApiResult> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    p.update(ctx, (r) => {
      calls++;
      if (calls > 2) { return; }
      if (calls === 2) { throw new Error('callback called twice'); }
      setTimeout(() => (calls === 1 ? resolve(r) : reject(new Error('callback called twice'))), 10);
    });
  });
}

/** A fake as the fakes of host-sim/world are: a base URL and close(). */
export interface Fake {
  apiUrl?: string;
  url?: string;
  close(): Promise<void>;
  [k: string]: any;
}

/** How one provider's tests reach it: its module, its fake, and the options that fit the fake. */
export interface RigSpec<F extends Fake> {
  /** the fake's start function */
  start: (o: any) => Promise<F>;
  /** the fake's options for a test (accounts, seeded records), made fresh each time */
  fake: () => any;
  /** the section's options that work against a running fake (api_url pointing at it) */
  opts: (fake: F) => Opts;
  /** context defaults for every update (a userAgent the fake checks...) */
  ctx?: CtxExtra;
}

export interface Rig<F extends Fake> {
  /** the fake updates go to: the one of withFake, or the one open() started */
  readonly fake: F;
  /** starts a fresh fake (spec.fake() with extra over it), runs fn, closes the fake */
  withFake(fn: (fake: F) => Promise<void>, extra?: any): Promise<void>;
  /** starts a fake the next updates use (a file's before()); an open one is closed first */
  open(extra?: any): Promise<F>;
  /** closes the fake open() started */
  close(): Promise<void>;
  /** one update against the fake: the spec's options with extra over them */
  update(extra?: Opts, ip?: string, ctx?: CtxExtra): Promise<ApiResult>;
  /** one update against a fake started and closed again: nothing listens at its URL */
  unreachable(extra?: Opts, ip?: string): Promise<ApiResult>;
}

/** The setup a provider's tests share (see Rig). */
export function apiRig<F extends Fake>(p: ApiProvider, spec: RigSpec<F>): Rig<F> {
  let current: F | null = null;
  const start = (extra: any) => spec.start({ ...spec.fake(), ...extra });
  const updateAt = (fake: F, extra: Opts, ip: string, ctx: CtxExtra) =>
    run(p, apiContext({ ...spec.opts(fake), ...extra }, ip, { ...spec.ctx, ...ctx }));
  const rig: Rig<F> = {
    get fake() {
      assert.ok(current, 'no fake running');
      return current as F;
    },
    async withFake(fn, extra = {}) {
      const fake = await start(extra);
      const was = current;
      current = fake;
      try { await fn(fake); } finally {
        current = was;
        await fake.close();
      }
    },
    async open(extra = {}) {
      await rig.close();
      current = await start(extra);
      return current;
    },
    async close() {
      if (current) { await current.close(); }
      current = null;
    },
    update(extra = {}, ip = '203.0.113.5', ctx = {}) {
      return updateAt(rig.fake, extra, ip, ctx);
    },
    async unreachable(extra = {}, ip = '203.0.113.5') {
      const fake = await start({});
      await fake.close();
      return updateAt(fake, extra, ip, {});
    },
  };
  return rig;
}
