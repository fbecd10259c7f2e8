// UPnP IGD, only what reads the router's public address and hears it change: SSDP discovery
// (M-SEARCH to 239.255.255.250:1900, the reply's LOCATION), the device description (the
// WANIPConnection service's controlURL and eventSubURL), SOAP GetExternalIPAddress, and GENA
// events (SUBSCRIBE, renew, the NOTIFY body). Pure text in, text out; no RegExp (Espruino's is
// tiny); every input is bounded, because a LAN device can send anything.
import { Dict } from '../core/ports';
import { indexOfStr } from '../core/text';
import { parseIPv4 } from '../core/ip';
import { splitUrl } from '../http/url';

export var SSDP_ADDR = '239.255.255.250';
export var SSDP_PORT = 1900;
export var WANIP1 = 'urn:schemas-upnp-org:service:WANIPConnection:1';

/** Largest description we read: miniupnpd's is about 3 KB. */
export var MAX_DESC = 16384;
var MAX_SSDP = 2048;
var MAX_SOAP = 4096;
var MAX_URL = 256;

export interface IgdService {
  serviceType: string;
  /** absolute http:// URLs */
  controlURL: string;
  /** '' when the description names none (then there are no events) */
  eventSubURL: string;
}

export interface NotifyBody {
  /** the address; '' for none (0.0.0.0 or empty); undefined when the body does not carry it */
  ip?: string;
  /** ConnectionStatus as sent (Connected, Disconnected...), undefined when absent */
  status?: string;
}

// Why: one short name for the many case-insensitive comparisons.
function lower(s: string): string {
  return s.toLowerCase();
}

// Why: header values and URLs go back out in requests; a CR, LF or other control char in them
// would let a device on the LAN inject headers.
function clean(s: string, max: number): boolean {
  if (s.length === 0 || s.length > max) return false;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

// Why: the M-SEARCH text is fixed but for the search target and the wait the router may take.
export function ssdpSearch(st: string, mx: number): string {
  return 'M-SEARCH * HTTP/1.1\r\nHOST: ' + SSDP_ADDR + ':' + SSDP_PORT + '\r\nMAN: "ssdp:discover"\r\nMX: ' +
    mx + '\r\nST: ' + st + '\r\n\r\n';
}

/** The value of a header in an HTTP-like head (up to the first empty line), any case; null if absent. */
// Why: SSDP replies arrive as one datagram of text, not through an HTTP client.
export function headerIn(text: string, name: string): string | null {
  var want = lower(name);
  var start = text.indexOf('\n');
  while (start >= 0 && start < text.length) {
    var nl = text.indexOf('\n', start + 1);
    var line = text.substring(start + 1, nl < 0 ? text.length : nl);
    if (line.charAt(line.length - 1) === '\r') line = line.substring(0, line.length - 1);
    if (line === '') return null;
    var colon = line.indexOf(':');
    if (colon > 0 && lower(line.substring(0, colon)).trim() === want) return line.substring(colon + 1).trim();
    start = nl;
  }
  return null;
}

/** Case-insensitive lookup in a header object (Espruino keeps names as the peer sent them). */
// Why: routers write SID, Sid or sid; the first match wins, as Espruino keeps the first duplicate.
export function headerOf(h: Dict<string> | undefined, name: string): string | null {
  if (!h) return null;
  var want = lower(name);
  for (var k in h) if (lower(k) === want) return String(h[k]);
  return null;
}

/** The LOCATION (and ST) of an SSDP search reply; null for anything that is not one. */
// Why: only a 200 reply with an http:// LOCATION leads anywhere the board can follow.
export function parseSsdpReply(msg: string): { location: string; st: string } | null {
  if (typeof msg !== 'string' || msg.length > MAX_SSDP) return null;
  var head = msg.substring(0, 12).toUpperCase();
  if (head !== 'HTTP/1.1 200' && head !== 'HTTP/1.0 200') return null;
  var loc = headerIn(msg, 'location');
  if (!loc || !clean(loc, MAX_URL) || lower(loc.substring(0, 7)) !== 'http://') return null;
  return { location: loc, st: headerIn(msg, 'st') || '' };
}

// XML name characters we accept in tag names and prefixes (ASCII only).
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46;
}

