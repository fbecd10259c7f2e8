// Tables for the UPnP IGD codec: texts captured from miniupnpd 2.3.1 (test/fixtures/upnp), other
// routers' spellings, and hostile or oversized input from a device on the LAN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ssdpSearch, parseSsdpReply, headerIn, headerOf, parseRootDesc, resolveUrl, soapExternalIp,
  parseExternalIp, subscribeHeaders, renewHeaders, unsubscribeHeaders, parseSid, parseTimeout,
  parseNotify, WANIP1, MAX_DESC
} from '../../firmware/router/upnp';

const ROOT = readFileSync(new URL('../fixtures/upnp/miniupnpd-rootDesc.xml', import.meta.url), 'latin1');
const LOC = 'http://192.168.77.1:5000/rootDesc.xml';

const SSDP_REPLY = 'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n' +
  'USN: uuid:3a1e9f50-6b7c-4d2e-9f00-5e1a7e57a003::urn:schemas-upnp-org:service:WANIPConnection:1\r\nEXT:\r\n' +
  'SERVER: Debian/6.18.44 UPnP/1.1 MiniUPnPd/2.3.1\r\nLOCATION: http://192.168.77.1:5000/rootDesc.xml\r\n' +
  'OPT: "http://schemas.upnp.org/upnp/1/0/"; ns=01\r\n01-NLS: 1795715674\r\nBOOTID.UPNP.ORG: 1795715674\r\n' +
  'CONFIGID.UPNP.ORG: 1337\r\n\r\n';

const SOAP_REPLY = '<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
  's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:GetExternalIPAddressResponse ' +
  'xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewExternalIPAddress>11.0.0.2</NewExternalIPAddress>' +
  '</u:GetExternalIPAddressResponse></s:Body></s:Envelope>\r\n';

const notify = (status: string, ip: string) => '<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0">' +
  '<e:property><PossibleConnectionTypes>IP_Routed</PossibleConnectionTypes></e:property>' +
  `<e:property><ConnectionStatus>${status}</ConnectionStatus></e:property>` +
  `<e:property><ExternalIPAddress>${ip}</ExternalIPAddress></e:property>` +
  '<e:property><PortMappingNumberOfEntries>0</PortMappingNumberOfEntries></e:property>' +
  '<e:property><SystemUpdateID>1</SystemUpdateID></e:property></e:propertyset>';

test('ssdpSearch: the M-SEARCH miniupnpd answers', () => {
  assert.equal(ssdpSearch(WANIP1, 2), 'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\n' +
    'MX: 2\r\nST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n\r\n');
});

test('parseSsdpReply: LOCATION of 200 replies only', () => {
  assert.deepEqual(parseSsdpReply(SSDP_REPLY), { location: LOC, st: WANIP1 });
  const rows: Array<[string, string, string | null]> = [
    ['lower-case names, LF only', 'HTTP/1.1 200 OK\nlocation: http://10.0.0.1/igd.xml\nst: x\n\n', 'http://10.0.0.1/igd.xml'],
    ['HTTP/1.0', 'HTTP/1.0 200 OK\r\nLocation:http://10.0.0.1:80/d.xml\r\n\r\n', 'http://10.0.0.1:80/d.xml'],
    ['a NOTIFY is not a reply', 'NOTIFY * HTTP/1.1\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\n', null],
    ['an M-SEARCH echoed', ssdpSearch(WANIP1, 2), null],
    ['404', 'HTTP/1.1 404 Not Found\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\n', null],
    ['no LOCATION', 'HTTP/1.1 200 OK\r\nST: x\r\n\r\n', null],
    ['LOCATION after the head', 'HTTP/1.1 200 OK\r\nST: x\r\n\r\nLOCATION: http://10.0.0.1/d.xml\r\n', null],
    ['https LOCATION', 'HTTP/1.1 200 OK\r\nLOCATION: https://10.0.0.1/d.xml\r\n\r\n', null],
    ['space inside LOCATION', 'HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/a b.xml\r\n\r\n', null],
    ['oversized LOCATION', 'HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/' + 'a'.repeat(300) + '\r\n\r\n', null],
    ['oversized datagram', SSDP_REPLY + 'X: ' + 'a'.repeat(2100) + '\r\n', null],
    ['binary junk', '\x00\x80\x00\x00', null],
    ['empty', '', null],
  ];
  for (const [what, msg, loc] of rows) {
    const r = parseSsdpReply(msg);
    assert.equal(r ? r.location : null, loc, what);
  }
});

