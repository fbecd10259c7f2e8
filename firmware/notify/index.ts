// Notifications (our extension, the top-level "notify" block of ddns.json, see config.ts): a
// message on an update's success or failure and on a stop, a ping after each good check. A
// Storage module (ddns.notify), loaded at boot only when the block is there, kept while it runs.
//
// One request at a time, through the board's HTTP queue that the updates use too; at most 8
// waiting (the oldest message is dropped beyond, a ping already waiting is not queued again).
// A network error, a 429 or a 5xx is tried again after 15 s, 30 s, ... (retries, at most 5);
// any other answer ends the message. A failure repeated with the same answer is told once,
// until the section succeeds. Log lines show the service's host only; the token never.

import type { Host } from '../host';
import { HttpRequest } from '../core/ports';
import { indexOfStr } from '../core/text';
import { readNotifyConfig, NotifyConfig } from './config';
import { notifyRequest, urlHost, NotifyEvent } from './message';

var QUEUE_MAX = 8;

/** What main.ts keeps: the hooks of the events and the test command. */
export interface Notifier {
  /** an update attempt ended: kind 'success' or 'failure', with its address and answer */
  event(kind: string, section: string, ip: string, answer: string): void;
  ping(section: string): void;
  test(): void;
  stop(): void;
}

/** Starts notify from the config in force; null when the block is absent, off or wrong (logged). */
export function start(h: Host): Notifier | null {
  var r = readNotifyConfig(h.run.notify);
  for (var i = 0; i < r.errors.length; i++) {
    h.log.write('notify', r.errors[i].level === 'error' ? 'err' : 'warn', r.errors[i].option + ': ' + r.errors[i].msg +
      (r.errors[i].level === 'error' ? ': notifications are off' : ''));
  }
  if (!r.config) return null;
  return notifier(h, r.config);
}

// The queue and the hooks over one checked config.
function notifier(h: Host, cfg: NotifyConfig): Notifier {
  var queue: Array<{ req: HttpRequest; what: string; left: number; ping: number }> = [];
  var busy = 0;
  var stopped = 0;
  var timer: any;
  /** section -> the answer of the failure last told (cleared by a success) */
  var told: { [s: string]: string } = {};
  /** section -> its last state seen (a stop is told once, when it comes) */
  var states: { [s: string]: string } = {};
  var c = h.ports.clock;

  function iso(): string {
    var ms = c.wallMs();
    return ms ? new Date(ms).toISOString() : '';
  }

  function next() {
    if (busy || stopped || !queue.length) return;
    var job = queue[0];
    busy = 1;
    h.ports.http.request(job.req, function (err, res) {
      busy = 0;
      if (stopped) return;
      var st = res ? res.status : 0;
      if (!err && st >= 200 && st < 300) { queue.shift(); next(); return; }
      var again = (err || st === 429 || st >= 500) && job.left > 0;
      var why = err ? err : 'HTTP ' + st;
      if (!again) {
        queue.shift();
        h.log.write('notify', 'warn', job.what + ' to ' + urlHost(job.req.url) + ' failed: ' + why);
        next();
        return;
      }
      var wait = 15000 * Math.pow(2, cfg.retries - job.left);
      job.left--;
      h.log.write('notify', 'info', job.what + ' to ' + urlHost(job.req.url) + ' failed: ' + why + '; again in ' + wait / 1000 + ' s');
      busy = 1;
      timer = c.setTimeout(function () { timer = undefined; busy = 0; next(); }, wait);
    });
  }

  function push(req: HttpRequest, what: string, ping: number) {
    if (stopped) return;
    if (ping) for (var i = 0; i < queue.length; i++) if (queue[i].ping) return;
    if (queue.length >= QUEUE_MAX) {
      // the oldest waiting one goes (not the one in flight)
      var drop = busy ? 1 : 0;
      h.log.write('notify', 'warn', 'too many notifications waiting: ' + queue[drop].what + ' dropped');
      queue.splice(drop, 1);
    }
    queue.push({ req: req, what: what, left: cfg.retries, ping: ping });
    next();
  }

  function hostOf(name: string): string {
    for (var i = 0; i < h.configs.length; i++) if (h.configs[i].name === name) return h.configs[i].host;
    return '';
  }

  function send(kind: string, section: string, ip: string, answer: string, text: string) {
    if (!cfg.url || (kind !== 'test' && indexOfStr(cfg.events, ' ' + kind + ' ') < 0)) return;
    var ev: NotifyEvent = { kind: kind, section: section, host: hostOf(section), ip: ip, answer: answer, text: text, time: iso() };
    push(notifyRequest(cfg, ev, 'esp32-ddns/' + h.version), kind + ' message', 0);
  }

  // A stop is seen as a change of status (engine.ts tells listeners of every state change).
  h.onChange(function (name) {
    if (stopped) return;
    for (var i = 0; i < h.sections.length; i++) {
      if (h.sections[i].name !== name) continue;
      var s = h.sections[i].status();
      if (s.state === 'stopped' && states[name] !== 'stopped') send('stop', name, s.currentIp, s.lastAnswer, name + ' stopped: ' + s.error);
      states[name] = s.state;
    }
  });

  return {
    event: function (kind, section, ip, answer) {
      if (kind === 'success') {
        delete told[section];
        send(kind, section, ip, answer, hostOf(section) + ' -> ' + ip + ' (' + answer + ')');
        return;
      }
      if (told[section] === answer) return;
      told[section] = answer;
      send(kind, section, ip, answer, 'update of ' + hostOf(section) + ' to ' + ip + ' failed: ' + answer);
    },
    ping: function () {
      if (cfg.pingUrl) push({ url: cfg.pingUrl, headers: { 'User-Agent': 'esp32-ddns/' + h.version }, timeoutMs: 15000, maxBytes: 512 }, 'ping', 1);
    },
    test: function () {
      if (!cfg.url && !cfg.pingUrl) return;
      h.log.write('notify', 'notice', 'test: sending' + (cfg.url ? ' a test message to ' + urlHost(cfg.url) : '') +
        (cfg.pingUrl ? (cfg.url ? ' and' : '') + ' a ping to ' + urlHost(cfg.pingUrl) : ''));
      send('test', '', '', '', 'test message from esp32-ddns ' + h.version + ' on ' + h.board.name);
      if (cfg.pingUrl) push({ url: cfg.pingUrl, headers: { 'User-Agent': 'esp32-ddns/' + h.version }, timeoutMs: 15000, maxBytes: 512 }, 'ping', 1);
    },
    stop: function () {
      stopped = 1;
      queue = [];
      if (timer !== undefined) c.clearTimeout(timer);
      timer = undefined;
    },
  };
}
