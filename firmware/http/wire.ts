// HTTP/1.1 on the wire, for the firmware's own client over net/tls sockets: the request as it is
// sent, and a reader that takes the answer as it arrives, piece by piece, with its head and body
// bounded while they arrive (a peer cannot make the board hold more than one head line, the
// few headers it reads and maxBytes).
// Pure: no sockets, no timers.

import { Dict, HttpRequest, HttpResponse } from '../core/ports';
import { SplitUrl, basicAuth } from './url';
import { Proxy } from './proxy';
import { indexOfStr } from '../core/text';

/** The most a reply's status line and headers may take, in bytes (line ends included). */
export var MAX_HEAD = 4096;
/** The most of one head line that is kept while it arrives (the rest counts against MAX_HEAD),
 *  and the longest chunk size line taken. */
export var HEAD_LINE = 128;
/** The headers a reply keeps, by lowercase name: the only ones the firmware reads (Date sets the
 *  clock, Retry-After and RateLimit-Reset ask for a hold, SID and TIMEOUT answer a UPnP
 *  SUBSCRIBE). The others are read for the framing and let go, so a peer's 4 KB of headers
 *  never sit in RAM: what a reply can hold there is at most these few (HEAD_LINE each). */
export var KEPT_HEADERS = ' date retry-after ratelimit-reset sid timeout ';

// The request: request line, the caller's headers as given (one User-Agent: the caller's),
// then Host (without a default port) unless given, Authorization: Basic for user:pass@ in the
// URL unless given, Proxy-Authorization, Content-Length for a body, Connection: close.
// Through a proxy the target is the absolute URL.
export function requestText(req: HttpRequest, u: SplitUrl, px: Proxy | null): string {
  var hp = (u.host.indexOf(':') >= 0 ? '[' + u.host + ']' : u.host) +
    (u.port !== (u.protocol === 'https:' ? 443 : 80) ? ':' + u.port : '');
  var t = (req.method || 'GET') + ' ' + (px ? 'http://' + hp : '') + u.path + ' HTTP/1.1\r\n';
  var hs: Dict<string> = req.headers || {};
  var host = false;
  var auth = u.user === undefined;
  for (var k in hs) {
    var l = k.toLowerCase();
    if (l === 'host') host = true;
    if (l === 'authorization') auth = true;
    t += k + ': ' + hs[k] + '\r\n';
  }
  if (!host) t += 'Host: ' + hp + '\r\n';
  if (!auth) t += 'Authorization: ' + basicAuth(u.user!, u.pass || '') + '\r\n';
  if (px && px.auth) t += 'Proxy-Authorization: ' + px.auth + '\r\n';
  if (req.body !== undefined) t += 'Content-Length: ' + req.body.length + '\r\n';
  return t + 'Connection: close\r\n\r\n' + (req.body || '');
}

/**
 * A reader for one reply, filling `res` (status, the KEPT_HEADERS as received - the first of
 * each name, whatever its case, wins -, body, truncated). Call it with each piece of data as it
 * arrives and with no argument when the peer closed. It returns '' while more is needed, 'ok'
 * when the reply is complete (the body is then in res; stop reading and close), or an error:
 * 'badreply' (not HTTP, no status code, a bad chunk or length), 'toobig' (head longer than
 * MAX_HEAD), 'closed' (the peer closed before the reply was complete). A body longer than max
 * is cut there, marked truncated, and complete. noBody: the answer to HEAD.
 */
export function replyReader(res: HttpResponse, max: number, noBody: boolean): (d?: string) => string {
  var st = 0; // 0 head, 1 body by length or until close, 2 chunk size line, 3 chunk data
  var line = ''; // the line being read (head or chunk size)
  var head = 0; // head bytes so far
  var left = -1; // body or chunk bytes still to come; -1 until the peer closes
  var got = 0;
  var seen = ' '; // lowercase names of the headers kept
  var te = '';
  var cl = '';
  return function (d?: string): string {
    if (d === undefined) return st === 1 && left < 0 ? 'ok' : 'closed';
    var i = 0;
    while (i < d.length) {
      if (st & 1) {
        // body bytes: up to what the length or the chunk says, up to max in all
        var n = d.length - i;
        if (left >= 0 && n > left) n = left;
        var s = d.substr(i, n);
        i += n;
        if (left > 0) left -= n;
        if (got + n > max) { s = s.substring(0, max - got); res.truncated = true; }
        // appended where it is: Espruino appends to a string nothing else refers to in place, so
        // the body is never held twice (joining pieces held them and the whole at once), and a
        // peer that sends it a byte at a time makes no array of a thousand strings
        res.body += s;
        got += s.length;
        if (res.truncated || (!left && st === 1)) return 'ok';
        if (!left) st = 2;
        continue;
      }
      // a line of the head or a chunk size, perhaps split across pieces
      var nl = d.indexOf('\n', i);
      var e = nl < 0 ? d.length : nl;
      if (st) { if (line.length + e - i > HEAD_LINE) return 'badreply'; }
      else if ((head += (nl < 0 ? e : e + 1) - i) > MAX_HEAD) return 'toobig';
      // (a head line past HEAD_LINE keeps its start: every header read here is far shorter)
      if (line.length < HEAD_LINE) line += d.substring(i, Math.min(e, i + HEAD_LINE - line.length));
      if (nl < 0) return '';
      i = nl + 1;
      var l = line.charCodeAt(line.length - 1) === 13 ? line.substring(0, line.length - 1) : line;
      line = '';
      if (st) {
        // chunk size (hex, maybe ';extensions'); the empty line ends the previous chunk
        if (!l) continue;
        left = parseInt(l, 16);
        if (!(left >= 0) || '0123456789abcdefABCDEF'.indexOf(l.charAt(0)) < 0) return 'badreply';
        if (!left) return 'ok';
        st = 3;
      } else if (!res.status) {
        // status line: HTTP/x.y 3-digit code
        var code = parseInt(l.substr(l.indexOf(' ') + 1, 3), 10);
        if (l.substring(0, 5) !== 'HTTP/' || !(code >= 100)) return 'badreply';
        res.status = code;
      } else if (l) {
        var c = l.indexOf(':');
        if (c > 0) {
          var k = l.substring(0, c).toLowerCase();
          var v = l.substring(c + 1).trim();
          if (indexOfStr(KEPT_HEADERS, ' ' + k + ' ') >= 0 && indexOfStr(seen, ' ' + k + ' ') < 0) {
            res.headers[l.substring(0, c)] = v;
            seen += k + ' ';
          }
          if (k === 'transfer-encoding') te = v.toLowerCase();
          if (k === 'content-length') cl = v;
        }
      } else {
        // the blank line: the body is framed by chunks, a length, or the peer closing
        if (noBody || res.status < 200 || res.status === 204 || res.status === 304) return 'ok';
        st = 1;
        if (indexOfStr(te, 'chunked') >= 0) st = 2;
        else if (cl) {
          left = parseInt(cl, 10);
          if (!(left >= 0)) return 'badreply';
          if (!left) return 'ok';
        }
      }
    }
    return '';
  };
}