test('headerIn and headerOf: any case, first match, head only', () => {
  assert.equal(headerIn(SSDP_REPLY, 'Ext'), '');
  assert.equal(headerIn(SSDP_REPLY, 'opt'), '"http://schemas.upnp.org/upnp/1/0/"; ns=01');
  assert.equal(headerIn(SSDP_REPLY, 'missing'), null);
  assert.equal(headerIn('HTTP/1.1 200 OK', 'location'), null);
  assert.equal(headerOf({ Sid: 'uuid:1', TIMEOUT: 'Second-1800' }, 'SID'), 'uuid:1');
  assert.equal(headerOf({ timeout: 'Second-5' }, 'Timeout'), 'Second-5');
  assert.equal(headerOf({}, 'sid'), null);
  assert.equal(headerOf(undefined, 'sid'), null);
});

test('parseRootDesc: miniupnpd 2.3.1 (IGD v2) gives the WANIPConnection:2 URLs', () => {
  assert.deepEqual(parseRootDesc(ROOT, LOC), {
    serviceType: 'urn:schemas-upnp-org:service:WANIPConnection:2',
    controlURL: 'http://192.168.77.1:5000/ctl/IPConn',
    eventSubURL: 'http://192.168.77.1:5000/evt/IPConn',
  });
});

test('parseRootDesc: other spellings', () => {
  const svc = (type: string, ctl: string, evt = '/evt') =>
    `<service><serviceType>${type}</serviceType><serviceId>x</serviceId><controlURL>${ctl}</controlURL>` +
    `<eventSubURL>${evt}</eventSubURL></service>`;
  const doc = (body: string, extra = '') => `<?xml version="1.0"?><root>${extra}<device><serviceList>${body}</serviceList></device></root>`;
  const ip1 = 'urn:schemas-upnp-org:service:WANIPConnection:1';
  const ppp = 'urn:schemas-upnp-org:service:WANPPPConnection:1';
  const rows: Array<[string, string, string, { serviceType: string; controlURL: string; eventSubURL: string } | null]> = [
    ['URLBase wins over LOCATION', doc(svc(ip1, '/ctl'), '<URLBase>http://10.0.0.1:49000</URLBase>'), LOC,
      { serviceType: ip1, controlURL: 'http://10.0.0.1:49000/ctl', eventSubURL: 'http://10.0.0.1:49000/evt' }],
    ['relative URLs resolve against the description path', doc(svc(ip1, 'ctl/ip', 'evt/ip')), 'http://10.0.0.1/igd/desc.xml',
      { serviceType: ip1, controlURL: 'http://10.0.0.1/igd/ctl/ip', eventSubURL: 'http://10.0.0.1/igd/evt/ip' }],
    ['absolute URLs kept', doc(svc(ip1, 'http://10.0.0.2:5000/c', 'http://10.0.0.2:5000/e')), LOC,
      { serviceType: ip1, controlURL: 'http://10.0.0.2:5000/c', eventSubURL: 'http://10.0.0.2:5000/e' }],
    ['PPP only: used', doc(svc(ppp, '/ppp')), 'http://10.0.0.1/d.xml',
      { serviceType: ppp, controlURL: 'http://10.0.0.1/ppp', eventSubURL: 'http://10.0.0.1/evt' }],
    ['IP preferred over an earlier PPP', doc(svc(ppp, '/ppp') + svc(ip1, '/ip')), 'http://10.0.0.1/d.xml',
      { serviceType: ip1, controlURL: 'http://10.0.0.1/ip', eventSubURL: 'http://10.0.0.1/evt' }],
    ['namespace prefixes and whitespace', '<r:root><r:service>\n <r:serviceType> ' + ip1 + ' </r:serviceType>\n' +
      '<r:controlURL>/c?a=1&amp;b=2</r:controlURL></r:service></r:root>', 'http://10.0.0.1/d.xml',
      { serviceType: ip1, controlURL: 'http://10.0.0.1/c?a=1&b=2', eventSubURL: '' }],
    ['no eventSubURL: no events', doc(`<service><serviceType>${ip1}</serviceType><controlURL>/c</controlURL></service>`),
      'http://10.0.0.1/d.xml', { serviceType: ip1, controlURL: 'http://10.0.0.1/c', eventSubURL: '' }],
    ['no WAN connection service', doc(svc('urn:schemas-upnp-org:service:Layer3Forwarding:1', '/l3f')), LOC, null],
    ['no controlURL', doc(`<service><serviceType>${ip1}</serviceType></service>`), LOC, null],
    ['https controlURL', doc(svc(ip1, 'https://10.0.0.1/c')), LOC, null],
    ['controlURL with CRLF (header injection)', doc(svc(ip1, '/c\r\nX-Evil: 1')), LOC, null],
    ['serviceType with a quote', doc(svc(ip1 + '"x', '/c')), LOC, null],
    ['controlURL with child elements', doc(svc(ip1, '<a>/c</a>')), LOC, null],
    ['service never closed', `<root><service><serviceType>${ip1}</serviceType><controlURL>/c</controlURL>`, LOC, null],
    ['the word only inside text', `<root><x>urn:x:service:y <service</x></root>`, LOC, null],
    ['not XML', 'HTTP/1.1 500\r\n\r\n', LOC, null],
    ['empty', '', LOC, null],
  ];
  for (const [what, xml, loc, want] of rows) assert.deepEqual(parseRootDesc(xml, loc), want, what);
});

