// DNSPod through Tencent Cloud API 3.0 (dnspod.tencentcloudapi.com, version 2021-03-23, signed
// with TC3-HMAC-SHA256), as ddns-scripts' update_dnspod_cn_v3.sh uses it:
//   username   the SecretId, password  the SecretKey of a Tencent Cloud API key
//   domain     host@example.com (@example.com for the domain itself)
// DescribeRecordList finds the record of the host and type; ModifyRecord changes it (on the
// default line, keeping its TTL) only when its value differs. Every call is a signed JSON POST
// to '/'; the answer is {Response: {..., RequestId}} or {Response: {Error: {Code, Message}}}.
// Signatures need the wall clock: with the clock not set nothing is sent.

import { ApiContext, ApiResult } from '../types';
import { indexOfStr } from '../../core/text';
import { step, apiBase, rrType, json, sameIp, unreadable } from '../kit/common';
import { Hash, canonicalRequest, hostOf, hmacHex, sha256Hex, isoTime } from '../kit/sign';

var BASE = 'https://dnspod.tencentcloudapi.com';
/** the default line, '\u9ed8\u8ba4', written as JSON escapes so the body stays ASCII */
var DEFAULT_LINE = '"\\u9ed8\\u8ba4"';

// An error code in policy words.
function refused(code: string, msg: string, what: string): ApiResult {
  var text = 'dnspod3 ' + what + ': ' + code + (msg ? ' ' + msg : '');
  if (indexOfStr(code, 'AuthFailure') === 0 || code === 'UnauthorizedOperation') return { word: 'badauth', text: text };
  if (indexOfStr(code, 'ResourceNotFound') === 0 || code === 'InvalidParameter.DomainNotExists' ||
      indexOfStr(code, 'InvalidParameterValue.Domain') === 0) return { word: 'nohost', text: text };
  if (indexOfStr(code, 'RequestLimitExceeded') === 0) return { status: 429, text: text };
  if (code === 'InternalError' || indexOfStr(code, 'FailedOperation') === 0) return { word: 'dnserr', text: text };
  return { word: 'badsys', text: text };
}

// The update: DescribeRecordList, compare, ModifyRecord.
export function update(ctx: ApiContext, cb: (res: ApiResult) => void): void {
  var o = ctx.opts;
  var sha = ctx.sha256 as Hash;
  if (!sha) { cb({ word: 'dnserr', text: 'dnspod3: no SHA-256 on this board' }); return; }
  if (!ctx.clock.wallMs()) { cb({ word: 'dnserr', text: 'clock not set: TC3 signatures need the time' }); return; }
  var d = (o.domain || '').toLowerCase();
  var at = d.indexOf('@');
  var host = at >= 0 ? d.substring(0, at) : '';
  var zone = d.substring(at + 1);
  if (!host || host === zone) host = '@';
  var type = rrType(ctx);
  var url = apiBase(ctx, BASE) + '/';
  var hostHdr = hostOf(url);
  var what = type + ' record ' + (host === '@' ? zone : host + '.' + zone);

  // One signed action; next gets the Response when it has no Error.
  var action = function (name: string, body: string, next: (r: any) => void) {
    var ts = Math.floor(ctx.clock.wallMs() / 1000);
    var date = isoTime(ts * 1000, false).substring(0, 10);
    var hdrs = [['content-type', 'application/json'], ['host', hostHdr], ['x-tc-action', name.toLowerCase()]];
    var creq = canonicalRequest(sha, 'POST', '/', '', hdrs, body);
    var scope = date + '/dnspod/tc3_request';
    var sts = 'TC3-HMAC-SHA256\n' + ts + '\n' + scope + '\n' + sha256Hex(sha, creq);
    var k = hmacHex(sha, hmacHex(sha, hmacHex(sha, 'TC3' + (o.password || ''), date, true), 'dnspod', true), 'tc3_request', true);
    var auth = 'TC3-HMAC-SHA256 Credential=' + (o.username || '') + '/' + scope +
      ', SignedHeaders=content-type;host;x-tc-action, Signature=' + hmacHex(sha, k, sts);
    step(ctx, { method: 'POST', url: url, body: body, maxBytes: 4096, headers: { Host: hostHdr, Authorization: auth,
      'X-TC-Action': name, 'X-TC-Version': '2021-03-23', 'X-TC-Timestamp': String(ts) } }, 'dnspod3 ' + name, cb, function (res) {
      var j = json(res);
      var r = j && j.Response;
      if (!r) { cb(unreadable(res, 'dnspod3 ' + name)); return; }
      if (r.Error) { cb(refused(String(r.Error.Code), String(r.Error.Message || ''), name)); return; }
      next(r);
    });
  };

  action('DescribeRecordList', JSON.stringify({ Domain: zone, Subdomain: host, RecordType: type }), function (r: any) {
    var list = r.RecordList || [];
    var rec: any = null;
    for (var i = 0; i < list.length && !rec; i++) {
      if (list[i].Type === type && String(list[i].Name).toLowerCase() === host && String(list[i].LineId) === '0') rec = list[i];
    }
    if (!rec) { cb({ word: 'nohost', text: 'dnspod3: no ' + what + ' on the default line: create it first' }); return; }
    if (sameIp(rec.Value, ctx.ip, ctx.ipv6)) { cb({ word: 'nochg', text: what + ' already ' + ctx.ip }); return; }
    var body = '{"Domain":' + JSON.stringify(zone) + ',"SubDomain":' + JSON.stringify(host) + ',"RecordType":"' + type +
      '","RecordLine":' + DEFAULT_LINE + ',"RecordLineId":"0","Value":"' + ctx.ip + '","RecordId":' + Number(rec.RecordId) +
      ',"TTL":' + (rec.TTL > 0 ? rec.TTL : 600) + '}';
    action('ModifyRecord', body, function () { cb({ word: 'good', text: what + ' set to ' + ctx.ip }); });
  });
}

