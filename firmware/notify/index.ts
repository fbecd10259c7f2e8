// Notifications (our extension, the top-level "notify" block of ddns.json, see config.ts): a
// message on an update's success or failure and on a stop, a ping after each good check. A
// Storage module (ddns.notify), loaded by the core for an event and let go again once nothing
// waits: between events only its small state object (app.notifyState) stays in RAM.
//
// One request at a time, through the board's HTTP queue that the updates use too; at most 8
// waiting (the oldest message is dropped beyond, a ping already waiting is not queued again).
// A network error, a 429 or a 5xx is tried again after 15 s, 30 s, ... (retries, at most 5);
// any other answer ends the message. A failure repeated with the same answer is told once,
// until the section succeeds; a stop once, until the section runs again. Log lines show the
// service's host only; the token never.

import type { Host } from '../host';
import { HttpRequest } from '../core/ports';
import { indexOfStr } from '../core/text';
import { configInForce } from '../config/in-force';
import { readNotifyConfig, NotifyConfig } from './config';
import { notifyRequest, urlHost, NotifyEvent } from './message';

var QUEUE_MAX = 8;

/** What outlives the module between events (app.notifyState): small, as it stays in RAM. */
interface NotifyState {
  /** the compiled config it was read from: a commit starts afresh */
  run: any;
  q: Array<{ req: HttpRequest; what: string; left: number; ping: number }>;
  /** 1 while a request or a retry's wait is on */
  busy: number;
  /** section -> the last failure answer told, or 'stop' */
  told: { [s: string]: string };
}

/** One event: 'boot' (reads the block, says what is wrong), 'success' / 'failure' (section,
 *  ip, answer), 'stop' (section, error), 'ping', 'test'. False when notify is off. */
// Why: the core's one entry; everything else exists only while the module is loaded.
export function handle(app: Host, what: string, section?: string, ip?: string, answer?: string): boolean {
  // the block is read again at each load (not kept in RAM); what is wrong is said once
  var st: NotifyState = app.notifyState;
  var r = readNotifyConfig(app.run.notify);
  if (!st || st.run !== app.run) {
    for (var i = 0; i < r.errors.length; i++) {
      app.log.write('notify', r.errors[i].level === 'error' ? 'err' : 'warn', r.errors[i].option + ': ' + r.errors[i].msg +
        (r.errors[i].level === 'error' ? ': notifications are off' : ''));
    }
    st = app.notifyState = { run: app.run, q: [], busy: 0, told: {} };
  }
  var cfg = r.config;
  if (cfg) event(app, st, cfg, what, section || '', ip || '', answer || '');
  if (!st.busy) app.drop('notify');
  return !!cfg;
}

// Queues what the event asks for.
function event(app: Host, st: NotifyState, cfg: NotifyConfig, what: string, section: string, ip: string, answer: string) {
  var ua = 'esp32-ddns/' + app.version;
  var host = '';
  for (var i = 0; i < app.configs.length; i++) {
    if (app.configs[i].name === section) host = configInForce(app.ports.storage, app.configs[i]).host || '';
  }
  var ping = function () { push(app, st, cfg, { url: cfg.pingUrl, headers: { 'User-Agent': ua }, timeoutMs: 15000, maxBytes: 512 }, 'ping', 1); };
  var text = '';
  if (what === 'ping') { if (cfg.pingUrl) ping(); return; }
  if (what === 'test') {
    app.log.write('notify', 'notice', 'test: sending' + (cfg.url ? ' a test message to ' + urlHost(cfg.url) : '') +
      (cfg.pingUrl ? (cfg.url ? ' and' : '') + ' a ping to ' + urlHost(cfg.pingUrl) : ''));
    text = 'test message from esp32-ddns ' + app.version + ' on ' + app.board.name;
    if (cfg.pingUrl) ping();
  } else if (what === 'success') {
    delete st.told[section];
    text = host + ' -> ' + ip + ' (' + answer + ')';
  } else if (what === 'failure' || what === 'stop') {
    var mark = what === 'stop' ? 'stop' : answer;
    if (st.told[section] === mark) return;
    st.told[section] = mark;
    text = what === 'stop' ? section + ' stopped: ' + answer : 'update of ' + host + ' to ' + ip + ' failed: ' + answer;
  } else return;
  if (!cfg.url || (what !== 'test' && indexOfStr(cfg.events, ' ' + what + ' ') < 0)) return;
  var wall = app.ports.clock.wallMs();
  var ev: NotifyEvent = { kind: what, section: section, host: host, ip: ip, answer: what === 'stop' ? '' : answer, text: text,
    time: wall ? new Date(wall).toISOString() : '' };
  push(app, st, cfg, notifyRequest(cfg, ev, ua), what + ' message', 0);
}

function push(app: Host, st: NotifyState, cfg: NotifyConfig, req: HttpRequest, what: string, ping: number) {
  var q = st.q;
  if (ping) for (var i = 0; i < q.length; i++) if (q[i].ping) return;
  if (q.length >= QUEUE_MAX) {
    // the oldest waiting one goes (not the one in flight)
    var drop = st.busy ? 1 : 0;
    app.log.write('notify', 'warn', 'too many notifications waiting: ' + q[drop].what + ' dropped');
    q.splice(drop, 1);
  }
  q.push({ req: req, what: what, left: cfg.retries, ping: ping });
  next(app, st, cfg);
}

// Sends the first waiting request; when none is left the module is let go.
function next(app: Host, st: NotifyState, cfg: NotifyConfig) {
  if (st.busy) return;
  if (!st.q.length || app.notifyState !== st) { app.drop('notify'); return; }
  var job = st.q[0];
  var c = app.ports.clock;
  st.busy = 1;
  app.ports.http.request(job.req, function (err, res) {
    var code = res ? res.status : 0;
    var why = err ? err : 'HTTP ' + code;
    st.busy = 0;
    if (!err && code >= 200 && code < 300) { st.q.shift(); next(app, st, cfg); return; }
    if (!((err || code === 429 || code >= 500) && job.left > 0)) {
      st.q.shift();
      app.log.write('notify', 'warn', job.what + ' to ' + urlHost(job.req.url) + ' failed: ' + why);
      next(app, st, cfg);
      return;
    }
    var wait = 15000 * Math.pow(2, cfg.retries - job.left);
    job.left--;
    app.log.write('notify', 'info', job.what + ' to ' + urlHost(job.req.url) + ' failed: ' + why + '; again in ' + wait / 1000 + ' s');
    st.busy = 1;
    c.setTimeout(function () { st.busy = 0; next(app, st, cfg); }, wait);
  });
}
