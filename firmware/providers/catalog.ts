// The provider catalog: every URL provider of ddns-scripts 2.8.4 with its update URL template per
// IP version and its expected answer, the API providers (which need code: their rows are in
// providers/registry.ts), the providers the OpenWrt wiki lists that no longer exist, the old
// service names ddns-scripts itself renamed, and the providers ddns-updater has that ddns-scripts
// lacks (named by their domain, as ddns-scripts names its own; firmware/providers/ddns-updater.json
// maps ddns-updater's names to these). It is data, kept where it costs the board the least
// RAM.
//
// Storage format. The table is a few string literals, one line per service, split in parts by
// name so that a lookup reads one part of about 1 KB: Espruino copies a string literal into RAM
// when the code that holds it runs (the code itself stays in flash when run from Storage), so a
// part is what a lookup costs, and only while it runs (measured on the Linux build of 2v29: 40 to
// 100 blocks per part, where the whole table as one literal would be about 9 KB at once). Nothing
// is parsed ahead; no object exists until lookupService() builds one ServiceInfo. A line is
//
//   \n name \t ipv4 \t ipv6 \t answer \t extra        (trailing empty fields are left out)
//
//   name    the ddns-scripts service_name (the provider file name without .json), exact case
//   ipv4    URL template for IPv4, empty when IPv4 is not supported; '+' for an API provider
//           that supports IPv4
//   ipv6    URL template for IPv6, '=' when it is the same as ipv4, empty when unsupported;
//           '+' for an API provider that supports IPv6
//   answer  expected answer (alternatives split on '|', case-insensitive substring); empty means
//           any answer counts as success
//   extra   '@key'   an API provider: key of its row in providers/registry.ts
//           '!text'  retired: text is the sentence for the user ('!' alone: the standard one)
//           '>name'  an old name of the service `name` (one level, never chained)
//
// Two shorthands shorten the templates; they are expanded only when an entry is looked up and
// never apply to a user's own update_url:
//   '~'  stands for '[USERNAME]:[PASSWORD]@' (credentials that are sent as Basic auth)
//   '^'  stands for '/nic/update?hostname=[DOMAIN]&myip=[IP]' (the dyndns2 path)
// No catalog URL contains '~', '^', a tab or a newline of its own.
//
// Names. Lookups are exact and case-sensitive, like ddns-scripts. The old names it migrated
// itself (its ddns.defaults: CloudFlare, NoIP.com, No-IP.com, freedns.afraid.org, free.editdns.net,
// domains.google.com, spdns.de, strato.de) and the names the wiki uses (afraid.org, cloudflare.com,
// noip.com) resolve to the current entry; the returned ServiceInfo carries the current name.
// dyn.com and dyndns.org are both entries of their own (ddns-scripts keeps both, same URL), and so
// are the wiki's 'BIND nsupdate' (bind-nsupdate) and 'no-ip.com (noip.com)' (no-ip.com, old name
// noip.com).
//
// Fixes to ddns-scripts 2.8.4 (mistakes its catalog is known for):
// - domopoli.de: the doubled 'http://[USERNAME]:[PASSWORD]@http://' is one 'http://~' prefix.
// - dnsever.com: 'update.php?host[[DOMAIN]]' becomes 'update.php?host%5B[DOMAIN]%5D=[IP]':
//   DNSEver reads PHP-array parameters host[name]=address (its clients send exactly that); the
//   brackets are percent-encoded, as a literal '[' is not allowed in a URL query, and the
//   address, which upstream never sent, is given.
// - apertodns.com-token: '[PASSWORD]:[PASSWORD]@' is kept on purpose. It is not a slip: ApertoDNS
//   authenticates a DDNS token as token:token (its own Home Assistant add-on sends exactly that),
//   so the token goes in password and username is not used. Firmware that turns user:pass@ into
//   an Authorization header must fill both placeholders (every occurrence is replaced).
// - infomaniak.com: Infomaniak now answers 'successfully_changed' and 'no_change' (ddns-updater
//   fixed the same in its issue 604); both are accepted with the old good/nochg.
// - now-dns.com: the address is sent as myip=[IP]; upstream sent none, so Now-DNS took the
//   request's source address, and an IPv6 section (the board reaches it over IPv4) set nothing
//   useful.

