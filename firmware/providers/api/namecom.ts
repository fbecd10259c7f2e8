// Name.com (API v4), as ddns-updater's namecom provider:
//   domain     host@domain (home@example.com), or example.com for the domain itself
//   username   your name.com user name (Basic auth)
//   password   an API token (Basic auth)
// GET /v4/domains/{domain}/records lists the records (the first 100, up to 8 KB of reply), a
// PUT of /v4/domains/{domain}/records/{id} writes the answer only when it is not the address.

import { urlEncode, basicAuth } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://api.name.com/v4';

// The provider: find the record, write its answer only when it differs (keeping its TTL).
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var d = o.domain || '';
  var at = d.indexOf('@');
  var zone = d.substring(at + 1);
  var host = at > 0 ? d.substring(0, at) : '';
  var type = rrType(ctx);
  if (!zone || !o.username || !o.password) { cb({ word: 'badauth', text: 'namecom: domain, username and password (API token) must be set' }); return; }
  var base = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone) + '/records';
  var auth = basicAuth(o.username, o.password);
  var what = type + ' record ' + (host ? host + '.' + zone : zone);
  call(ctx, { method: 'GET', url: base + '?perPage=100', headers: { Authorization: auth }, maxBytes: 8192 }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'namecom lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'namecom lookup', ctx.clock.wallMs())); return; }
    // (a domain without records answers {})
    // (the apex has no host in the reply: its fqdn is the domain with a final dot)
    var needle = host ? '"host":"' + host + '"' : '"fqdn":"' + zone + '."';
    var rec = findNear(res.body, 'records', needle, function (x) { return x.type === type && (x.host || '') === host; });
    if (rec === undefined && !res.truncated && json(res)) rec = null;
    if (rec === undefined) { cb(unreadable(res, 'namecom lookup')); return; }
    if (!rec) { cb({ word: 'nohost', text: 'namecom: no ' + what }); return; }
    if (sameIp(rec.answer, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('namecom: ' + what + ' is ' + rec.answer + ', updating');
    var body = { host: host, type: type, answer: ctx.ip, ttl: rec.ttl > 0 ? rec.ttl : 300 };
    call(ctx, { method: 'PUT', url: base + '/' + rec.id, headers: { Authorization: auth }, body: JSON.stringify(body) }, function (err2, res2) {
      if (err2 || !res2) { cb(netError(err2 || 'closed', 'namecom update')); return; }
      if (res2.status !== 200) { cb(failure(res2, 'namecom update', ctx.clock.wallMs())); return; }
      cb({ word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
