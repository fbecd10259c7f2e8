// Servercow DNS API (api.servercow.de/dns/v1), as ddns-scripts' update_servercow_de.sh uses it:
//   username, password   a DNS API access of the customer portal (X-Auth-Username/-Password)
//   domain     the full name: its first label is the record, the rest the domain
//              (home.example.com); host@example.com, or @example.com for the domain itself
// GET /domains/{domain} lists the records; only when the record is not the address does a POST
// of {type, name, content, ttl} create or change it (TTL 60, as ddns-scripts). Servercow answers
// {message: 'ok'}, or an {error} text.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://api.servercow.de/dns/v1';

// The update: read the domain's records, POST the record when it differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var d = (o.domain || '').toLowerCase();
  var at = d.indexOf('@');
  var dot = d.indexOf('.');
  var name = at >= 0 ? d.substring(0, at) : d.substring(0, dot);
  var zone = at >= 0 ? d.substring(at + 1) : d.substring(dot + 1);
  if (zone.indexOf('.') < 0) { cb({ word: 'notfqdn', text: 'servercow: domain must be host.example.com or host@example.com' }); return; }
  var type = rrType(ctx);
  var url = apiBase(ctx, BASE) + '/domains/' + urlEncode(zone);
  var h = { 'X-Auth-Username': o.username || '', 'X-Auth-Password': o.password || '' };
  var what = type + ' record ' + (name ? name + '.' + zone : zone);

  // A 2xx reply that carries an error text, in policy words; null when it says ok.
  var refused = function (j: any, step2: string): ApiResult | null {
    if (j && !j.error) return null;
    var e = j ? String(j.error) : 'no answer';
    var low = e.toLowerCase();
    return { word: indexOfStr(low, 'auth') >= 0 || indexOfStr(low, 'permission') >= 0 ? 'badauth' : 'badsys', text: 'servercow ' + step2 + ': ' + e };
  };

  step(ctx, { method: 'GET', url: url, headers: h, maxBytes: 8192 }, 'servercow lookup', cb, function (res) {
    // the record parsed alone out of the domain's list (kit/list.ts); an {error} is no list
    var rec = findNear(res.body || '', '', '"name":"' + name + '"', function (x: any) { return x.name === name && x.type === type; });
    if (rec === undefined) {
      var j = json(res);
      cb(j ? (refused(j, 'lookup') || unreadable(res, 'servercow lookup')) : unreadable(res, 'servercow lookup'));
      return;
    }
    var c = rec ? rec.content : null;
    if (c && (sameIp(c, ctx.ip, ctx.ipv6) || (c.length === 1 && sameIp(c[0], ctx.ip, ctx.ipv6)))) {
      cb({ word: 'nochg', text: what + ' already ' + ctx.ip });
      return;
    }
    var body = JSON.stringify({ type: type, name: name, content: ctx.ip, ttl: 60 });
    step(ctx, { method: 'POST', url: url, headers: h, body: body }, 'servercow update', cb, function (res2) {
      var j = json(res2);
      cb(refused(j, 'update') || { word: 'good', text: what + ' set to ' + ctx.ip });
    });
  });
}
