// Google Cloud DNS (dns/v1) with an OAuth 2.0 refresh token:
//   username   the OAuth client id, password  a refresh token granted the scope
//              https://www.googleapis.com/auth/ndev.clouddns.readwrite
//   param_enc  project=P&zone=Z (the managed zone's name) as in ddns-scripts, plus
//              client_secret=S, the OAuth client's secret
//   domain     the full name of the record (home.example.com)
//   param_opt  optional TTL in seconds (default 3600), as in ddns-scripts
// ddns-scripts' update_gcp_v1.sh signs a service-account JWT with RSA-SHA256 each update; on the
// board one RSA-2048 signature in JavaScript takes minutes (docs/providers.md has the figures),
// so a service-account key is refused with that reason. The refresh token is exchanged at the
// token endpoint for an access token (one hour) each update; then GET the rrset and PATCH it only
// when its rrdatas are not exactly the address.
// api_url (our extension, for tests) serves both: api_url/token and api_url/dns/v1.

import { urlEncode } from '../../http/url';
import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { paramValue, form } from '../kit/params';
import { call, step, apiBase, rrType, json, sameIp, failure, netError, unreadable } from '../kit/common';

// The update: token, read, compare, PATCH.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var refresh = o.password || '';
  if (indexOfStr(refresh, '-----BEGIN') >= 0 || indexOfStr(refresh, 'private_key') >= 0) {
    cb({ word: 'badsys', text: 'gcp: password holds a service-account key; the board cannot sign its JWT in reasonable time (RSA): use an OAuth refresh token (docs/providers.md)' });
    return;
  }
  var project = paramValue(o.param_enc, 'project');
  var zone = paramValue(o.param_enc, 'zone');
  var secret = paramValue(o.param_enc, 'client_secret');
  var ttl = parseInt(o.param_opt || '3600', 10);
  if (!project || !zone || !secret || !(ttl > 0)) {
    cb({ word: 'badsys', text: 'gcp: param_enc needs project=, zone= and client_secret= (param_opt a TTL in seconds)' });
    return;
  }
  var name = (o.domain || '').toLowerCase();
  if (name.charAt(name.length - 1) !== '.') name += '.';
  var type = rrType(ctx);
  var test = apiBase(ctx, '');
  var tokenUrl = test ? test + '/token' : 'https://oauth2.googleapis.com/token';
  var url = (test ? test + '/dns/v1' : 'https://dns.googleapis.com/dns/v1') + '/projects/' + urlEncode(project) +
    '/managedZones/' + urlEncode(zone) + '/rrsets/' + urlEncode(name) + '/' + type;
  var what = type + ' record ' + name;
  var body = form(['client_id', o.username || '', 'client_secret', secret, 'refresh_token', refresh, 'grant_type', 'refresh_token']);
  call(ctx, { method: 'POST', url: tokenUrl, body: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, function (err, res) {
    if (err || !res) { cb(netError(err || 'closed', 'gcp token')); return; }
    var t = json(res);
    if (res.status === 400 || res.status === 401) {
      cb({ word: 'badauth', status: res.status, text: 'gcp token: ' + (t ? t.error + ' ' + (t.error_description || '') : 'HTTP ' + res.status) });
      return;
    }
    if (res.status !== 200) { cb(failure(res, 'gcp token', ctx.clock.wallMs())); return; }
    if (!t || !t.access_token) { cb(unreadable(res, 'gcp token')); return; }
    var h = { Authorization: 'Bearer ' + t.access_token };
    step(ctx, { method: 'GET', url: url, headers: h, maxBytes: 4096 }, 'gcp lookup', cb, function (res2) {
      var s = json(res2);
      if (!s) { cb(unreadable(res2, 'gcp lookup')); return; }
      var d = s.rrdatas || [];
      if (d.length === 1 && sameIp(d[0], ctx.ip, ctx.ipv6) && s.ttl === ttl) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
      var rr = JSON.stringify({ name: name, type: type, ttl: ttl, rrdatas: [ctx.ip] });
      step(ctx, { method: 'PATCH', url: url, headers: h, body: rr }, 'gcp update', cb, function () {
        cb({ word: 'good', text: what + ' set to ' + ctx.ip });
      });
    });
  });
}