import { ServiceInfo } from './types';

// Which part of table() holds `name`: part k has the names whose lower-case form n satisfies
// b[k-1] <= n < b[k] for the bounds b below. Keep the bounds and the parts sorted by lower-case
// name (test/unit/catalog.test.ts checks that every name is found).
function partOf(name: string): number {
  var b = 'd,dns,do,dy,f,m,n,p,t'.split(',');
  var n = name.toLowerCase();
  var k = 0;
  while (k < b.length && n >= b[k]) k++;
  return k;
}

// Number of parts in table(); serviceNames() walks them all.
var PARTS = 10;

// One part of the table. A function, so that the literals stay in flash until asked for.
function table(k: number): string {
  switch (k) {
    case 0: return '' +
      '\n3322.org\thttp://~members.3322.org/dyndns/update?system=dyndns&hostname=[DOMAIN]&myip=[IP]' +
      '\nafraid.org\t\t\t\t>afraid.org-keyauth' +
      '\nafraid.org-basicauth\thttps://~freedns.afraid.org^\t=' +
      '\nafraid.org-keyauth\thttps://freedns.afraid.org/dynamic/update.php?[PASSWORD]&address=[IP]\t=' +
      '\nafraid.org-v2-basic\thttps://~sync.afraid.org/u/?h=[DOMAIN]&ip=[IP]\thttps://~v6.sync.afraid.org/u/?h=[DOMAIN]&ip=[IP]' +
      '\nafraid.org-v2-token\thttps://sync.afraid.org/u/[PASSWORD]/?address=[IP]\thttps://v6.sync.afraid.org/u/[PASSWORD]/?address=[IP]' +
      '\naliyun.com\t+\t+\t\t@aliyun' +
      '\nall-inkl.com\thttp://~dyndns.kasserver.com/?myip=[IP]\t=' +
      '\napertodns.com\thttps://~api.apertodns.com^\t=\tgood|nochg' +
      '\napertodns.com-token\thttps://[PASSWORD]:[PASSWORD]@api.apertodns.com^\t=\tgood|nochg' +
      '\nbeget.com\t+\t+\t\t@beget' +
      '\nbind-nsupdate\t+\t+\t\t@nsupdate' +
      '\nblazingfast.io\t+\t+\t\t@blazingfast' +
      '\nbunny.net\t+\t+\t\t@bunny' +
      '\nchangeip.com\thttp://~nic.changeip.com/nic/update?u=[USERNAME]&p=[PASSWORD]&cmd=update&hostname=[DOMAIN]&ip=[IP]\t\tSuccessful' +
      '\ncloud.google.com-v1\t+\t+\t\t@gcp' +
      '\nCloudFlare\t\t\t\t>cloudflare.com-v4' +
      '\ncloudflare.com\t\t\t\t>cloudflare.com-v4' +
      '\ncloudflare.com-v4\t+\t+\t\t@cloudflare' +
      '\ncnkuai.cn\t+\t+\t\t@cnkuai' +
      '\ncore-networks.de\thttp://~dyndns.core-networks.de/?hostname=[DOMAIN]&myip=[IP]&keepipv6=1\thttp://~dyndns.core-networks.de/?hostname=[DOMAIN]&myip=[IP]&keepipv4=1\tgood';
    case 1: return '' +
      '\nddnss.de\thttp://ip4.ddnss.de/upd.php?user=[USERNAME]&pwd=[PASSWORD]&host=[DOMAIN]&ip=[IP]\t\tUpdated|No change' +
      '\nddo.jp\thttp://free.ddo.jp/dnsupdate.php?dn=[DOMAIN]&pw=[PASSWORD]&ip=[IP]' +
      '\ndesec.io\thttps://update.dedyn.io/update?username=[USERNAME]&password=[PASSWORD]&hostname=[DOMAIN]&myipv4=[IP]&myipv6=preserve\thttps://update.dedyn.io/update?username=[USERNAME]&password=[PASSWORD]&hostname=[DOMAIN]&myipv6=[IP]&myipv4=preserve\tgood|nochg' +
      '\ndhis.org\thttp://~is.dhis.org/\t=' +
      '\ndigitalocean.com-v2\t+\t+\t\t@digitalocean';
    case 2: return '' +
      '\ndns.hetzner.com\t\t\t\t!Hetzner is shutting down its legacy DNS Console API (dns.hetzner.com): use service hetzner.cloud with an API token of your Hetzner Cloud project.' +
      '\ndnsdynamic.org\thttp://~www.dnsdynamic.org/api/?hostname=[DOMAIN]&myip=[IP]\t\tgood|nochg' +
      '\ndnsever.com\thttp://~dyna.dnsever.com/update.php?host%5B[DOMAIN]%5D=[IP]' +
      '\ndnsexit.com\thttp://update.dnsexit.com/RemoteUpdate.sv?login=[USERNAME]&password=[PASSWORD]&host=[DOMAIN]&myip=[IP]' +
      '\ndnshome.de\thttp://~www.dnshome.de/dyndns.php?hostname=[DOMAIN]&ip=[IP]\thttp://~www.dnshome.de/dyndns.php?hostname=[DOMAIN]&ip6=[IP]' +
      '\ndnsmadeeasy.com\thttp://cp.dnsmadeeasy.com/servlet/updateip?username=[USERNAME]&password=[PASSWORD]&id=[DOMAIN]&ip=[IP]\t\tsuccess|ip-same' +
      '\ndnsmax.com\thttp://update.dnsmax.com/update/?username=[USERNAME]&password=[PASSWORD]&resellerid=1&clientname=openwrt&clientversion=8.09&protocolversion=2.0&updatehostname=[DOMAIN]&ip=[IP]' +
      '\ndnsomatic.com\thttp://~updates.dnsomatic.com^\t\tgood|nochg' +
      '\ndnspark.com\thttp://~control.dnspark.com/api/dynamic/update.php?hostname=[DOMAIN]&ip=[IP]\t\tok|nochange' +
      '\ndnspod.cn\t+\t+\t\t@dnspod' +
      '\ndnspod.cn-v3\t+\t+\t\t@dnspod3';
    case 3: return '' +
      '\ndo.de\thttp://ddns.do.de/?myip=[IP]&hostname=[DOMAIN]&username=[USERNAME]&password=[PASSWORD]\t=\tgood|nochg' +
      '\ndomaindiscount24.com\thttps://dynamicdns.key-systems.net/update.php?hostname=[DOMAIN]&password=[PASSWORD]&ip=[IP]\t\tsuccess' +
      '\ndomains.google.com\t\t\t\t>google.com' +
      '\ndomeneshop.no\thttps://~api.domeneshop.no/v0/dyndns/update?hostname=[DOMAIN]&myip=[IP]\t=' +
      '\ndomopoli.de\thttp://~dyndns.domopoli.de^\t\tgood|nochg' +
      '\ndondominio.com\thttp://dondns.dondominio.com/plain/?user=[USERNAME]&password=[PASSWORD]&host=[DOMAIN]&ip=[IP]\t\tOK' +
      '\ndreamhost.com\t+\t+\t\t@dreamhost' +
      '\ndtdns.com\t\t\t\t!DtDNS closed its dynamic DNS service; ddns-scripts and ddclient dropped it.' +
      '\nduckdns.org\thttp://www.duckdns.org/update?domains=[DOMAIN]&token=[PASSWORD]&ip=[IP]\thttp://www.duckdns.org/update?domains=[DOMAIN]&token=[PASSWORD]&ipv6=[IP]\tOK' +
      '\nduiadns.net\thttp://ip.duiadns.net/dynamic.duia?host=[DOMAIN]&password=[PASSWORD]&ip4=[IP]\thttp://ip.duiadns.net/dynamic.duia?host=[DOMAIN]&password=[PASSWORD]&ip6=[IP]';
    case 4: return '' +
      '\ndy.fi\thttp://~www.dy.fi/nic/update?hostname=[DOMAIN]\t\tgood|nochg' +
      '\ndyn.com\thttp://~members.dyndns.org/v3/update?hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg' +
      '\ndyndns.it\thttp://~update.dyndns.it/nic/update?system=dyndns&hostname=[DOMAIN]&myip=[IP]\t\tgood|nochg' +
      '\ndyndns.org\thttp://~members.dyndns.org/v3/update?hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg' +
      '\ndyndnss.net\t\t\t\t!' +
      '\ndyns.net\t\t\t\t!' +
      '\ndynsip.org\t\t\t\t!' +
      '\ndynu.com\thttp://api.dynu.com^&username=[USERNAME]&password=[PASSWORD]\thttp://api.dynu.com/nic/update?hostname=[DOMAIN]&myip=no&myipv6=[IP]&username=[USERNAME]&password=[PASSWORD]' +
      '\ndynv6.com\thttp://dynv6.com/api/update?hostname=[DOMAIN]&token=[PASSWORD]&ipv4=[IP]\thttp://dynv6.com/api/update?hostname=[DOMAIN]&token=[PASSWORD]&ipv6=[IP]\tupdated|unchanged' +
      '\neasydns.com\thttp://~api.cp.easydns.com/dyn/generic.php?hostname=[DOMAIN]&myip=[IP]\t=\tOK|NOERROR' +
      '\neditdns.net\t\t\t\t!' +
      '\neurodns.com\thttps://~update.eurodyndns.org/update/?hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg';
    case 5: return '' +
      '\nfree.editdns.net\t\t\t\t>editdns.net' +
      '\nfreedns.42.pl\t+\t\t\t@freedns42' +
      '\nfreedns.afraid.org\t\t\t\t>afraid.org-keyauth' +
      '\ngandi.net\t+\t+\t\t@gandi' +
      '\ngigahost.no\thttps://~api.gigahost.no/api/v0/dns/dyndns?hostname=[DOMAIN]&myip=[IP]\thttps://~api.gigahost.no/api/v0/dns/dyndns?hostname=[DOMAIN]&myipv6=[IP]\tgood|nochg' +
      '\ngodaddy.com-v1\t+\t+\t\t@godaddy' +
      '\ngoip.de\thttp://www.goip.de/setip?username=[USERNAME]&password=[PASSWORD]&subdomain=[DOMAIN]&ip=[IP]\thttp://www.goip.de/setip?username=[USERNAME]&password=[PASSWORD]&subdomain=[DOMAIN]&ip6=[IP]' +
      '\ngoogle.com\thttps://~domains.google.com^\t=\tgood|nochg' +
      '\ngratisdns.dk\t\t\t\t!GratisDNS no longer exists: its users were moved to one.com (service one.com).' +
      '\nhe.net\thttps://dyn.dns.he.net/nic/update?hostname=[DOMAIN]&password=[PASSWORD]&myip=[IP]\t=\tgood|nochg' +
      '\nhetzner.cloud\t+\t+\t\t@hetzner' +
      '\nhosting.de\thttps://~ddns.hosting.de^\t=\tgood|nochg' +
      '\nhostinger.com\t+\t+\t\t@hostinger' +
      '\nhuaweicloud.com\t+\t+\t\t@huaweicloud' +
      '\ninfomaniak.com\thttps://~infomaniak.com^\t=\tgood|nochg|successfully_changed|no_change' +
      '\ninwx.de\thttp://~dyndns.inwx.com/nic/update?myip=[IP]\thttp://~dyndns.inwx.com/nic/update?myipv6=[IP]\tgood|nochg' +
      '\nionos.com\t+\t+\t\t@ionos' +
      '\nipnodns.ru\thttps://ipnodns.ru/cgi-bin/dyndns.cgi?login=[USERNAME]&secret=[PASSWORD]\t\tok' +
      '\nipv64.net\thttp://ipv64.net/nic/update?domain=[DOMAIN]&key=[PASSWORD]&ip=[IP]\thttp://ipv64.net/nic/update?domain=[DOMAIN]&key=[PASSWORD]&ipv6=[IP]\tgood|nochg' +
      '\njoker.com\thttp://svc.joker.com/nic/update?username=[USERNAME]&password=[PASSWORD]&myip=[IP]&hostname=[DOMAIN]\t=\tgood|nochg' +
      '\nlinode.com\t+\t+\t\t@linode' +
      '\nloopia.se\thttp://~dns.loopia.se/XDynDNSServer/XDynDNS.php?system=custom&hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg' +
      '\nluadns.com-v1\t+\t+\t\t@luadns';
    case 6: return '' +
      '\nmoniker.com\thttps://dynamicdns.key-systems.net/update.php?hostname=[DOMAIN]&password=[PASSWORD]&ip=[IP]\t\tsuccess' +
      '\nmyaddr.tools\t+\t+\t\t@myaddr' +
      '\nmydns.jp\thttp://www.mydns.jp/directip.html?MID=[USERNAME]&PWD=[PASSWORD]&IPV4ADDR=[IP]\thttp://www.mydns.jp/directip.html?MID=[USERNAME]&PWD=[PASSWORD]&IPV6ADDR=[IP]' +
      '\nmyonlineportal.net\thttp://myonlineportal.net/updateddns?hostname=[DOMAIN]&ip=[IP]&username=[USERNAME]&password=[PASSWORD]\thttp://myonlineportal.net/updateddns?hostname=[DOMAIN]&ip6=[IP]&username=[USERNAME]&password=[PASSWORD]\tgood|nochg' +
      '\nmythic-beasts.com\thttp://dnsapi4.mythic-beasts.com/?domain=[USERNAME]&password=[PASSWORD]&command=REPLACE%20[DOMAIN]%2060%20A%20DYNAMIC_IP&origin=.\thttp://dnsapi6.mythic-beasts.com/?domain=[USERNAME]&password=[PASSWORD]&command=REPLACE%20[DOMAIN]%2060%20AAAA%20DYNAMIC_IP&origin=.' +
      '\nmythic-beasts.com-v2\thttps://~ipv4.api.mythic-beasts.com/dns/v2/dynamic/[DOMAIN]\thttps://~ipv6.api.mythic-beasts.com/dns/v2/dynamic/[DOMAIN]';
    case 7: return '' +
      '\nname.com\t+\t+\t\t@namecom' +
      '\nnamecheap.com\thttp://dynamicdns.park-your-domain.com/update?host=[USERNAME]&domain=[DOMAIN]&password=[PASSWORD]&ip=[IP]' +
      '\nnamesilo.com-v1\t+\t+\t\t@namesilo' +
      '\nnetcup.com\t+\t+\t\t@netcup' +
      '\nnettica.com\t\t\t\t!' +
      '\nnjal.la\thttps://njal.la/update/?h=[DOMAIN]&k=[PASSWORD]&a=[IP]\thttps://njal.la/update/?h=[DOMAIN]&k=[PASSWORD]&aaaa=[IP]' +
      '\nNo-IP.com\t\t\t\t>no-ip.com' +
      '\nno-ip.com\t+\t+\t\t@noip' +
      '\nno-ip.pl\thttp://~update.no-ip.pl/?hostname=[DOMAIN]\t=' +
      '\nNoIP.com\t\t\t\t>no-ip.com' +
      '\nnoip.com\t\t\t\t>no-ip.com' +
      '\nnow-dns.com\thttps://~now-dns.com/update?hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg' +
      '\nns1.com\t+\t+\t\t@ns1' +
      '\nnsupdate.info\thttp://~ipv4.nsupdate.info^\thttp://~ipv6.nsupdate.info^\tgood|nochg' +
      '\nnubem.com\t\t\t\t!' +
      '\none.com\t+\t\t\t@onecom' +
      '\nopendns.com\thttp://~updates.opendns.com^\t\tgood|nochg' +
      '\noray.com\thttp://~ddns.oray.com/ph/update?hostname=[DOMAIN]&myip=[IP]' +
      '\novh.com\thttps://~dns.eu.ovhapis.com/nic/update?system=dyndns&hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg';
    case 8: return '' +
      '\npdns\t+\t+\t\t@pdns' +
      '\nporkbun.com-v3\t+\t+\t\t@porkbun' +
      '\nregfish.de\thttp://dyndns.regfish.de/?fqdn=[DOMAIN]&forcehost=1&authtype=secure&token=[PASSWORD]&ipv4=[IP]\thttp://dyndns.regfish.de/?fqdn=[DOMAIN]&forcehost=1&authtype=secure&token=[PASSWORD]&ipv6=[IP]\tsuccess|100|101' +
      '\nroute53-v1\t+\t+\t\t@route53' +
      '\nscaleway.com\t+\t+\t\t@scaleway' +
      '\nschokokeks.org\thttp://~dyndns.schokokeks.org/nic/update?myip=[IP]\t\tgood|nochg' +
      '\nselfhost.de\thttp://carol.selfhost.de/update?username=[USERNAME]&password=[PASSWORD]&myip=[IP]&hostname=1\t\tgood|nochg|200|204' +
      '\nservercow.de\t+\t+\t\t@servercow' +
      '\nsimply.com\thttps://~api.simply.com/2/ddns/?hostname=[DOMAIN]&myip=[IP]\t=\tgood|nochg' +
      '\nsitelutions.com\thttps://dnsup.sitelutions.com/dnsup?user=[USERNAME]&pass=[PASSWORD]&id=[DOMAIN]&ip=[IP]\t\tsuccess' +
      '\nspaceship.com\t+\t+\t\t@spaceship' +
      '\nspdns.de\t\t\t\t>spdyn.de' +
      '\nspdyn.de\thttps://update.spdyn.de^&user=[USERNAME]&pass=[PASSWORD]\t=\tgood|nochg' +
      '\nstrato.com\thttp://~dyndns.strato.com^\t=\tgood|nochg' +
      '\nstrato.de\t\t\t\t>strato.com' +
      '\nsystem-ns.com\thttp://system-ns.com/api?type=dynamic&command=set&domain=[DOMAIN]&token=[PASSWORD]&ip=[IP]\t\t0';
    case 9: return '' +
      '\nthatip.com\thttp://update.dnsmax.com/update/?username=[USERNAME]&password=[PASSWORD]&resellerid=2&clientname=openwrt&clientversion=8.09&protocolversion=2.0&updatehostname=[DOMAIN]&ip=[IP]' +
      '\ntransip.nl\t+\t+\t\t@transip' +
      '\ntwodns.de\thttp://~update.twodns.de/update?hostname=[DOMAIN]&ip=[IP]' +
      '\nudmedia.de\thttp://~www.udmedia.de/nic/update?myip=[IP]\t=' +
      '\nvariomedia.de\thttp://~dyndns.variomedia.de^\t=\tgood|nochg' +
      '\nvercel.com\t+\t+\t\t@vercel' +
      '\nvultr.com\t+\t+\t\t@vultr' +
      '\nxlhost.de\thttp://~nsupdate.xlhost.de^\t\tgood|nochg' +
      '\nydns.io\thttps://~ydns.io/api/v1/update/?host=[DOMAIN]&ip=[IP]\t=\tgood|nochg' +
      '\nzerigo.com\t\t\t\t!' +
      '\nzoneedit.com\thttp://~dynamic.zoneedit.com/auth/dynamic.html?host=[DOMAIN]&dnsto=[IP]' +
      '\nzzzz.io\t\t\t\t!';
  }
  return '';
}

