// NS1 API v1 (api.nsone.net), as ddns-scripts' update_ns1_com.sh uses it:
//   username   the zone (example.com)
//   password   an API key (X-NSONE-Key)
//   domain     the record's full name (home.example.com)
// GET /zones/{zone}/{domain}/{type} reads the record; only when its answers are not exactly the
// address does a POST of {answers: [{answer: [ip]}]} change it. A record that does not exist is
// created by a PUT with zone, domain, type and TTL 600, as ddns-scripts does.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { call, step, apiBase, rrType, json, sameIp, failure, netError } from '../kit/common';

var BASE = 'https://api.nsone.net/v1';

// The update: read, then change or create.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.username || '').toLowerCase();
  var name = (o.domain || '').toLowerCase();
  var type = rrType(ctx);
  var url = apiBase(ctx, BASE) + '/zones/' + urlEncode(zone) + '/' + urlEncode(name) + '/' + type;
  var h = { 'X-NSONE-Key': o.password || '' };
  var what = type + ' record ' + name;
  var answers = [{ answer: [ctx.ip] }];
  var done = function () { cb({ word: 'good', text: what + ' set to ' + ctx.ip }); };
  call(ctx, { method: 'GET', url: url, headers: h, maxBytes: 4096 }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'ns1 lookup')); return; }
    var j = json(res);
    if (res.status === 404 && j && indexOfStr(String(j.message), 'record') >= 0) {
      ctx.log('ns1: no ' + what + ', creating it');
      var rec = { zone: zone, domain: name, type: type, ttl: 600, answers: answers };
      step(ctx, { method: 'PUT', url: url, headers: h, body: JSON.stringify(rec) }, 'ns1 create', cb, done);
      return;
    }
    if (res.status !== 200) { cb(failure(res, 'ns1 lookup', ctx.clock.wallMs())); return; }
    var a = j && j.answers;
    if (a && a.length === 1 && a[0].answer && a[0].answer.length === 1 && sameIp(a[0].answer[0], ctx.ip, ctx.ipv6)) {
      cb({ word: 'nochg', text: what + ' already ' + ctx.ip });
      return;
    }
    step(ctx, { method: 'POST', url: url, headers: h, body: JSON.stringify({ answers: answers }) }, 'ns1 update', cb, done);
  });
}
