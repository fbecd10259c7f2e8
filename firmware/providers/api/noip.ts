// no-ip.com: No-IP's update protocol (dyndns2 with its own additions): one GET to
// /nic/update?hostname=h1,h2&myip=IP with Basic auth and a User-Agent that names the client and a
// contact ('Company DeviceName-Model/FirmwareVersion maintainer@example.com', No-IP's format;
// ctx.userAgent is sent as it is). The reply has one line per host, in order.
//
// Options: username and password (the account or a DDNS key), domain (one host or several
// joined by ','), use_ipv6 (the address goes in myipv6: the board reaches No-IP over IPv4 only),
// api_url (our extension, for tests against a local fake: the base URL, default
// https://dynupdate.no-ip.com).
// Differences from ddns-scripts' update_no-ip_com.sh: one request per update, not two (it first
// sent 127.0.0.1, then the address, which briefly points the name at localhost and doubles the
// traffic No-IP counts against the client), and the answer of every host is read: the worst one
// wins (an answer that stops the section beats one that holds it, which beats one that retries;
// of two holds the longer), so one bad name in a list is never hidden by a 'good'.

import { ApiContext, ApiResult } from '../types';
import { ErrCode, HttpResponse } from '../../core/ports';
import { urlEncode, basicAuth } from '../../http/url';
import { answerRow, AnswerRow, classify } from '../../section/policy';
import { retryAfter } from '../kit/common';

var BASE = 'https://dynupdate.no-ip.com';

// How bad a policy action is, for picking the worst answer of a list.
function rank(action: string): number {
  if (action === 'stop') { return 3; }
  if (action === 'hold') { return 2; }
  if (action === 'retry') { return 1; }
  return 0;
}

// The answer rows (policy.ts) of each non-blank line, in order; a line no row knows is null,
// except a wait reply, which becomes a row of its own.
function lineVerdicts(body: string): (AnswerRow | null)[] {
  var out: (AnswerRow | null)[] = [];
  var lines = body.split('\n');
  for (var i = 0; i < lines.length; i++) {
    var line = lines[i].trim();
    if (!line) { continue; }
    var word = line.split(' ')[0].split('\t')[0].toLowerCase();
    var row: AnswerRow | null = answerRow(word);
    if (!row && word.charAt(0) === 'w') {
      var v = classify({ body: line });
      if (v.code === 'wait') { row = { word: 'wait', action: 'hold', holdSec: v.holdSec, text: v.text }; }
    }
    out.push(row);
  }
  return out;
}

// The outcome of one reply: the worst known answer; else all good/nochg; else the HTTP status.
function judge(res: HttpResponse, hosts: string[], log: (m: string) => void): ApiResult {
  var rows = lineVerdicts(res.body);
  var worst = -1;
  var oks = 0;
  var goods = 0;
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i];
    if (!r) { continue; }
    if (r.action === 'ok') {
      oks++;
      if (r.word === 'good') { goods++; }
      continue;
    }
    var w = worst >= 0 ? rows[worst]! : null;
    if (!w || rank(r.action) > rank(w.action) || (r.action === w.action && (r.holdSec || 0) > (w.holdSec || 0))) {
      worst = i;
    }
  }
  var first = res.body.split('\n')[0].trim().substring(0, 80);
  if (worst >= 0) {
    var row = rows[worst]!;
    var who = rows.length === hosts.length && hosts.length > 1 ? hosts[worst] + ': ' : '';
    if (row.word === 'wait') {
      return { word: 'wait ' + row.holdSec + 's', retryAfter: row.holdSec, text: who + 'No-IP asks to wait ' + row.holdSec + ' s' };
    }
    return { word: row.word, status: res.status, text: who + row.text };
  }
  if (oks > 0 && oks === rows.length) {
    if (oks < hosts.length) { log('No-IP answered ' + oks + ' lines for ' + hosts.length + ' hosts'); }
    return { word: goods > 0 ? 'good' : 'nochg', text: first };
  }
  var st = res.status;
  if (st === 401 || st === 403) { return { word: 'badauth', status: st, text: 'HTTP ' + st }; }
  if (st === 429 || st >= 500) {
    return { status: st, retryAfter: retryAfter(res, 0) || undefined, text: 'HTTP ' + st };
  }
  if (st >= 300 && st < 500) { return { status: st, text: 'HTTP ' + st }; }
  return { err: 'badanswer', status: st, text: 'unexpected answer: ' + first };
}

// One update request for all hosts of the section. Exactly one callback.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  if (!o.username || !o.password) { cb({ word: 'badauth', text: 'username and password are needed' }); return; }
  var parts = (o.domain || '').split(',');
  var hosts: string[] = [];
  for (var i = 0; i < parts.length; i++) {
    var h = parts[i].trim();
    if (h) { hosts.push(urlEncode(h)); }
  }
  if (hosts.length === 0) { cb({ word: 'notfqdn', text: 'domain is empty' }); return; }
  var base = o.api_url || BASE;
  while (base.charAt(base.length - 1) === '/') { base = base.substring(0, base.length - 1); }
  var url = base + '/nic/update?hostname=' + hosts.join(',') + (ctx.ipv6 ? '&myipv6=' : '&myip=') + ctx.ip;
  ctx.http.request({ url: url, method: 'GET', timeoutMs: 20000, maxBytes: 1024,
    headers: { 'Authorization': basicAuth(o.username, o.password), 'User-Agent': ctx.userAgent }
  }, function (err: ErrCode | null, res?: HttpResponse) {
    if (err || !res) { cb({ err: err || 'noreply', text: 'No-IP: ' + (err || 'no reply') }); return; }
    cb(judge(res, hosts, ctx.log));
  });
}
