// One soak: the schedule's faults applied to the soak world in virtual time, the invariants
// checked at every step (every 10 board minutes and at every event), the figures collected for
// the report. runSoak() resolves with the report's data or throws a SoakViolation.
import http from 'node:http';
import { makeSchedule, MIN, HOUR, DAY } from './schedule.mjs';
import { startSoakWorld, stopBroker, restartBroker, SECTIONS } from './world.mjs';
import { SoakViolation, merge, deadline, tooClose, abuseRespected, wedged, PER_DAY, MIN_GAP } from './invariants.mjs';

const STEP = 10 * MIN;
// README: a lost broker is retried after 5 s, doubling up to 5 minutes (plus a step of slack)
const MQTT_BACK = 5 * MIN + STEP;
const EPOCH = Date.UTC(2027, 0, 1); // the world's clock at the start (the SNTP fake serves it)
// the console changes a commit makes, in turn (each restarts the section it touches)
const EDITS = [
  ['web.check_interval', '12', '10'],
  ['dyn.use_syslog', '1', '2'],
  ['cf.force_interval', '48', '72'],
];

export async function runSoak({ days = 30, seed = 1, progress = () => {} } = {}) {
  const sched = makeSchedule({ seed, days });
  const first = '198.51.100.10';
  const S = {
    T: 0, seed, days, publicIp: first, changedAt: 0, sessionStart: 0, sessions: [], offUntil: null, session: null,
    wifiUp: true, lying: false, abuse: null, armed: null, commitInFlight: null, busy: {},
    spells: Object.fromEntries(SECTIONS.map((s) => [s.name, []])),
    restarts: Object.fromEntries(SECTIONS.map((s) => [s.name, []])),
    cuts: { atWrite: 0, atMoment: 0, inCommit: 0 }, commits: 0, configChecks: 0, statusChecks: 0,
    changes: 0, delivered: Object.fromEntries(SECTIONS.map((s) => [s.name, 0])),
    superseded: Object.fromEntries(SECTIONS.map((s) => [s.name, 0])),
    worst: Object.fromEntries(SECTIONS.map((s) => [s.name, { ms: 0, at: 0 }])),
    pending: Object.fromEntries(SECTIONS.map((s) => [s.name, null])),
    offFrom: null, offSpells: [], days_: [], outLen: 0, expected: null, webFetches: 0,
  };
  const now = () => EPOCH + worldNow();
  function worldNow() {
    const s = w && w.board.session;
    return s && s === S.session ? S.sessionStart + s.sched.now() : S.T;
  }
  const fail = (what) => {
    const e = new SoakViolation(`soak seed ${seed}: ${what} (board time day ${(worldNow() / DAY).toFixed(3)}, ${fmt(worldNow())})`);
    e.boardTail = w ? w.board.output.slice(-12000) : '';
    e.events = sched.events.filter((x) => x.at <= worldNow());
    throw e;
  };
  let w = null;
  w = await startSoakWorld({ now, stampNow: worldNow, ip: first });
  const b = w.board;
  try {
    // the world's clock follows the board's sessions; a power cut ends one mid-advance
    b.on('poweroff', (why) => {
      if (S.session) S.T = S.sessionStart + S.session.sched.now();
      S.session = null;
      if (why === 'power cut') onCut();
    });
    b.on('poweron', () => {
      if (S.offFrom !== null) S.offSpells.push([S.offFrom, S.T]);
      S.offFrom = null;
      S.session = b.session;
      S.sessionStart = S.T;
      S.sessions.push(S.T);
    });
    w.world.records.on('change', (r) => onRecord(r));
    await b.boot();
    await b.idle();
    S.expected = await uci();
    dayMark();
    progress(`soak seed ${seed}: ${days} days, ${sched.events.length} events`);
    const ends = [];
    let next = 0;
    let tick = STEP;
    for (;;) {
      const e = sched.events[next];
      const end = ends.length ? ends[0] : null;
      const at = Math.min(tick, e ? e.at : Infinity, end ? end.at : Infinity);
      if (at >= days * DAY) break;
      await advanceTo(at);
      if (end && end.at === at) { ends.shift(); await end.run(); }
      else if (e && e.at === at) { next++; await apply(e, ends); ends.sort((x, y) => x.at - y.at); }
      else {
        tick += STEP;
        if (at % HOUR === 0) await hourly();
        if (at % DAY === 0) { dayMark(); progress(`day ${at / DAY}: ${S.changes} changes, ${b.stats.storageWrites} writes, ${S.sessions.length} boots`); }
      }
      await check();
    }
    await advanceTo(days * DAY);
    await check();
    dayMark();
    return report();
  } finally {
    await w.close();
  }

  // ------------------------------------------------------------------ time

  async function advanceTo(t) {
    for (;;) {
      if (b.session) S.T = worldNow();
      if (S.T >= t) return;
      if (!b.session && b.pendingBoot) { await b.pendingBoot; continue; }
      if (!b.session) {
        if (S.offUntil !== null && S.offUntil <= t) {
          S.T = Math.max(S.T, S.offUntil);
          S.offUntil = null;
          await powerOn();
          continue;
        }
        S.T = t;
        return;
      }
      await b.advance(t - S.T);
      await scan();
    }
  }

  async function powerOn() {
    const since = b.output.length;
    await b.boot();
    await b.idle();
    await scan();
    const out = b.output.slice(since);
    if (/saved config is damaged|no config yet/.test(out)) fail('the config was lost at the power cut: ' + out.slice(0, 300));
    const text = await uci();
    const ok = [S.expected, S.commitInFlight && S.commitInFlight.text].filter(Boolean);
    if (!ok.includes(text)) fail('after a power cut the config is neither the old nor the new one:\n' + text + '\n--- old:\n' + ok.join('\n--- new:\n'));
    if (S.commitInFlight && text === S.commitInFlight.text) restarted(S.commitInFlight.section);
    S.expected = text;
    S.commitInFlight = null;
    S.configChecks++;
  }

  function onCut() {
    S.offFrom = S.T;
    S.cuts.atWrite++;
    if (S.commitInFlight) S.cuts.inCommit++;
    S.armed = null;
    S.offUntil = S.T + (S.nextOff || 5000);
  }

  // ------------------------------------------------------------------ faults

  async function apply(e, ends) {
    const later = (ms, run) => ends.push({ at: e.at + ms, run });
    switch (e.kind) {
      case 'addr': return setAddress(e.ip);
      case 'wifi':
        if (!S.wifiUp) return;
        S.wifiUp = false;
        b.disconnect();
        block('*', e.ms);
        return later(e.ms, () => { S.wifiUp = true; b.setAddress(S.publicIp); });
      case 'dnsDown':
        w.world.dns.setDown(true);
        block('*', e.ms);
        return later(e.ms, () => w.world.dns.setDown(false));
      case 'checkipDown':
        w.world.checkIp.setDown(true);
        block('web', e.ms);
        return later(e.ms, () => w.world.checkIp.setDown(false));
      case 'checkipLie':
        if (S.lying) return;
        S.lying = true;
        w.world.checkIp.setIp('203.0.113.1');
        block('web', e.ms);
        return later(e.ms, () => { S.lying = false; w.world.checkIp.setIp(S.publicIp); });
      case 'provider5xx': {
        const fake = e.provider === 'cloudflare' ? w.cf : w.world.dyndns2;
        fake.setOutage(e.provider === 'cloudflare' ? 502 : 503);
        for (const s of SECTIONS) if (s.provider === e.provider) block(s.name, e.ms);
        return later(e.ms, () => fake.setOutage(null));
      }
      case 'broker':
        await stopBroker(w);
        return later(e.ms, async () => {
          await restartBroker(w);
          S.mqttWait = { due: worldNow() + MQTT_BACK, n: w.mqttCount.connect };
        });
      case 'sntpJump':
        S.sntpOffset = (S.sntpOffset || 0) + e.by;
        return w.world.sntp.setOffset(S.sntpOffset);
      case 'abuse':
        S.abuse = { armed: true, at: null };
        w.world.dyndns2.users.u_dyn.abuse = true;
        return;
      case 'cut':
        S.nextOff = e.off;
        if (!b.session) return;
        if (S.armed) return;
        S.armed = { until: e.at + 6 * HOUR };
        b.armPowerCut(e.nth);
        return;
      case 'commit':
        S.nextOff = e.off;
        return commit(e);
      default:
        throw new Error('unknown event ' + e.kind);
    }
  }

  function setAddress(ip) {
    S.publicIp = ip;
    S.changedAt = worldNow();
    S.changes++;
    for (const s of SECTIONS) {
      if (S.pending[s.name]) S.superseded[s.name]++;
      S.pending[s.name] = { ip, at: S.changedAt };
    }
    if (!S.lying) w.world.checkIp.setIp(ip);
    w.router.setIp(ip, b.ports.get('udp:5350'));
    if (S.wifiUp) b.setAddress(ip);
    else b.network.ip = ip;
  }

  // A spell of trouble for a section ('*': all) from now for ms.
  function block(name, ms) {
    const from = worldNow();
    for (const s of SECTIONS) if (name === '*' || s.name === name) S.spells[s.name].push([from, from + ms]);
  }

  function restarted(name) {
    S.restarts[name].push(worldNow());
  }

  async function commit(e) {
    if (!b.session || S.commitInFlight) return;
    const [opt, a, bv] = EDITS[S.commits % EDITS.length];
    // the other value than the config has (a cut commit may have kept the old one)
    const value = optionOf(S.expected, opt) === a ? bv : a;
    S.commits++;
    await b.type(`set('${opt}', '${value}')`);
    const text = await uci();
    S.commitInFlight = { text, section: opt.split('.')[0] };
    if (e.cutAt && !S.armed) b.armPowerCut(e.cutAt);
    const s = b.session;
    const since = b.output.length;
    await b.type('commit()');
    if (b.session === s) await b.advance(1000);
    if (b.session === s) await b.idle();
    if (b.session === s) {
      if (!/committed/.test(b.output.slice(since))) fail('commit() did not commit: ' + b.output.slice(since, since + 300));
      S.expected = text;
      restarted(S.commitInFlight.section);
      S.commitInFlight = null;
    }
    await scan();
  }

  // ------------------------------------------------------------------ console and page

  async function consoleLine(line, until, ms = 5000) {
    const since = b.output.length;
    await b.type(line);
    const m = await b.waitFor(until, { since, timeoutMs: ms }).catch(() => null);
    return m ? b.output.slice(since, m.end) : null;
  }

  async function uci() {
    const out = await consoleLine('exportUci()', /\n=undefined\r?\n/);
    if (out === null) fail('exportUci() did not answer');
    // (the pending copy is marked as such; once committed it is the config)
    return out.replace(/^exportUci\(\)\r?\n/, '').replace(/=undefined\r?\n$/, '').replace(/^# with uncommitted changes\r?\n/, '');
  }

  async function hourly() {
    if (!b.session) return;
    const out = await consoleLine('status()', new RegExp(SECTIONS.map((s) => `${s.name}: [^\\n]*\\n`).join('[\\s\\S]*')));
    if (out === null) fail('the console did not answer status()');
    S.statusChecks++;
    for (const s of SECTIONS) {
      const line = new RegExp(`^${s.name}: [^\\n]*`, 'm').exec(out)[0];
      const busy = / (checking|updating|starting) /.test(line.slice(0, 30));
      S.busy[s.name] = busy ? (S.busy[s.name] || 0) + 1 : 0;
      const why = wedged(line, S.busy[s.name]);
      if (why) fail(`section ${s.name} is wedged (${why}): ${line}`);
    }
    if (worldNow() % (6 * HOUR) < HOUR) await fetchPage();
  }

  // The web page's status API, as a browser on the LAN asks for it.
  async function fetchPage() {
    const port = b.ports.get(80);
    if (!port || !S.wifiUp) return;
    const got = new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/status', headers: { Host: 'ddns.lan' }, timeout: 3000 }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', (err) => resolve({ err }));
      req.on('timeout', () => req.destroy(new Error('timeout')));
    });
    const s = b.session;
    await b.advance(200);
    const r = await got;
    if (b.session !== s) return;
    S.webFetches++;
    if (r.err || r.status !== 200) fail('the web page did not answer /api/status: ' + (r.err || r.status));
    const j = JSON.parse(r.body);
    if (!j.sections || j.sections.length !== SECTIONS.length) fail('/api/status lacks sections: ' + r.body.slice(0, 200));
  }

  // ------------------------------------------------------------------ invariants

  // Board output since the last look: nothing uncaught, no secret.
  async function scan() {
    const out = b.output.slice(S.outLen);
    S.outLen = b.output.length;
    if (/Uncaught/.test(out)) fail('Uncaught on the console: ' + out.slice(Math.max(0, out.indexOf('Uncaught') - 200), out.indexOf('Uncaught') + 300));
    for (const secret of w.secrets) if (out.includes(secret)) fail('a secret was printed');
    if (b.output.length > 4e6 && !b.waiters.size) { b.output = ''; S.outLen = 0; }
  }

  function onRecord(r) {
    if (!r || r.type !== 'A') return;
    const s = SECTIONS.find((x) => x.host === r.name);
    const p = s && S.pending[s.name];
    if (!p || r.value !== p.ip) return;
    const ms = worldNow() - p.at;
    S.delivered[s.name]++;
    if (ms > S.worst[s.name].ms) S.worst[s.name] = { ms, at: p.at };
    S.pending[s.name] = null;
  }

  async function check() {
    const t = worldNow();
    if (S.armed && t > S.armed.until && b.session) {
      // no write came: the power goes at this moment instead
      b.cutAtWrite = 0;
      S.armed = null;
      b.powerOff('power cut');
      S.cuts.atWrite--;
      S.cuts.atMoment++;
    }
    if (S.abuse && S.abuse.armed) {
      const hit = w.world.dyndns2.requests.find((r) => r.answer === 'abuse');
      if (hit) {
        w.world.dyndns2.users.u_dyn.abuse = false;
        S.abuse = { armed: false, at: hit.wt };
        S.spells.dyn.push([hit.wt, hit.wt + 4 * HOUR]);
      }
    }
    if (S.mqttWait && w.mqtt) {
      if (!b.session || !S.wifiUp) S.mqttWait.due = Math.max(S.mqttWait.due, t + MQTT_BACK);
      else if (w.mqttCount.connect > S.mqttWait.n) S.mqttWait = null;
      else if (t > S.mqttWait.due) fail('MQTT did not connect again after the broker came back');
    }
    // the board off (cut until it boots again) keeps every section from updating
    const off = S.offFrom !== null ? [...S.offSpells, [S.offFrom, Infinity]] : S.offSpells;
    for (const s of SECTIONS) {
      const p = S.pending[s.name];
      if (!p) continue;
      const blocks = merge([...S.spells[s.name], ...off]);
      const d = deadline(p.at, blocks);
      if (t > d) {
        const rec = w.world.records.get(s.host, 'A');
        fail(`section ${s.name}: the provider holds ${rec ? rec.value : 'nothing'}, not ${p.ip} (changed ${fmt(p.at)}, due by ${fmt(d)})`);
      }
    }
    for (const s of SECTIONS) {
      const times = updateTimes(s);
      const pair = tooClose(times, [...S.sessions, ...S.restarts[s.name]]);
      if (pair) fail(`section ${s.name}: two updates ${((pair[1] - pair[0]) / 1000).toFixed(0)} s apart at ${fmt(pair[0])}`);
    }
    if (S.abuse && S.abuse.at !== null && !abuseRespected(S.abuse.at, updateTimes(SECTIONS[0]))) {
      fail('section dyn sent an update during the 4 h hold after abuse');
    }
  }

  // World times of a section's update requests. An API update is a few requests in a row (zone,
  // record, write): one attempt, at the time of its first request.
  function updateTimes(s) {
    if (s.provider !== 'cloudflare') return w.world.dyndns2.requests.filter((r) => r.query.hostname === s.host).map((r) => r.wt);
    const out = [];
    let last = -Infinity;
    for (const r of w.cf.requests) {
      if (r.wt - last > MIN) out.push(r.wt);
      last = r.wt;
    }
    return out;
  }

  // ------------------------------------------------------------------ report

  function dayMark() {
    const snap = {
      provider: Object.fromEntries(SECTIONS.map((s) => [s.name, updateTimes(s).length])),
      cfRequests: w.cf.requests.length,
      dns: w.world.dns.queries.length,
      checkIp: w.world.checkIp.requests.length,
      natpmp: w.router.requests.length,
      sntp: w.world.sntp.requests.length,
      syslog: w.syslog.got.length,
      mqtt: { ...w.mqttCount },
      writes: { ...b.stats.fileWrites },
      bytes: { ...b.flashStore.wear.bytes },
      alloc: b.flashStore.wear.allocBytes,
      boots: S.sessions.length,
    };
    const prev = S.days_[S.days_.length - 1];
    S.days_.push(snap);
    if (!prev) return;
    // README: at most one update per 5 min per section; a boot or a commit starts afresh
    for (const s of SECTIONS) {
      const n = snap.provider[s.name] - prev.provider[s.name];
      const fresh = snap.boots - prev.boots + S.restarts[s.name].filter((t) => t > worldNow() - DAY).length;
      if (n > PER_DAY + fresh) fail(`section ${s.name}: ${n} updates in a day, the promise is ${PER_DAY} (+${fresh} fresh starts)`);
    }
  }

  function report() {
    return {
      seed, days, events: sched.events.length,
      snaps: S.days_,
      changes: S.changes, delivered: S.delivered, superseded: S.superseded, worst: S.worst,
      cuts: S.cuts, commits: S.commits, boots: S.sessions.length, configChecks: S.configChecks,
      statusChecks: S.statusChecks, webFetches: S.webFetches,
      flash: { ...b.flashStore.stats(), compactions: b.flashStore.wear.compactions,
        maxPageErases: Math.max(...b.flashStore.wear.pageErases), allocBytes: b.flashStore.wear.allocBytes },
      perDayLimit: PER_DAY, minGap: MIN_GAP,
    };
  }
}

// An option's value in exportUci() text ('sec.opt'), or undefined.
export function optionOf(text, name) {
  const [sec, opt] = name.split('.');
  const block = text.split(/\n(?=config )/).find((b) => b.startsWith(`config service '${sec}'`)) || '';
  const m = new RegExp(`\\n\\toption ${opt} '([^']*)'`).exec(block);
  return m ? m[1] : undefined;
}

function fmt(ms) {
  const d = Math.floor(ms / DAY);
  return `d${d} ` + new Date(ms % DAY).toISOString().slice(11, 19);
}
