// TransIP REST API v6 (api.transip.nl/v6), with an access token made in TransIP's control panel:
//   password   the access token (Authorization: Bearer). ddns-scripts' update_transip_nl.sh
//              puts the account's RSA private key here and signs a token request with
//              RSA-SHA512 each update; on the board one RSA-2048 signature in JavaScript takes
//              minutes (docs/providers.md has the figures), so a key is refused with that reason.
//   domain     the domain (example.com)
//   param_enc  the entry name ('@' for the domain itself), as in ddns-scripts
// GET /domains/{domain}/dns lists the entries (read one at a time: a reply up to 8 KB); a PATCH of {dnsEntry: {name, expire, type,
// content}} changes the entry of that name and type (TransIP finds it by name, expire and type,
// so its expire is sent back unchanged) only when its content differs; TransIP answers 204.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { step, apiBase, rrType, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://api.transip.nl/v6';

// The update: list, compare, PATCH.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var token = o.password || '';
  if (indexOfStr(token, '-----BEGIN') >= 0) {
    cb({ word: 'badsys', text: 'transip: password holds a private key; the board cannot sign the token request in reasonable time (RSA): generate an access token in the control panel and put it in password' });
    return;
  }
  var domain = (o.domain || '').toLowerCase();
  var name = o.param_enc || '@';
  var type = rrType(ctx);
  var url = apiBase(ctx, BASE) + '/domains/' + urlEncode(domain) + '/dns';
  var h = { Authorization: 'Bearer ' + token };
  var what = type + ' entry ' + (name === '@' ? domain : name + '.' + domain);
  step(ctx, { method: 'GET', url: url, headers: h, maxBytes: 8192 }, 'transip list', cb, function (res) {
    // the entry is read out of the list without parsing the whole list (kit/list.ts)
    var rec = findNear(res.body || '', 'dnsEntries', '"name":"' + name + '"', function (x: any) { return x.name === name && x.type === type; });
    if (rec === undefined) { cb(unreadable(res, 'transip list')); return; }
    if (!rec) { cb({ word: 'nohost', text: 'transip: no ' + what + ': create it first' }); return; }
    if (sameIp(rec.content, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    var body = JSON.stringify({ dnsEntry: { name: name, expire: rec.expire, type: type, content: ctx.ip } });
    step(ctx, { method: 'PATCH', url: url, headers: h, body: body }, 'transip update', cb, function () {
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