// Standard sentence for a retired entry ('!' alone).
var GONE = ' no longer offers dynamic DNS; ddns-scripts dropped it.';

// The fields of the line for `name` (missing trailing fields are absent), or null.
function findLine(name: string): string[] | null {
  if (!name || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0) return null;
  var t = table(partOf(name));
  var i = t.indexOf('\n' + name + '\t');
  if (i < 0) return null;
  var end = t.indexOf('\n', i + 1);
  return t.substring(i + 1, end < 0 ? t.length : end).split('\t');
}

// The line of `name`, with an old name followed to the entry it names.
function findEntry(name: string): string[] | null {
  var f = findLine(name);
  var x = f && f[4];
  if (x && x.charAt(0) === '>') f = findLine(x.substring(1));
  return f;
}

// Expands the two shorthands of a stored template.
function expand(s: string): string {
  return s.split('^').join('/nic/update?hostname=[DOMAIN]&myip=[IP]')
    .split('~').join('[USERNAME]:[PASSWORD]@');
}

// A section names its provider by service_name: this turns the name into what sending needs (URL
// templates and answer, or the API key, or the sentence saying the provider is gone). Null for an
// unknown name. `answer` is absent when any answer counts as success; ipv4/ipv6 are absent when
// that IP version is not supported, and always absent for API and retired entries.
export function lookupService(name: string): ServiceInfo | null {
  var f = findEntry(name);
  if (!f) return null;
  var info: ServiceInfo = { name: f[0] };
  var x = f[4] || '';
  if (x.charAt(0) === '!') {
    info.retired = x.length > 1 ? x.substring(1) : f[0] + GONE;
  } else if (x.charAt(0) === '@') {
    info.api = x.substring(1);
  } else {
    if (f[1]) info.ipv4 = expand(f[1]);
    if (f[2]) info.ipv6 = f[2] === '=' ? info.ipv4 : expand(f[2]);
    if (f[3]) info.answer = f[3];
  }
  return info;
}

