// PowerDNS Authoritative HTTP API (api/v1), as ddns-scripts' update_pdns.sh uses it:
//   username   the record name in the zone (www; '@' for the zone itself)
//   password   the API key (X-API-Key)
//   domain     the zone (example.com)
//   param_opt  the server's base URL (http://pdns.lan:8081)
// One PATCH of /api/v1/servers/localhost/zones/{zone.} with an rrset of changetype REPLACE (TTL
// 600, as ddns-scripts): the server answers 204 No Content. There is no compare: the API gives
// no way to read one rrset without the whole zone.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { step, rrType } from '../kit/common';

// The update: one PATCH replacing the rrset with the address.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var zone = (o.domain || '').toLowerCase();
  if (zone.charAt(zone.length - 1) !== '.') zone += '.';
  var host = o.username || '@';
  var name = host === '@' ? zone : host.toLowerCase() + '.' + zone;
  var base = o.param_opt || '';
  while (base.charAt(base.length - 1) === '/') base = base.substring(0, base.length - 1);
  if (indexOfStr(base, 'http://') !== 0 && indexOfStr(base, 'https://') !== 0) {
    cb({ word: 'badsys', text: 'pdns: param_opt must be the API server URL (http://host:8081)' });
    return;
  }
  var type = rrType(ctx);
  var body = JSON.stringify({ rrsets: [{ name: name, type: type, ttl: 600, changetype: 'REPLACE',
    records: [{ content: ctx.ip, disabled: false }] }] });
  step(ctx, { method: 'PATCH', url: base + '/api/v1/servers/localhost/zones/' + urlEncode(zone),
    headers: { 'X-API-Key': o.password || '' }, body: body }, 'pdns update', cb, function () {
    cb({ word: 'good', text: name + ' ' + type + ' set to ' + ctx.ip });
  });
}
