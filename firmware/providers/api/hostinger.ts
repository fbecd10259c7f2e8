// Hostinger DNS (developers.hostinger.com, DNS API v1), as ddns-updater's hostinger provider:
//   domain     the zone (example.com)
//   username   the record name (www; '@' or empty for the zone itself)
//   password   an API token (Authorization: Bearer)
//   param_opt  optional ttl=N (default 300)
// One PUT of /api/dns/v1/zones/{zone} with overwrite: the records of that name and type are
// replaced by the one address. The API has no cheap read of one record (a GET returns the whole
// zone), so every update writes; the engine only calls it when the address changed.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, failure, netError } from '../kit/common';
import { paramValue } from '../kit/params';

var BASE = 'https://developers.hostinger.com';

// The provider: replace the record set of name and type with the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = o.domain || '';
  var name = o.username || '@';
  var type = rrType(ctx);
  var ttl = parseInt(paramValue(o.param_opt, 'ttl'), 10) || 300;
  if (!zone || !o.password) { cb({ word: 'badauth', text: 'hostinger: domain (zone) and password (API token) must be set' }); return; }
  var body = { overwrite: true, zone: [{ name: name, records: [{ content: ctx.ip }], ttl: ttl, type: type }] };
  var what = type + ' record ' + (name === '@' ? zone : name + '.' + zone);
  call(ctx, { method: 'PUT', url: apiBase(ctx, BASE) + '/api/dns/v1/zones/' + urlEncode(zone),
    headers: { Authorization: 'Bearer ' + o.password }, body: JSON.stringify(body) }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'hostinger update')); return; }
    if (res.status !== 200) { cb(failure(res, 'hostinger update', ctx.clock.wallMs())); return; }
    cb({ word: 'good', text: what + ' set to ' + ctx.ip });
  });
}