// Config checks need to know whether a provider can take the section's IP version, also for API
// providers, whose ServiceInfo has no URL template: true when `name` (or the entry an old name
// points to) supports IPv6 (ipv6 true) or IPv4 (ipv6 false). False for unknown or retired names.
export function supportsIpVersion(name: string, ipv6: boolean): boolean {
  var f = findEntry(name);
  var x = f && f[4] || '';
  if (!f || x.charAt(0) === '!') return false;
  return !!f[ipv6 ? 2 : 1];
}

// The console lists the providers and the docs generator walks them: every current name, retired
// ones included, old names left out, in table order (sorted by lower-case name). Builds an array
// of about 110 strings: call it on demand only.
export function serviceNames(): string[] {
  var out: string[] = [];
  for (var k = 0; k < PARTS; k++) {
    var t = table(k);
    var i = t.indexOf('\n');
    while (i >= 0) {
      var end = t.indexOf('\n', i + 1);
      var line = t.substring(i + 1, end < 0 ? t.length : end);
      var tab = line.indexOf('\t');
      if (line.indexOf('\t>') < 0) out.push(tab < 0 ? line : line.substring(0, tab));
      i = end;
    }
  }
  return out;
}

// Old names, for the docs and for a console hint: pairs [old name, current name].
export function serviceAliases(): string[][] {
  var out: string[][] = [];
  for (var k = 0; k < PARTS; k++) {
    var t = table(k);
    var i = t.indexOf('\t>');
    while (i >= 0) {
      var start = t.lastIndexOf('\n', i) + 1;
      var end = t.indexOf('\n', i);
      out.push([t.substring(start, t.indexOf('\t', start)), t.substring(i + 2, end < 0 ? t.length : end)]);
      i = t.indexOf('\t>', i + 2);
    }
  }
  return out;
}
