// Alibaba Cloud DNS (alidns.aliyuncs.com, API 2015-01-09), as ddns-scripts' update_aliyun_com.sh
// uses it, but signed with Alibaba's signature V3 (ACS3-HMAC-SHA256) where ddns-scripts uses V1
// (HMAC-SHA1): the board's hashes are SHA-256, and V3 is what Alibaba documents for every API.
//   username   the AccessKey ID, password  the AccessKey secret
//   domain     RR@example.com (@example.com for the domain itself)
//   param_enc  optional RecordId=ID, when the name has several records of the type
// DescribeSubDomainRecords finds the record; UpdateDomainRecord changes it only when its value
// differs. Signatures need the wall clock: with the clock not set nothing is sent.

import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { paramValue } from '../kit/params';
import { call, apiBase, rrType, json, sameIp, unreadable, netError } from '../kit/common';
import { Hash, canonicalRequest, canonicalQuery, hostOf, hmacHex, sha256Hex, isoTime } from '../kit/sign';

var BASE = 'https://alidns.aliyuncs.com';

// A refused call in policy words, from its HTTP status and the Code of the error body.
function refused(st: number, j: any, what: string): ApiResult {
  var code = j && j.Code ? String(j.Code) : '';
  var text = 'aliyun ' + what + ': HTTP ' + st + (code ? ' ' + code : '') + (j && j.Message ? ' ' + j.Message : '');
  if (indexOfStr(code, 'InvalidAccessKeyId') === 0 || indexOfStr(code, 'SignatureDoesNotMatch') === 0 || indexOfStr(code, 'Forbidden') === 0 ||
      code === 'IncompleteSignature' || indexOfStr(code, 'InvalidTimeStamp') === 0 || st === 401 || st === 403) return { word: 'badauth', status: st, text: text };
  if (code === 'Throttling' || indexOfStr(code, 'Throttling.') === 0 || st === 429) return { status: 429, text: text };
  if (indexOfStr(code, 'DomainRecordNotBelongToUser') === 0 || indexOfStr(code, 'IncorrectDomainUser') === 0 ||
      indexOfStr(code, 'InvalidDomainName') === 0 || indexOfStr(code, 'DomainRecordNotExist') === 0) return { word: 'nohost', status: st, text: text };
  if (st >= 500) return { status: st, text: text };
  return { word: 'badsys', status: st, text: text };
}

// The update: find the record, change it when it differs.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var sha = ctx.sha256 as Hash;
  if (!sha) { cb({ word: 'dnserr', text: 'aliyun: no SHA-256 on this board' }); return; }
  if (!ctx.clock.wallMs()) { cb({ word: 'dnserr', text: 'clock not set: Alibaba signatures need the time' }); return; }
  var d = (o.domain || '').toLowerCase();
  var at = d.indexOf('@');
  var rr = at > 0 ? d.substring(0, at) : '@';
  var zone = d.substring(at + 1);
  var fqdn = rr === '@' ? zone : rr + '.' + zone;
  var type = rrType(ctx);
  var base = apiBase(ctx, BASE);
  var host = hostOf(base + '/');
  var want = paramValue(o.param_enc, 'RecordId');

  // One signed RPC call (GET, parameters in the query); next gets the JSON reply on 200.
  var action = function (name: string, params: string[], next: (j: any) => void) {
    var query = canonicalQuery(params);
    var nonce = '' + Math.floor(ctx.random() * 1e9) + '-' + Math.floor(ctx.random() * 1e9);
    var hdrs = [['host', host], ['x-acs-action', name], ['x-acs-content-sha256', sha256Hex(sha, '')],
      ['x-acs-date', isoTime(ctx.clock.wallMs(), false)], ['x-acs-signature-nonce', nonce], ['x-acs-version', '2015-01-09']];
    var sig = hmacHex(sha, o.password || '', 'ACS3-HMAC-SHA256\n' + sha256Hex(sha, canonicalRequest(sha, 'GET', '/', query, hdrs, '')));
    var names: string[] = [];
    var h: any = {};
    for (var i = 0; i < hdrs.length; i++) { names.push(hdrs[i][0]); h[hdrs[i][0]] = hdrs[i][1]; }
    h.Authorization = 'ACS3-HMAC-SHA256 Credential=' + (o.username || '') + ',SignedHeaders=' + names.join(';') + ',Signature=' + sig;
    call(ctx, { method: 'GET', url: base + '/?' + query, headers: h, maxBytes: 4096 }, function (err, res) {
      if (err || !res) { cb(netError(err || 'closed', 'aliyun ' + name)); return; }
      var j = json(res);
      if (res.status !== 200) { cb(refused(res.status, j, name)); return; }
      if (!j) { cb(unreadable(res, 'aliyun ' + name)); return; }
      next(j);
    });
  };

  action('DescribeSubDomainRecords', ['SubDomain', fqdn, 'DomainName', zone, 'Type', type], function (j: any) {
    var list = (j.DomainRecords && j.DomainRecords.Record) || [];
    var rec: any = null;
    for (var i = 0; i < list.length && !rec; i++) {
      if (list[i].Type === type && (!want || String(list[i].RecordId) === want)) rec = list[i];
    }
    if (!rec) { cb({ word: 'nohost', text: 'aliyun: no ' + type + ' record ' + fqdn + (want ? ' with RecordId ' + want : '') + ': create it first' }); return; }
    if (list.length > 1 && !want) ctx.log('aliyun: ' + list.length + ' records for ' + fqdn + ', updating ' + rec.RecordId + ' (param_enc RecordId= picks one)');
    if (sameIp(rec.Value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: fqdn + ' ' + type + ' already ' + ctx.ip }); return; }
    action('UpdateDomainRecord', ['RecordId', String(rec.RecordId), 'RR', rr, 'Type', type, 'Value', ctx.ip], function () {
      cb({ word: 'good', text: fqdn + ' ' + type + ' set to ' + ctx.ip });
    });
  });
}
