// Spaceship DNS (spaceship.dev API v1), as ddns-updater's spaceship provider:
//   domain     host@domain (home@example.com), or example.com for the domain itself
//   username   the API key (X-API-Key)
//   password   the API secret (X-API-Secret)
// GET /dns/records/{domain} lists the records (the first 100, up to 8 KB of reply); when the
// record differs, PUT adds the new address and DELETE then removes the old one (adding first,
// so the name never goes without an address).

import { HttpResponse } from '../../core/ports';
import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { call, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';
import { findNear } from '../kit/list';

var BASE = 'https://spaceship.dev/api/v1';

// Spaceship's errors are {detail}: for the log line.
function detail(res: HttpResponse): string {
  var j = res.body && res.body.length <= 1024 ? json(res) : null;
  return j && typeof j.detail === 'string' ? j.detail.substring(0, 120) : '';
}

// One write (PUT of items, or DELETE of records) answered 204.
function write(ctx: ApiContext, method: string, url: string, body: any, what: string,
               cb: (r: ApiResult | null) => void): void {
  call(ctx, { method: method, url: url, body: JSON.stringify(body),
    headers: { 'X-API-Key': ctx.opts.username, 'X-API-Secret': ctx.opts.password } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', what)); return; }
    if (res.status !== 204 && res.status !== 200) { cb(failure(res, what, ctx.clock.wallMs(), detail(res))); return; }
    cb(null);
  });
}

// The provider: find the record; when it differs add the address, then remove the old one.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var d = o.domain || '';
  var at = d.indexOf('@');
  var zone = d.substring(at + 1);
  var name = at > 0 ? d.substring(0, at) : '@';
  var type = rrType(ctx);
  if (!zone || !o.username || !o.password) { cb({ word: 'badauth', text: 'spaceship: domain, username (API key) and password (API secret) must be set' }); return; }
  var url = apiBase(ctx, BASE) + '/dns/records/' + urlEncode(zone);
  var what = type + ' record ' + (name === '@' ? zone : name + '.' + zone);
  call(ctx, { method: 'GET', url: url + '?take=100&skip=0', maxBytes: 8192,
    headers: { 'X-API-Key': o.username, 'X-API-Secret': o.password } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'spaceship lookup')); return; }
    if (res.status !== 200) { cb(failure(res, 'spaceship lookup', ctx.clock.wallMs(), detail(res))); return; }
    var lname = name.toLowerCase();
    var rec = findNear(res.body, 'items', '"name":"' + lname + '"', function (x) { return x.type === type && String(x.name).toLowerCase() === lname; });
    if (rec === undefined) { cb(unreadable(res, 'spaceship lookup')); return; }
    if (!rec) { cb({ word: 'nohost', text: 'spaceship: no ' + what }); return; }
    if (sameIp(rec.address, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    ctx.log('spaceship: ' + what + ' is ' + rec.address + ', updating');
    var item = { type: type, name: rec.name, address: ctx.ip, ttl: rec.ttl > 0 ? rec.ttl : 3600 };
    write(ctx, 'PUT', url, { force: true, items: [item] }, 'spaceship update', function (r) {
      if (r) { cb(r); return; }
      write(ctx, 'DELETE', url, [{ type: type, name: rec.name, address: rec.address }], 'spaceship delete', function (r2) {
        if (r2) { r2.text += ' (' + ctx.ip + ' was added, the old address ' + rec.address + ' is still there)'; cb(r2); return; }
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
