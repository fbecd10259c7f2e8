// GoDaddy DNS (API v1), as ddns-scripts' update_godaddy_com_v1.sh configures it:
//   username  the API key, password  the API secret (Authorization: sso-key key:secret)
//   domain    'host@example.com' for a host record, 'example.com' or '@example.com' for the
//             domain itself
// A GET of /domains/{domain}/records/{type}/{host} reads the record, a PUT to the same path
// writes it only when its data differs (keeping its TTL).

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

var BASE = 'https://api.godaddy.com/v1';

// Seconds GoDaddy asks to wait in a 429 body ({"retryAfterSec": n}), or 0.
function bodyWait(body: string): number {
  try {
    var j = JSON.parse(body);
    return j && j.retryAfterSec > 0 ? j.retryAfterSec : 0;
  } catch (e) { return 0; }
}

// The provider: read the record set of the host, replace it only when its address differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var d = o.domain || '';
  var at = d.indexOf('@');
  var zone = at >= 0 ? d.substring(at + 1) : d;
  var host = at >= 0 ? d.substring(0, at) : '';
  if (host === '' || host === zone) host = '@';
  var type = rrType(ctx);
  if (!zone || !o.username || !o.password) { cb({ word: 'badauth', text: 'godaddy: username (key), password (secret) and domain must be set' }); return; }
  var url = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone) + '/records/' + type + '/' + urlEncode(host);
  var auth = 'sso-key ' + o.username + ':' + o.password;
  var what = type + ' record ' + (host === '@' ? zone : host + '.' + zone);
  var wall = ctx.clock.wallMs();
  call(ctx, { method: 'GET', url: url, headers: { Authorization: auth } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'godaddy lookup')); return; }
    if (res.status !== 200) {
      var f = failure(res, 'godaddy lookup', wall);
      if (res.status === 429 && !f.retryAfter) f.retryAfter = bodyWait(res.body);
      cb(f);
      return;
    }
    var list = json(res);
    if (!list || typeof list.length !== 'number') { cb(unreadable(res, 'godaddy lookup')); return; }
    if (list.length === 0) { cb({ word: 'nohost', text: 'godaddy: no ' + what }); return; }
    var rec = list[0];
    if (sameIp(rec.data, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('godaddy: ' + what + ' is ' + rec.data + ', updating');
    var body = [{ data: ctx.ip, ttl: rec.ttl > 0 ? rec.ttl : 3600 }];
    call(ctx, { method: 'PUT', url: url, headers: { Authorization: auth }, body: JSON.stringify(body) },
      function (err2, res2) {
        if (err2 || !res2) { cb(netError(err2 || 'closed', 'godaddy update')); return; }
        if (res2.status !== 200) {
          var f2 = failure(res2, 'godaddy update', wall);
          if (res2.status === 429 && !f2.retryAfter) f2.retryAfter = bodyWait(res2.body);
          cb(f2);
          return;
        }
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
  });
}
