// BlazingFast client area API (my.blazingfast.io/api, HostBill's user API), as ddns-scripts'
// update_blazingfast_io.sh uses it:
//   username, password   the client area login (POST /login gives a token)
//   domain     the record's name as the zone lists it (sent back in the PUT)
//   param_opt  service_id=N&zone_id=N&record_id=N (from the client area), optional ttl=N (300)
// GET /service/{sid}/dns/{zid} reads the zone's records; a PUT of .../records/{rid} only when the
// record's content differs, answering info ['dnsrecordupdated']. A new token each update: the
// board keeps no token between updates (ddns-scripts caches it for 270 s in a file).

import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { paramValue, form } from '../kit/params';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://my.blazingfast.io/api';

// The update: login, read the zone, compare, PUT.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var sid = paramValue(o.param_opt, 'service_id');
  var zid = paramValue(o.param_opt, 'zone_id');
  var rid = paramValue(o.param_opt, 'record_id');
  var ttl = parseInt(paramValue(o.param_opt, 'ttl') || '300', 10);
  if (!sid || !zid || !rid || !(ttl > 0)) {
    cb({ word: 'badsys', text: 'blazingfast: param_opt needs service_id=, zone_id= and record_id= (ttl= a positive number)' });
    return;
  }
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE);
  var zone = base + '/service/' + sid + '/dns/' + zid;
  var login = form(['username', o.username || '', 'password', o.password || '']);
  step(ctx, { method: 'POST', url: base + '/login', body: login, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    'blazingfast login', cb, function (res) {
      var j = json(res);
      if (!j || !j.token) { cb({ word: 'badauth', text: 'blazingfast login: no token (check username and password)' }); return; }
      var h = { Authorization: 'Bearer ' + j.token };
      step(ctx, { method: 'GET', url: zone, headers: h, maxBytes: 8192 }, 'blazingfast zone', cb, function (res2) {
        // the record is read out of the zone's list without parsing the whole list (kit/list.ts)
        var rec = findNear(res2.body || '', 'records', '"id":"' + rid + '"', function (x: any) { return String(x.id) === rid; });
        if (rec === undefined) {
          var z = json(res2);
          cb(z && z.error ? { word: 'badauth', text: 'blazingfast zone: ' + String(z.error) } : unreadable(res2, 'blazingfast zone'));
          return;
        }
        if (!rec) { cb({ word: 'nohost', text: 'blazingfast: no record ' + rid + ' in zone ' + zid }); return; }
        if (rec.type !== type) { cb({ word: 'nohost', text: 'blazingfast: record ' + rid + ' is ' + rec.type + ', not ' + type }); return; }
        if (sameIp(rec.content, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: 'record ' + rid + ' already ' + ctx.ip }); return; }
        var body = JSON.stringify({ name: o.domain || rec.name, ttl: ttl, priority: 0, type: type, content: ctx.ip });
        step(ctx, { method: 'PUT', url: zone + '/records/' + rid, headers: h, body: body }, 'blazingfast update', cb, function (res3) {
          var u = json(res3);
          var info = u && u.info ? String(u.info) : '';
          if (indexOfStr(info, 'dnsrecordupdated') < 0) { cb({ word: 'badsys', text: 'blazingfast update: ' + (u && u.error ? String(u.error) : 'not confirmed') }); return; }
          cb({ word: 'good', text: 'record ' + rid + ' ' + type + ' set to ' + ctx.ip });
        });
      });
    });
}