test('parseRootDesc: oversized and hostile descriptions are rejected or bounded', () => {
  assert.equal(parseRootDesc(ROOT + ' '.repeat(MAX_DESC), LOC), null, 'oversized');
  assert.equal(parseRootDesc(undefined as any, LOC), null, 'undefined');
  const ip1 = 'urn:schemas-upnp-org:service:WANIPConnection:1';
  const long = '<root><service><serviceType>' + ip1 + '</serviceType><controlURL>/' + 'a'.repeat(400) +
    '</controlURL></service></root>';
  assert.equal(parseRootDesc(long, LOC), null, 'controlURL over 256 chars');
  // 100 decoy services before the real one: only the first 64 are looked at
  const decoy = '<service><serviceType>urn:x:service:Decoy:1</serviceType><controlURL>/d</controlURL></service>';
  const many = '<root>' + decoy.repeat(100) + `<service><serviceType>${ip1}</serviceType><controlURL>/c</controlURL></service></root>`;
  assert.ok(many.length < MAX_DESC);
  assert.equal(parseRootDesc(many, LOC), null, 'more than 64 services');
  // a description made of nothing but opening tags ends quickly
  const t0 = Date.now();
  assert.equal(parseRootDesc('<service'.repeat(2000), LOC), null);
  assert.equal(parseRootDesc('<service>'.repeat(1800), LOC), null);
  assert.ok(Date.now() - t0 < 500);
});

test('resolveUrl', () => {
  const rows: Array<[string, string, string | null]> = [
    [LOC, '/ctl/IPConn', 'http://192.168.77.1:5000/ctl/IPConn'],
    ['http://10.0.0.1/a/b.xml', 'c', 'http://10.0.0.1/a/c'],
    ['http://10.0.0.1/a/b.xml?x=/y', 'c', 'http://10.0.0.1/a/c'],
    ['http://10.0.0.1', 'c', 'http://10.0.0.1/c'],
    [LOC, 'http://10.0.0.9:1/x', 'http://10.0.0.9:1/x'],
    [LOC, 'HTTPS://10.0.0.9/x', null],
    ['ftp://10.0.0.1/', '/c', null],
    [LOC, '', null],
    [LOC, '/a b', null],
  ];
  for (const [base, ref, want] of rows) assert.equal(resolveUrl(base, ref), want, base + ' + ' + ref);
});

test('soapExternalIp: action header and envelope name the service type', () => {
  const r = soapExternalIp('urn:schemas-upnp-org:service:WANIPConnection:2');
  assert.deepEqual(r.headers, { 'Content-Type': 'text/xml; charset="utf-8"',
    SOAPAction: '"urn:schemas-upnp-org:service:WANIPConnection:2#GetExternalIPAddress"' });
  assert.ok(r.body.includes('<u:GetExternalIPAddress xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:2">' +
    '</u:GetExternalIPAddress>'));
  assert.ok(r.body.startsWith('<?xml version="1.0"?>'));
});