// Where the next <name ...> (or </name>, closing) tag starts in [from, end), with or without a
// namespace prefix (<u:name>); -1 when there is none. A longer name (serviceType when looking for
// service) or the word inside text (urn:...:service:...) does not count.
// Why: a scan with indexOf instead of a parser: no tree in RAM, bounded work.
function findTag(xml: string, name: string, from: number, end: number, closing: boolean): number {
  var i = from;
  for (;;) {
    var k = indexOfStr(xml, name, i);
    if (k < 0 || k + name.length >= end) return -1;
    i = k + 1;
    var after = xml.charCodeAt(k + name.length);
    if (isNameChar(after) || after === 58) continue;
    var j = k - 1;
    if (xml.charAt(j) === ':') {
      j--;
      var n = 0;
      while (j >= 0 && n < 16 && isNameChar(xml.charCodeAt(j))) { j--; n++; }
      if (n === 0) continue;
    }
    if (closing) {
      if (j >= 1 && xml.charAt(j) === '/' && xml.charAt(j - 1) === '<') return j - 1;
    } else if (j >= 0 && xml.charAt(j) === '<') return j;
  }
}

// Why: URLs in XML may carry &amp;; the five predefined entities are all a router writes.
function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  var names = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;'];
  var chars = ['&', '<', '>', '"', "'"];
  var out = '';
  var i = 0;
  while (i < s.length) {
    var c = s.charAt(i);
    var hit = -1;
    if (c === '&') for (var e = 0; e < names.length; e++) if (s.substr(i, names[e].length) === names[e]) hit = e;
    if (hit >= 0) { out += chars[hit]; i += names[hit].length; } else { out += c; i++; }
  }
  return out;
}

// The text of the first <name> element in [from, end): '' for <name/> or <name></name>, null
// when it is missing, has child elements, or is longer than max.
// Why: every value we need (serviceType, controlURL, NewExternalIPAddress) is a plain text leaf.
function tagText(xml: string, name: string, from: number, end: number, max: number): string | null {
  var k = findTag(xml, name, from, end, false);
  if (k < 0) return null;
  var gt = xml.indexOf('>', k);
  if (gt < 0 || gt >= end) return null;
  if (xml.charAt(gt - 1) === '/') return '';
  var lt = xml.indexOf('<', gt + 1);
  if (lt < 0 || lt >= end || xml.charAt(lt + 1) !== '/') return null;
  if (lt - gt - 1 > max) return null;
  return decodeEntities(xml.substring(gt + 1, lt)).trim();
}

/** An absolute http:// URL for ref as found in a description at base; null when unusable. */
// Why: controlURL is usually a path ('/ctl/IPConn'), relative to URLBase or the LOCATION.
export function resolveUrl(base: string, ref: string): string | null {
  if (!clean(ref, MAX_URL)) return null;
  var l = lower(ref.substring(0, 8));
  if (l.substring(0, 7) === 'http://') return splitUrl(ref) ? ref : null;
  if (l === 'https://') return null;
  var u = splitUrl(base);
  if (!u || u.protocol !== 'http:') return null;
  var origin = 'http://' + u.host + (u.port !== 80 ? ':' + u.port : '');
  if (ref.charAt(0) === '/') return origin + ref;
  var q = u.path.indexOf('?');
  var path = q >= 0 ? u.path.substring(0, q) : u.path;
  return origin + path.substring(0, path.lastIndexOf('/') + 1) + ref;
}

// Why: the service type goes into a quoted SOAPAction header and an XML attribute.
function urnOk(s: string): boolean {
  for (var i = 0; i < s.length; i++) if (!isNameChar(s.charCodeAt(i)) && s.charAt(i) !== ':') return false;
  return s.length > 0 && s.length <= 100;
}

// String.prototype.startsWith is not in the ES5 typings.
function startsWithStr(s: string, prefix: string): boolean {
  return s.substring(0, prefix.length) === prefix;
}

/**
 * The WANIPConnection service of a device description fetched from location (WANPPPConnection
 * when there is no IP one), with absolute URLs; null when there is none or the text is
 * oversized or malformed.
 */
// Why: the description nests devices in devices; only the service blocks matter, so scan those.
export function parseRootDesc(xml: string, location: string): IgdService | null {
  if (typeof xml !== 'string' || xml.length > MAX_DESC) return null;
  var base = tagText(xml, 'URLBase', 0, xml.length, MAX_URL) || location;
  var ppp: IgdService | null = null;
  var pos = 0;
  for (var count = 0; count < 64; count++) {
    var s = findTag(xml, 'service', pos, xml.length, false);
    if (s < 0) break;
    var e = findTag(xml, 'service', s + 1, xml.length, true);
    if (e < 0) break;
    pos = e + 1;
    var type = tagText(xml, 'serviceType', s, e, 100);
    if (!type || !urnOk(type)) continue;
    var isIp = startsWithStr(type, 'urn:schemas-upnp-org:service:WANIPConnection:');
    if (!isIp && !startsWithStr(type, 'urn:schemas-upnp-org:service:WANPPPConnection:')) continue;
    var ctl = tagText(xml, 'controlURL', s, e, MAX_URL);
    var ctlUrl = ctl ? resolveUrl(base, ctl) : null;
    if (!ctlUrl) continue;
    var evt = tagText(xml, 'eventSubURL', s, e, MAX_URL);
    var svc: IgdService = { serviceType: type, controlURL: ctlUrl, eventSubURL: (evt && resolveUrl(base, evt)) || '' };
    if (isIp) return svc;
    if (!ppp) ppp = svc;
  }
  return ppp;
}

