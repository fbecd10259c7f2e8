// DreamHost DNS (api.dreamhost.com), as ddns-updater's dreamhost provider:
//   domain    the full name to update (home.example.com)
//   password  an API key allowed the dns-* commands
// The API answers in its default tab format: a first line 'success' or 'error', then the data.
// dns-list_records lists the account's records (up to 8 KB of reply); when the record is not
// the address, dns-add_record adds the new one, then dns-remove_record removes the old one
// (adding first, so the name never goes without an address). Each call has a new unique_id,
// as the API requires.

import { urlEncode } from '../../http/url';
import { indexOfStr } from '../../core/text';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, sameIp, failure, netError } from '../kit/common';

var BASE = 'https://api.dreamhost.com';

// A DreamHost error code in policy words: key problems stop as badauth, 'slow_down' and
// internal errors wait or retry, the rest (no such zone, not editable...) stop as nohost.
function refused(code: string, what: string): ApiResult {
  var text = what + ': ' + code;
  if (indexOfStr(code, 'key') >= 0 || indexOfStr(code, 'cmd') >= 0) return { word: 'badauth', text: text };
  if (indexOfStr(code, 'slow_down') === 0) return { status: 429, text: text };
  if (indexOfStr(code, 'internal') >= 0) return { word: 'dnserr', text: text };
  return { word: 'nohost', text: text };
}

// One command; calls back with the reply's text after 'success', or an ApiResult.
function cmd(ctx: ApiContext, q: string, what: string, cb: (r: ApiResult | null, data?: string) => void): void {
  var id = Math.floor(ctx.random() * 4294967296).toString(16) + Math.floor(ctx.random() * 4294967296).toString(16);
  call(ctx, { method: 'GET', url: apiBase(ctx, BASE) + '/?key=' + urlEncode(ctx.opts.password) + '&unique_id=' + id + '&' + q,
    headers: { Accept: 'text/plain' }, maxBytes: 8192 }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), '')); return; }
    if (res.truncated) { cb({ word: 'dnserr', status: 200, text: what + ': reply too large' }); return; }
    var nl = res.body.indexOf('\n');
    var first = (nl < 0 ? res.body : res.body.substring(0, nl)).trim();
    var rest = nl < 0 ? '' : res.body.substring(nl + 1);
    var head = first.split('\t').join(' ').split(' ');
    var data = head.length > 1 ? head[head.length - 1] : rest.split('\n')[0].trim();
    if (head[0] === 'success') { cb(null, rest); return; }
    cb(head[0] === 'error' ? refused(data, what) : { word: 'dnserr', status: 200, text: what + ': reply not understood' });
  });
}

// The provider: find the record; add the new address, then remove the old one.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var name = (o.domain || '').toLowerCase();
  var type = rrType(ctx);
  if (!name || !o.password) { cb({ word: 'badauth', text: 'dreamhost: domain and password (API key) must be set' }); return; }
  var what = type + ' record ' + name;
  var rec = '&record=' + urlEncode(name) + '&type=' + type + '&value=';
  cmd(ctx, 'cmd=dns-list_records', 'dreamhost lookup', function (r, list) {
    if (r) { cb(r); return; }
    // a row is account_id zone record type value comment editable, split by tabs: only the
    // row of this record and type is cut out of the list
    var t = list as string;
    var at = indexOfStr(t, '\t' + name + '\t' + type + '\t');
    var old = '';
    var locked = false;
    if (at >= 0) {
      var end = t.indexOf('\n', at);
      var f = t.substring(at + 1, end < 0 ? t.length : end).split('\t');
      old = f[2] || '';
      locked = (f[4] || '').trim() === '0';
    }
    if (old && sameIp(old, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    if (locked) { cb({ word: 'nohost', text: 'dreamhost: ' + what + ' is not editable (DreamHost manages it)' }); return; }
    ctx.log('dreamhost: ' + what + ' is ' + (old || 'not set') + ', updating');
    cmd(ctx, 'cmd=dns-add_record' + rec + urlEncode(ctx.ip), 'dreamhost add', function (r2) {
      if (r2) { cb(r2); return; }
      if (!old) { cb({ word: 'good', text: what + ' added with ' + ctx.ip }); return; }
      cmd(ctx, 'cmd=dns-remove_record' + rec + urlEncode(old), 'dreamhost remove', function (r3) {
        if (r3) { r3.text += ' (' + ctx.ip + ' was added, the old address ' + old + ' is still there)'; cb(r3); return; }
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
