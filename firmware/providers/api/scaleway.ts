// Scaleway Domains and DNS API (domain/v2beta1), as ddns-scripts' update_scaleway_com.sh uses it:
//   username   the DNS zone (example.com)
//   password   an API secret key (X-Auth-Token)
//   domain     the record: its name in the zone (home; '' or '@' for the apex), or the full
//              name (home.example.com), from which the zone is taken off
//   param_opt  optional TTL in seconds (300), or ttl=N
// GET .../dns-zones/{zone}/records?name=&type= reads the record set; only when it is not exactly
// the address does a PATCH with a 'set' change (by id_fields name and type) replace it.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { paramValue } from '../kit/params';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';

var BASE = 'https://api.scaleway.com/domain/v2beta1';

// The update: read the set, PATCH it when it is not just the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.username || '').toLowerCase();
  var name = (o.domain || '').toLowerCase();
  if (name === zone || name === '@') name = '';
  else if (name.substring(name.length - zone.length - 1) === '.' + zone) name = name.substring(0, name.length - zone.length - 1);
  var type = rrType(ctx);
  var ttl = parseInt(paramValue(o.param_opt, 'ttl') || o.param_opt || '300', 10);
  if (!(ttl > 0)) { cb({ word: 'badsys', text: 'scaleway: param_opt must be a TTL in seconds' }); return; }
  var url = apiBase(ctx, BASE) + '/dns-zones/' + urlEncode(zone) + '/records';
  var h = { 'X-Auth-Token': o.password || '' };
  var what = type + ' record ' + (name ? name + '.' + zone : zone);
  step(ctx, { method: 'GET', url: url + '?name=' + urlEncode(name) + '&type=' + type, headers: h, maxBytes: 4096 },
    'scaleway lookup', cb, function (res) {
      var j = json(res);
      var recs = j && j.records;
      if (!recs || typeof recs.length !== 'number') { cb(unreadable(res, 'scaleway lookup')); return; }
      var mine = recs.filter(function (r: any) { return r.name === name && r.type === type; });
      if (mine.length === 1 && sameIp(mine[0].data, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      var body = { changes: [{ set: { id_fields: { name: name, type: type },
        records: [{ data: ctx.ip, name: name, type: type, ttl: ttl }] } }] };
      step(ctx, { method: 'PATCH', url: url, headers: h, body: JSON.stringify(body) }, 'scaleway update', cb, function () {
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
}
