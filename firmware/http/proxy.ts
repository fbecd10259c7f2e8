// The section option proxy ([user:pass@]host:port, as ddns-scripts exports it to wget/curl as
// http_proxy). A plain http:// request goes to the proxy with the absolute URL as its path and
// Proxy-Authorization: Basic when credentials are given. https:// would need CONNECT and then
// TLS inside that tunnel; Espruino starts TLS only on a socket it opens itself
// (netCreateSocket with ST_TLS in libs/network/network.c), so the board cannot do it.

import { basicAuth, percentDecode } from './url';
import { parseIPv6 } from '../core/ip';

export interface Proxy {
  host: string;
  port: number;
  /** 'Basic ...' for Proxy-Authorization, or '' */
  auth: string;
  /** the password, for masking ('' when none) */
  pass: string;
}

export var PROXY_TLS = 'proxy: https:// cannot go through a proxy on this board (Espruino starts TLS only on ' +
  'a connection it opens itself, not inside an HTTP CONNECT tunnel): use http:// or remove the proxy';

function portNum(s: string): number {
  if (!s.length || s.length > 5) return 0;
  for (var i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return 0;
  var p = parseInt(s, 10);
  return p >= 1 && p <= 65535 ? p : 0;
}

/** Parses [http://][user:pass@]host:port (host may be [IPv6]); null when malformed. */
export function parseProxy(s: string): Proxy | null {
  if (!s) return null;
  if (s.substring(0, 7).toLowerCase() === 'http://') s = s.substring(7);
  if (s.charAt(s.length - 1) === '/') s = s.substring(0, s.length - 1);
  var out: Proxy = { host: '', port: 0, auth: '', pass: '' };
  var at = s.lastIndexOf('@');
  if (at >= 0) {
    var cred = s.substring(0, at);
    var c = cred.indexOf(':');
    var user = percentDecode(c >= 0 ? cred.substring(0, c) : cred);
    out.pass = percentDecode(c >= 0 ? cred.substring(c + 1) : '');
    out.auth = basicAuth(user, out.pass);
    s = s.substring(at + 1);
  }
  var colon = s.lastIndexOf(':');
  if (s.charAt(0) === '[') {
    var close = s.indexOf(']');
    if (close < 0 || s.charAt(close + 1) !== ':') return null;
    out.host = parseIPv6(s.substring(1, close)) || '';
    colon = close + 1;
  } else if (colon > 0) {
    out.host = s.substring(0, colon);
  }
  out.port = colon > 0 ? portNum(s.substring(colon + 1)) : 0;
  return out.host && out.port ? out : null;
}