test('parseExternalIp: address, none, or not an answer', () => {
  const reply = (v: string) => SOAP_REPLY.replace('11.0.0.2', v);
  const rows: Array<[string, string, string | null]> = [
    ['miniupnpd', SOAP_REPLY, '11.0.0.2'],
    ['empty: no address', reply(''), ''],
    ['self-closing', SOAP_REPLY.replace('<NewExternalIPAddress>11.0.0.2</NewExternalIPAddress>', '<NewExternalIPAddress/>'), ''],
    ['0.0.0.0: no address', reply('0.0.0.0'), ''],
    ['prefixed element', '<m:NewExternalIPAddress> 203.0.113.5 </m:NewExternalIPAddress>', '203.0.113.5'],
    ['CGNAT passes through (the watcher judges)', reply('100.64.0.2'), '100.64.0.2'],
    ['not an address', reply('not-an-ip'), null],
    ['IPv6', reply('2001:db8::1'), null],
    ['SOAP fault', '<s:Envelope><s:Body><s:Fault><faultcode>s:Client</faultcode><detail><UPnPError>' +
      '<errorCode>401</errorCode><errorDescription>Invalid Action</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>', null],
    ['a longer name does not count', '<XNewExternalIPAddress>1.2.3.4</XNewExternalIPAddress>', null],
    ['oversized', SOAP_REPLY + ' '.repeat(5000), null],
    ['empty body', '', null],
  ];
  for (const [what, body, want] of rows) assert.equal(parseExternalIp(body), want, what);
});

test('GENA headers: subscribe, renew, unsubscribe', () => {
  assert.deepEqual(subscribeHeaders('http://192.168.77.10:8089/upnp', 1800),
    { CALLBACK: '<http://192.168.77.10:8089/upnp>', NT: 'upnp:event', TIMEOUT: 'Second-1800' });
  assert.deepEqual(renewHeaders('uuid:3a1e9f50-6b7c-4d2e-9f00-5e1a7e57be16', 1800),
    { SID: 'uuid:3a1e9f50-6b7c-4d2e-9f00-5e1a7e57be16', TIMEOUT: 'Second-1800' });
  assert.deepEqual(unsubscribeHeaders('uuid:1'), { SID: 'uuid:1' });
});

test('parseSid and parseTimeout', () => {
  const sids: Array<[any, string | null]> = [
    ['uuid:3a1e9f50-6b7c-4d2e-9f00-5e1a7e57be16', 'uuid:3a1e9f50-6b7c-4d2e-9f00-5e1a7e57be16'],
    [' uuid:1 ', 'uuid:1'], ['', null], [null, null], ['uuid:1\r\nX: y', null], ['a b', null], ['u'.repeat(129), null],
  ];
  for (const [v, want] of sids) assert.equal(parseSid(v), want, JSON.stringify(v));
  const timeouts: Array<[any, number | null]> = [
    ['Second-1800', 1800], ['second-300', 300], [' Second-5 ', 5], ['Second-infinite', 0],
    ['Second-0', null], ['Second-', null], ['Second-12x', null], ['Second-1234567890', null], ['1800', null], [null, null],
  ];
  for (const [v, want] of timeouts) assert.equal(parseTimeout(v), want, JSON.stringify(v));
});

test('parseNotify: ExternalIPAddress and ConnectionStatus as miniupnpd sends them', () => {
  const rows: Array<[string, string, object | null]> = [
    ['a change', notify('Connected', '11.0.0.3'), { ip: '11.0.0.3', status: 'Connected' }],
    ['WAN gone', notify('Disconnected', '0.0.0.0'), { ip: '', status: 'Disconnected' }],
    ['CGNAT WAN (miniupnpd reports none)', notify('Connected', '0.0.0.0'), { ip: '', status: 'Connected' }],
    ['only a counter changed', '<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property>' +
      '<PortMappingNumberOfEntries>1</PortMappingNumberOfEntries></e:property></e:propertyset>', {}],
    ['garbage address ignored', notify('Connected', 'x.y'), { status: 'Connected' }],
    ['not a property set', '<html>hello</html>', null],
    ['oversized', notify('Connected', '11.0.0.3') + ' '.repeat(5000), null],
    ['empty', '', null],
  ];
  for (const [what, body, want] of rows) assert.deepEqual(parseNotify(body), want, what);
});
