// The HTTP request of one notification, in the form its service documents:
//   json    POST url, Content-Type application/json,
//           {"event", "section", "host", "ip", "answer", "text", "time", "device"}
//   ntfy    POST url (the topic URL), the text as body; Title, Priority (3, 4 for failure and
//           stop) and Tags headers; token as Authorization: Bearer (docs.ntfy.sh, Publish)
//   gotify  POST <url>/message, {"title", "message", "priority"}; token as X-Gotify-Key
//           (gotify.net, Push messages)
// and the ping of ping_url (healthchecks.io: GET of the check's URL).

import { HttpRequest } from '../core/ports';
import { NotifyConfig } from './config';

export interface NotifyEvent {
  /** 'success' | 'failure' | 'stop' | 'test' */
  kind: string;
  section: string;
  host: string;
  ip: string;
  answer: string;
  text: string;
  /** ISO time, or '' while the clock is not set */
  time: string;
}

/** The request that tells cfg's service about ev. */
// Why: the three forms are data of one function, a new one is one branch here.
export function notifyRequest(cfg: NotifyConfig, ev: NotifyEvent, userAgent: string): HttpRequest {
  var title = 'esp32-ddns: ' + (ev.section ? ev.section + ' ' : '') + ev.kind;
  var bad = ev.kind === 'failure' || ev.kind === 'stop';
  var h: { [k: string]: string } = { 'User-Agent': userAgent };
  var req: HttpRequest = { url: cfg.url, method: 'POST', headers: h, body: '', timeoutMs: 15000, maxBytes: 1024 };
  if (cfg.format === 'ntfy') {
    h['Content-Type'] = 'text/plain';
    h.Title = title;
    h.Priority = bad ? '4' : '3';
    h.Tags = bad ? 'warning' : ev.kind === 'success' ? 'white_check_mark' : 'bell';
    if (cfg.token) h.Authorization = 'Bearer ' + cfg.token;
    req.body = ev.text;
  } else if (cfg.format === 'gotify') {
    var u = cfg.url;
    var q = u.indexOf('?');
    var path = q < 0 ? u : u.substring(0, q);
    if (path.substr(-8) !== '/message') req.url = (path.charAt(path.length - 1) === '/' ? path.substring(0, path.length - 1) : path) +
      '/message' + (q < 0 ? '' : u.substring(q));
    h['Content-Type'] = 'application/json';
    if (cfg.token) h['X-Gotify-Key'] = cfg.token;
    req.body = JSON.stringify({ title: title, message: ev.text, priority: bad ? 8 : 4 });
  } else {
    h['Content-Type'] = 'application/json';
    req.body = JSON.stringify({ event: ev.kind, section: ev.section, host: ev.host, ip: ev.ip, answer: ev.answer,
      text: ev.text, time: ev.time, device: 'esp32-ddns' });
  }
  return req;
}

/** The scheme and host of a URL, all a log line shows of it: its path and query may carry a
 *  topic, a check's UUID or a token. */
export function urlHost(url: string): string {
  var k = url.indexOf('://');
  var rest = url.substring(k + 3);
  var end = rest.length;
  for (var i = 0; i < rest.length; i++) {
    var c = rest.charAt(i);
    if (c === '/' || c === '?' || c === '#') { end = i; break; }
  }
  var host = rest.substring(0, end);
  var at = host.lastIndexOf('@');
  return url.substring(0, k + 3) + (at >= 0 ? host.substring(at + 1) : host);
}