/** Headers and body of the SOAP call GetExternalIPAddress for a service type from parseRootDesc. */
// Why: the action is named in both the SOAPAction header and the body, with the service's version.
export function soapExternalIp(serviceType: string): { headers: Dict<string>; body: string } {
  return {
    headers: { 'Content-Type': 'text/xml; charset="utf-8"', SOAPAction: '"' + serviceType + '#GetExternalIPAddress"' },
    body: '<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
      's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:GetExternalIPAddress xmlns:u="' +
      serviceType + '"></u:GetExternalIPAddress></s:Body></s:Envelope>\r\n',
  };
}

// Why: "no address" is an empty string in SOAP and 0.0.0.0 in events; both mean none.
function addressText(t: string): string | undefined {
  if (t === '' || t === '0.0.0.0') return '';
  return parseIPv4(t) || undefined;
}

/** NewExternalIPAddress from a SOAP reply: the address, '' for none, null when absent or not an address. */
// Why: a SOAP fault (UPnPError) or garbage must not read as "no address".
export function parseExternalIp(body: string): string | null {
  if (typeof body !== 'string' || body.length > MAX_SOAP) return null;
  var t = tagText(body, 'NewExternalIPAddress', 0, body.length, 64);
  if (t === null) return null;
  var ip = addressText(t);
  return ip === undefined ? null : ip;
}

/** GENA SUBSCRIBE headers for a new subscription (method SUBSCRIBE to the eventSubURL). */
// Why: the callback must be the board's own address, else the router refuses (secure mode).
export function subscribeHeaders(callbackUrl: string, timeoutSec: number): Dict<string> {
  return { CALLBACK: '<' + callbackUrl + '>', NT: 'upnp:event', TIMEOUT: 'Second-' + timeoutSec };
}

/** GENA SUBSCRIBE headers that renew the subscription sid. */
// Why: a renewal carries the SID and no CALLBACK/NT (the router answers 400 when both are sent).
export function renewHeaders(sid: string, timeoutSec: number): Dict<string> {
  return { SID: sid, TIMEOUT: 'Second-' + timeoutSec };
}

/** GENA UNSUBSCRIBE headers. */
// Why: a stopped watcher frees its slot in the router's subscriber table.
export function unsubscribeHeaders(sid: string): Dict<string> {
  return { SID: sid };
}

/** The SID header value of a SUBSCRIBE reply or NOTIFY, or null when missing or unsafe. */
// Why: the SID is sent back in renewals, so it must be a single clean token of sane length.
export function parseSid(v: string | null): string | null {
  if (typeof v !== 'string') return null;
  var s = v.trim();
  return clean(s, 128) ? s : null;
}

/** Seconds of a TIMEOUT header ('Second-1800'); 0 for 'Second-infinite'; null when malformed. */
// Why: the router may grant less than asked; renewals are timed from what it granted.
export function parseTimeout(v: string | null): number | null {
  if (typeof v !== 'string') return null;
  var s = lower(v.trim());
  if (s.substring(0, 7) !== 'second-') return null;
  var n = s.substring(7);
  if (n === 'infinite') return 0;
  if (n.length < 1 || n.length > 9) return null;
  for (var i = 0; i < n.length; i++) if (n.charCodeAt(i) < 48 || n.charCodeAt(i) > 57) return null;
  var sec = parseInt(n, 10);
  return sec > 0 ? sec : null;
}

/** ExternalIPAddress and ConnectionStatus of a GENA NOTIFY body; null when it is not a property set. */
// Why: an event may carry only some variables; absent ones must not read as "no address".
export function parseNotify(body: string): NotifyBody | null {
  if (typeof body !== 'string' || body.length > MAX_SOAP) return null;
  if (findTag(body, 'propertyset', 0, body.length, false) < 0) return null;
  var out: NotifyBody = {};
  var t = tagText(body, 'ExternalIPAddress', 0, body.length, 64);
  if (t !== null) {
    var ip = addressText(t);
    if (ip !== undefined) out.ip = ip;
  }
  var st = tagText(body, 'ConnectionStatus', 0, body.length, 32);
  if (st !== null) out.status = st;
  return out;
}
