// The "notify" object of ddns.json (our extension), checked and filled with defaults:
//
// "notify": { "url": "https://ntfy.sh/my-topic", "format": "ntfy", "token": "",
//             "events": "success failure stop", "ping_url": "https://hc-ping.com/<uuid>",
//             "retries": "2", "enabled": "1" }
//
// url gets a message on each event named in events; format says its form: json (a generic
// webhook: POST of a JSON object), ntfy (POST of the text to a topic URL, Title/Priority/Tags
// headers) or gotify (POST /message of {title, message, priority} to the server URL).
// token: ntfy's access token (Authorization: Bearer) or Gotify's application token
// (X-Gotify-Key). ping_url is requested (GET) after every check that ended well, the way
// healthchecks.io and its clones expect. url or ping_url is required. Never throws; every
// message names notify.<option>.

import { isObj } from '../core/obj';
import { indexOfStr } from '../core/text';

export interface NotifyConfig {
  url: string;
  /** 'json' | 'ntfy' | 'gotify' */
  format: string;
  token: string;
  /** ' success failure stop ' (the words asked for, space-delimited) */
  events: string;
  pingUrl: string;
  /** tries after the first, 0-5 */
  retries: number;
}

export interface NotifyIssue { option: string; level: string; msg: string; }

/** The block read: config null when notify is off (absent, enabled 0, or an error). */
// Why: one reader for the module (at start) and the unit table; a mistake keeps notify off
// with a message, never the device.
export function readNotifyConfig(raw: any): { config: NotifyConfig | null; errors: NotifyIssue[] } {
  var errors: NotifyIssue[] = [];
  var err = function (option: string, msg: string) { errors.push({ option: 'notify.' + option, level: 'error', msg: msg }); };
  if (raw === undefined || raw === null) return { config: null, errors: errors };
  if (!isObj(raw)) { err('', '"notify" must be an object'); return { config: null, errors: errors }; }
  var str = function (k: string) { var v = raw[k]; return v === undefined || v === null ? '' : String(v); };
  if (str('enabled') === '0') return { config: null, errors: errors };
  var keys = Object.keys(raw);
  for (var i = 0; i < keys.length; i++) {
    if (indexOfStr(' url format token events ping_url retries enabled ', ' ' + keys[i] + ' ') < 0 || keys[i].indexOf(' ') >= 0) {
      errors.push({ option: 'notify.' + keys[i], level: 'warn', msg: 'unknown option, ignored' });
    }
  }
  var c: NotifyConfig = { url: str('url'), format: str('format') || 'json', token: str('token'), events: '',
    pingUrl: str('ping_url'), retries: 2 };
  var web = function (k: string, u: string) {
    var l = u.toLowerCase();
    var from = l.substring(0, 7) === 'http://' ? 7 : l.substring(0, 8) === 'https://' ? 8 : 0;
    var bad = !from || u.length > 300 || from >= u.length || '/?#:@'.indexOf(u.charAt(from)) >= 0;
    for (var i = 0; i < u.length && !bad; i++) if (u.charCodeAt(i) <= 32 || u.charCodeAt(i) >= 127) bad = true;
    if (u && bad) err(k, 'expected an http:// or https:// URL of at most 300 characters, without spaces');
  };
  web('url', c.url);
  web('ping_url', c.pingUrl);
  if (!c.url && !c.pingUrl) err('url', 'give url (messages) or ping_url (a ping after each good check), or both');
  if (c.format !== 'json' && c.format !== 'ntfy' && c.format !== 'gotify') err('format', "expected json, ntfy or gotify, got '" + c.format.substr(0, 20) + "'");
  if (c.token.length > 200 || c.token.indexOf('\r') >= 0 || c.token.indexOf('\n') >= 0) err('token', 'must be one line of at most 200 characters');
  var ev = (str('events') || 'success failure stop').split(' ');
  for (var j = 0; j < ev.length; j++) {
    if (!ev[j]) continue;
    if (ev[j] !== 'success' && ev[j] !== 'failure' && ev[j] !== 'stop') err('events', "expected words of success, failure, stop, got '" + ev[j].substr(0, 20) + "'");
    else c.events += ' ' + ev[j];
  }
  c.events += ' ';
  var r = str('retries');
  if (r) {
    var n = parseInt(r, 10);
    if (!(n >= 0 && n <= 5) || String(n) !== r) err('retries', 'expected 0 to 5');
    else c.retries = n;
  }
  return { config: errors.some(function (e) { return e.level === 'error'; }) ? null : c, errors: errors };
}
