// Conformance of the provider catalog (firmware/providers/catalog.ts) with ddns-scripts 2.8.4.
//
// EXPECTED below was generated ONCE from the reference catalog (ddns-scripts-catalog.json) by a
// separate one-off script: every URL provider's templates filled for the sample section with a
// plain split/join per placeholder, after applying the two documented upstream fixes
// (domopoli.de's doubled 'http://', dnsever.com's 'host[[DOMAIN]]'). It is data, not code: the
// tests here fill the catalog's templates with their own straightforward replace (never the
// firmware's fillTemplate) and compare, then check that the firmware's fillTemplate, splitUrl
// and matchesAnswer (firmware/http/url.ts, answer.ts) agree with these independent answers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  lookupService, serviceNames, serviceAliases, supportsIpVersion
} from '../../firmware/providers/catalog';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SAMPLE = {
  username: 'user@example.com',
  password: 'p@ss word&1',
  domain: 'host.example.com',
  param_enc: 'a b',
  param_opt: 'x=1',
};
const IP4 = '198.51.100.7';
const IP6 = '2001:db8::7';

// [name, IPv4 request, IPv6 request, answer] for the sample section; null: IP version unsupported.
const REFERENCE: [string, string | null, string | null, string][] = [
  ["3322.org", "http://user%40example.com:p%40ss%20word%261@members.3322.org/dyndns/update?system=dyndns&hostname=host.example.com&myip=198.51.100.7",
    null, ""],
  ["afraid.org-basicauth", "https://user%40example.com:p%40ss%20word%261@freedns.afraid.org/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@freedns.afraid.org/nic/update?hostname=host.example.com&myip=2001:db8::7", ""],
  ["afraid.org-keyauth", "https://freedns.afraid.org/dynamic/update.php?p%40ss%20word%261&address=198.51.100.7",
    "https://freedns.afraid.org/dynamic/update.php?p%40ss%20word%261&address=2001:db8::7", ""],
  ["afraid.org-v2-basic", "https://user%40example.com:p%40ss%20word%261@sync.afraid.org/u/?h=host.example.com&ip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@v6.sync.afraid.org/u/?h=host.example.com&ip=2001:db8::7", ""],
  ["afraid.org-v2-token", "https://sync.afraid.org/u/p%40ss%20word%261/?address=198.51.100.7",
    "https://v6.sync.afraid.org/u/p%40ss%20word%261/?address=2001:db8::7", ""],
  ["all-inkl.com", "http://user%40example.com:p%40ss%20word%261@dyndns.kasserver.com/?myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@dyndns.kasserver.com/?myip=2001:db8::7", ""],
  ["apertodns.com-token", "https://p%40ss%20word%261:p%40ss%20word%261@api.apertodns.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://p%40ss%20word%261:p%40ss%20word%261@api.apertodns.com/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["apertodns.com", "https://user%40example.com:p%40ss%20word%261@api.apertodns.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@api.apertodns.com/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["changeip.com", "http://user%40example.com:p%40ss%20word%261@nic.changeip.com/nic/update?u=user%40example.com&p=p%40ss%20word%261&cmd=update&hostname=host.example.com&ip=198.51.100.7",
    null, "Successful"],
  ["core-networks.de", "http://user%40example.com:p%40ss%20word%261@dyndns.core-networks.de/?hostname=host.example.com&myip=198.51.100.7&keepipv6=1",
    "http://user%40example.com:p%40ss%20word%261@dyndns.core-networks.de/?hostname=host.example.com&myip=2001:db8::7&keepipv4=1", "good"],
  ["ddnss.de", "http://ip4.ddnss.de/upd.php?user=user%40example.com&pwd=p%40ss%20word%261&host=host.example.com&ip=198.51.100.7",
    null, "Updated|No change"],
  ["ddo.jp", "http://free.ddo.jp/dnsupdate.php?dn=host.example.com&pw=p%40ss%20word%261&ip=198.51.100.7",
    null, ""],
  ["desec.io", "https://update.dedyn.io/update?username=user%40example.com&password=p%40ss%20word%261&hostname=host.example.com&myipv4=198.51.100.7&myipv6=preserve",
    "https://update.dedyn.io/update?username=user%40example.com&password=p%40ss%20word%261&hostname=host.example.com&myipv6=2001:db8::7&myipv4=preserve", "good|nochg"],
  ["dhis.org", "http://user%40example.com:p%40ss%20word%261@is.dhis.org/",
    "http://user%40example.com:p%40ss%20word%261@is.dhis.org/", ""],
  ["dnsdynamic.org", "http://user%40example.com:p%40ss%20word%261@www.dnsdynamic.org/api/?hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["dnsever.com", "http://user%40example.com:p%40ss%20word%261@dyna.dnsever.com/update.php?host%5Bhost.example.com%5D=198.51.100.7",
    null, ""],
  ["dnsexit.com", "http://update.dnsexit.com/RemoteUpdate.sv?login=user%40example.com&password=p%40ss%20word%261&host=host.example.com&myip=198.51.100.7",
    null, ""],
  ["dnshome.de", "http://user%40example.com:p%40ss%20word%261@www.dnshome.de/dyndns.php?hostname=host.example.com&ip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@www.dnshome.de/dyndns.php?hostname=host.example.com&ip6=2001:db8::7", ""],
  ["dnsmadeeasy.com", "http://cp.dnsmadeeasy.com/servlet/updateip?username=user%40example.com&password=p%40ss%20word%261&id=host.example.com&ip=198.51.100.7",
    null, "success|ip-same"],
  ["dnsmax.com", "http://update.dnsmax.com/update/?username=user%40example.com&password=p%40ss%20word%261&resellerid=1&clientname=openwrt&clientversion=8.09&protocolversion=2.0&updatehostname=host.example.com&ip=198.51.100.7",
    null, ""],
  ["dnsomatic.com", "http://user%40example.com:p%40ss%20word%261@updates.dnsomatic.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["dnspark.com", "http://user%40example.com:p%40ss%20word%261@control.dnspark.com/api/dynamic/update.php?hostname=host.example.com&ip=198.51.100.7",
    null, "ok|nochange"],
  ["do.de", "http://ddns.do.de/?myip=198.51.100.7&hostname=host.example.com&username=user%40example.com&password=p%40ss%20word%261",
    "http://ddns.do.de/?myip=2001:db8::7&hostname=host.example.com&username=user%40example.com&password=p%40ss%20word%261", "good|nochg"],
  ["domopoli.de", "http://user%40example.com:p%40ss%20word%261@dyndns.domopoli.de/nic/update?hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["dondominio.com", "http://dondns.dondominio.com/plain/?user=user%40example.com&password=p%40ss%20word%261&host=host.example.com&ip=198.51.100.7",
    null, "OK"],
  ["duckdns.org", "http://www.duckdns.org/update?domains=host.example.com&token=p%40ss%20word%261&ip=198.51.100.7",
    "http://www.duckdns.org/update?domains=host.example.com&token=p%40ss%20word%261&ipv6=2001:db8::7", "OK"],
  ["duiadns.net", "http://ip.duiadns.net/dynamic.duia?host=host.example.com&password=p%40ss%20word%261&ip4=198.51.100.7",
    "http://ip.duiadns.net/dynamic.duia?host=host.example.com&password=p%40ss%20word%261&ip6=2001:db8::7", ""],
  ["dy.fi", "http://user%40example.com:p%40ss%20word%261@www.dy.fi/nic/update?hostname=host.example.com",
    null, "good|nochg"],
  ["dyn.com", "http://user%40example.com:p%40ss%20word%261@members.dyndns.org/v3/update?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@members.dyndns.org/v3/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["dyndns.it", "http://user%40example.com:p%40ss%20word%261@update.dyndns.it/nic/update?system=dyndns&hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["dyndns.org", "http://user%40example.com:p%40ss%20word%261@members.dyndns.org/v3/update?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@members.dyndns.org/v3/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["dynu.com", "http://api.dynu.com/nic/update?hostname=host.example.com&myip=198.51.100.7&username=user%40example.com&password=p%40ss%20word%261",
    "http://api.dynu.com/nic/update?hostname=host.example.com&myip=no&myipv6=2001:db8::7&username=user%40example.com&password=p%40ss%20word%261", ""],
  ["dynv6.com", "http://dynv6.com/api/update?hostname=host.example.com&token=p%40ss%20word%261&ipv4=198.51.100.7",
    "http://dynv6.com/api/update?hostname=host.example.com&token=p%40ss%20word%261&ipv6=2001:db8::7", "updated|unchanged"],
  ["easydns.com", "http://user%40example.com:p%40ss%20word%261@api.cp.easydns.com/dyn/generic.php?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@api.cp.easydns.com/dyn/generic.php?hostname=host.example.com&myip=2001:db8::7", "OK|NOERROR"],
  ["eurodns.com", "https://user%40example.com:p%40ss%20word%261@update.eurodyndns.org/update/?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@update.eurodyndns.org/update/?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["goip.de", "http://www.goip.de/setip?username=user%40example.com&password=p%40ss%20word%261&subdomain=host.example.com&ip=198.51.100.7",
    "http://www.goip.de/setip?username=user%40example.com&password=p%40ss%20word%261&subdomain=host.example.com&ip6=2001:db8::7", ""],
  ["google.com", "https://user%40example.com:p%40ss%20word%261@domains.google.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@domains.google.com/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["he.net", "https://dyn.dns.he.net/nic/update?hostname=host.example.com&password=p%40ss%20word%261&myip=198.51.100.7",
    "https://dyn.dns.he.net/nic/update?hostname=host.example.com&password=p%40ss%20word%261&myip=2001:db8::7", "good|nochg"],
  ["hosting.de", "https://user%40example.com:p%40ss%20word%261@ddns.hosting.de/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@ddns.hosting.de/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["infomaniak.com", "https://user%40example.com:p%40ss%20word%261@infomaniak.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@infomaniak.com/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["inwx.de", "http://user%40example.com:p%40ss%20word%261@dyndns.inwx.com/nic/update?myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@dyndns.inwx.com/nic/update?myipv6=2001:db8::7", "good|nochg"],
  ["ipnodns.ru", "https://ipnodns.ru/cgi-bin/dyndns.cgi?login=user%40example.com&secret=p%40ss%20word%261",
    null, "ok"],
  ["ipv64.net", "http://ipv64.net/nic/update?domain=host.example.com&key=p%40ss%20word%261&ip=198.51.100.7",
    "http://ipv64.net/nic/update?domain=host.example.com&key=p%40ss%20word%261&ipv6=2001:db8::7", "good|nochg"],
  ["joker.com", "http://svc.joker.com/nic/update?username=user%40example.com&password=p%40ss%20word%261&myip=198.51.100.7&hostname=host.example.com",
    "http://svc.joker.com/nic/update?username=user%40example.com&password=p%40ss%20word%261&myip=2001:db8::7&hostname=host.example.com", "good|nochg"],
  ["loopia.se", "http://user%40example.com:p%40ss%20word%261@dns.loopia.se/XDynDNSServer/XDynDNS.php?system=custom&hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@dns.loopia.se/XDynDNSServer/XDynDNS.php?system=custom&hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["moniker.com", "https://dynamicdns.key-systems.net/update.php?hostname=host.example.com&password=p%40ss%20word%261&ip=198.51.100.7",
    null, "success"],
  ["mydns.jp", "http://www.mydns.jp/directip.html?MID=user%40example.com&PWD=p%40ss%20word%261&IPV4ADDR=198.51.100.7",
    "http://www.mydns.jp/directip.html?MID=user%40example.com&PWD=p%40ss%20word%261&IPV6ADDR=2001:db8::7", ""],
  ["myonlineportal.net", "http://myonlineportal.net/updateddns?hostname=host.example.com&ip=198.51.100.7&username=user%40example.com&password=p%40ss%20word%261",
    "http://myonlineportal.net/updateddns?hostname=host.example.com&ip6=2001:db8::7&username=user%40example.com&password=p%40ss%20word%261", "good|nochg"],
  ["mythic-beasts.com-v2", "https://user%40example.com:p%40ss%20word%261@ipv4.api.mythic-beasts.com/dns/v2/dynamic/host.example.com",
    "https://user%40example.com:p%40ss%20word%261@ipv6.api.mythic-beasts.com/dns/v2/dynamic/host.example.com", ""],
  ["mythic-beasts.com", "http://dnsapi4.mythic-beasts.com/?domain=user%40example.com&password=p%40ss%20word%261&command=REPLACE%20host.example.com%2060%20A%20DYNAMIC_IP&origin=.",
    "http://dnsapi6.mythic-beasts.com/?domain=user%40example.com&password=p%40ss%20word%261&command=REPLACE%20host.example.com%2060%20AAAA%20DYNAMIC_IP&origin=.", ""],
  ["namecheap.com", "http://dynamicdns.park-your-domain.com/update?host=user%40example.com&domain=host.example.com&password=p%40ss%20word%261&ip=198.51.100.7",
    null, ""],
  ["njal.la", "https://njal.la/update/?h=host.example.com&k=p%40ss%20word%261&a=198.51.100.7",
    "https://njal.la/update/?h=host.example.com&k=p%40ss%20word%261&aaaa=2001:db8::7", ""],
  ["no-ip.pl", "http://user%40example.com:p%40ss%20word%261@update.no-ip.pl/?hostname=host.example.com",
    "http://user%40example.com:p%40ss%20word%261@update.no-ip.pl/?hostname=host.example.com", ""],
  ["now-dns.com", "https://user%40example.com:p%40ss%20word%261@now-dns.com/update?hostname=host.example.com",
    "https://user%40example.com:p%40ss%20word%261@now-dns.com/update?hostname=host.example.com", "good|nochg"],
  ["nsupdate.info", "http://user%40example.com:p%40ss%20word%261@ipv4.nsupdate.info/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@ipv6.nsupdate.info/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["opendns.com", "http://user%40example.com:p%40ss%20word%261@updates.opendns.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["oray.com", "http://user%40example.com:p%40ss%20word%261@ddns.oray.com/ph/update?hostname=host.example.com&myip=198.51.100.7",
    null, ""],
  ["ovh.com", "https://user%40example.com:p%40ss%20word%261@dns.eu.ovhapis.com/nic/update?system=dyndns&hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@dns.eu.ovhapis.com/nic/update?system=dyndns&hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["regfish.de", "http://dyndns.regfish.de/?fqdn=host.example.com&forcehost=1&authtype=secure&token=p%40ss%20word%261&ipv4=198.51.100.7",
    "http://dyndns.regfish.de/?fqdn=host.example.com&forcehost=1&authtype=secure&token=p%40ss%20word%261&ipv6=2001:db8::7", "success|100|101"],
  ["schokokeks.org", "http://user%40example.com:p%40ss%20word%261@dyndns.schokokeks.org/nic/update?myip=198.51.100.7",
    null, "good|nochg"],
  ["selfhost.de", "http://carol.selfhost.de/update?username=user%40example.com&password=p%40ss%20word%261&myip=198.51.100.7&hostname=1",
    null, "good|nochg|200|204"],
  ["simply.com", "https://user%40example.com:p%40ss%20word%261@api.simply.com/2/ddns/?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@api.simply.com/2/ddns/?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["sitelutions.com", "https://dnsup.sitelutions.com/dnsup?user=user%40example.com&pass=p%40ss%20word%261&id=host.example.com&ip=198.51.100.7",
    null, "success"],
  ["spdyn.de", "https://update.spdyn.de/nic/update?hostname=host.example.com&myip=198.51.100.7&user=user%40example.com&pass=p%40ss%20word%261",
    "https://update.spdyn.de/nic/update?hostname=host.example.com&myip=2001:db8::7&user=user%40example.com&pass=p%40ss%20word%261", "good|nochg"],
  ["strato.com", "http://user%40example.com:p%40ss%20word%261@dyndns.strato.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@dyndns.strato.com/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["system-ns.com", "http://system-ns.com/api?type=dynamic&command=set&domain=host.example.com&token=p%40ss%20word%261&ip=198.51.100.7",
    null, "0"],
  ["thatip.com", "http://update.dnsmax.com/update/?username=user%40example.com&password=p%40ss%20word%261&resellerid=2&clientname=openwrt&clientversion=8.09&protocolversion=2.0&updatehostname=host.example.com&ip=198.51.100.7",
    null, ""],
  ["twodns.de", "http://user%40example.com:p%40ss%20word%261@update.twodns.de/update?hostname=host.example.com&ip=198.51.100.7",
    null, ""],
  ["udmedia.de", "http://user%40example.com:p%40ss%20word%261@www.udmedia.de/nic/update?myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@www.udmedia.de/nic/update?myip=2001:db8::7", ""],
  ["variomedia.de", "http://user%40example.com:p%40ss%20word%261@dyndns.variomedia.de/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "http://user%40example.com:p%40ss%20word%261@dyndns.variomedia.de/nic/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
  ["xlhost.de", "http://user%40example.com:p%40ss%20word%261@nsupdate.xlhost.de/nic/update?hostname=host.example.com&myip=198.51.100.7",
    null, "good|nochg"],
  ["ydns.io", "https://user%40example.com:p%40ss%20word%261@ydns.io/api/v1/update/?host=host.example.com&ip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@ydns.io/api/v1/update/?host=host.example.com&ip=2001:db8::7", "good|nochg"],
  ["zoneedit.com", "http://user%40example.com:p%40ss%20word%261@dynamic.zoneedit.com/auth/dynamic.html?host=host.example.com&dnsto=198.51.100.7",
    null, ""],
];

// URL providers ddns-updater has and ddns-scripts lacks, written by hand from each provider's
// published update URL (DomainDiscount24's Dynamic DNS help page, Domeneshop's API v0 dyndns,
// Gigahost's API v0 dyndns), not from the catalog.
const ADDED: [string, string | null, string | null, string][] = [
  ["domaindiscount24.com", "https://dynamicdns.key-systems.net/update.php?hostname=host.example.com&password=p%40ss%20word%261&ip=198.51.100.7",
    null, "success"],
  ["domeneshop.no", "https://user%40example.com:p%40ss%20word%261@api.domeneshop.no/v0/dyndns/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@api.domeneshop.no/v0/dyndns/update?hostname=host.example.com&myip=2001:db8::7", ""],
  ["gigahost.no", "https://user%40example.com:p%40ss%20word%261@api.gigahost.no/api/v0/dns/dyndns?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@api.gigahost.no/api/v0/dns/dyndns?hostname=host.example.com&myipv6=2001:db8::7", "good|nochg"],
];
// Fixes to entries of the reference (documented in catalog.ts): what is sent instead.
const FIXED: { [name: string]: [string | null, string | null, string] } = {
  'infomaniak.com': ["https://user%40example.com:p%40ss%20word%261@infomaniak.com/nic/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@infomaniak.com/nic/update?hostname=host.example.com&myip=2001:db8::7",
    "good|nochg|successfully_changed|no_change"],
  'now-dns.com': ["https://user%40example.com:p%40ss%20word%261@now-dns.com/update?hostname=host.example.com&myip=198.51.100.7",
    "https://user%40example.com:p%40ss%20word%261@now-dns.com/update?hostname=host.example.com&myip=2001:db8::7", "good|nochg"],
};
const EXPECTED = REFERENCE.map((e) => (FIXED[e[0]] ? [e[0], ...FIXED[e[0]]] as typeof e : e)).concat(ADDED);

// API providers of the reference (its url names a script): name -> [api key, IPv4, IPv6].
const API: { [name: string]: [string, boolean, boolean] } = {
  'aliyun.com': ['aliyun', true, true],
  'beget.com': ['beget', true, true],
  'bind-nsupdate': ['nsupdate', true, true],
  'blazingfast.io': ['blazingfast', true, true],
  'cloud.google.com-v1': ['gcp', true, true],
  'cloudflare.com-v4': ['cloudflare', true, true],
  'cnkuai.cn': ['cnkuai', true, true],
  'digitalocean.com-v2': ['digitalocean', true, true],
  'dnspod.cn': ['dnspod', true, true],
  'dnspod.cn-v3': ['dnspod3', true, true],
  'freedns.42.pl': ['freedns42', true, false],
  'gandi.net': ['gandi', true, true],
  'godaddy.com-v1': ['godaddy', true, true],
  'hetzner.cloud': ['hetzner', true, true],
  'huaweicloud.com': ['huaweicloud', true, true],
  'luadns.com-v1': ['luadns', true, true],
  'namesilo.com-v1': ['namesilo', true, true],
  'netcup.com': ['netcup', true, true],
  'no-ip.com': ['noip', true, true],
  'ns1.com': ['ns1', true, true],
  'one.com': ['onecom', true, false],
  'pdns': ['pdns', true, true],
  'porkbun.com-v3': ['porkbun', true, true],
  'route53-v1': ['route53', true, true],
  'scaleway.com': ['scaleway', true, true],
  'servercow.de': ['servercow', true, true],
  'transip.nl': ['transip', true, true],
  // ddns-updater's REST API providers that ddns-scripts lacks
  'bunny.net': ['bunny', true, true],
  'dreamhost.com': ['dreamhost', true, true],
  'hostinger.com': ['hostinger', true, true],
  'ionos.com': ['ionos', true, true],
  'linode.com': ['linode', true, true],
  'myaddr.tools': ['myaddr', true, true],
  'name.com': ['namecom', true, true],
  'spaceship.com': ['spaceship', true, true],
  'vercel.com': ['vercel', true, true],
  'vultr.com': ['vultr', true, true],
};

// Providers of the OpenWrt wiki page that are gone, and what the user is told.
const RETIRED: { [name: string]: string } = {
  'dns.hetzner.com': 'Hetzner is shutting down its legacy DNS Console API (dns.hetzner.com): use service hetzner.cloud with an API token of your Hetzner Cloud project.',
  'dtdns.com': 'DtDNS closed its dynamic DNS service; ddns-scripts and ddclient dropped it.',
  'dyndnss.net': 'dyndnss.net no longer offers dynamic DNS; ddns-scripts dropped it.',
  'dyns.net': 'dyns.net no longer offers dynamic DNS; ddns-scripts dropped it.',
  'dynsip.org': 'dynsip.org no longer offers dynamic DNS; ddns-scripts dropped it.',
  'editdns.net': 'editdns.net no longer offers dynamic DNS; ddns-scripts dropped it.',
  'gratisdns.dk': 'GratisDNS no longer exists: its users were moved to one.com (service one.com).',
  'nettica.com': 'nettica.com no longer offers dynamic DNS; ddns-scripts dropped it.',
  'nubem.com': 'nubem.com no longer offers dynamic DNS; ddns-scripts dropped it.',
  'zerigo.com': 'zerigo.com no longer offers dynamic DNS; ddns-scripts dropped it.',
  'zzzz.io': 'zzzz.io no longer offers dynamic DNS; ddns-scripts dropped it.',
};

// Old names (ddns-scripts' own ddns.defaults migration, and the wiki) and where they lead.
const ALIASES: { [old: string]: string } = {
  'afraid.org': 'afraid.org-keyauth',
  'freedns.afraid.org': 'afraid.org-keyauth',
  'cloudflare.com': 'cloudflare.com-v4',
  'CloudFlare': 'cloudflare.com-v4',
  'noip.com': 'no-ip.com',
  'NoIP.com': 'no-ip.com',
  'No-IP.com': 'no-ip.com',
  'spdns.de': 'spdyn.de',
  'strato.de': 'strato.com',
  'domains.google.com': 'google.com',
  'free.editdns.net': 'editdns.net',
};

// --- the test's own, deliberately plain implementation of ddns-scripts' rules ---------------

// urlencode: every byte of the UTF-8 text except A-Z a-z 0-9 - _ . ~ as %XX (uppercase).
function enc(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    const keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
      c === '-' || c === '_' || c === '.' || c === '~';
    out += keep ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function fill(template: string, ip: string): string {
  return template
    .split('[USERNAME]').join(enc(SAMPLE.username))
    .split('[PASSWORD]').join(enc(SAMPLE.password))
    .split('[PARAMENC]').join(enc(SAMPLE.param_enc))
    .split('[PARAMOPT]').join(SAMPLE.param_opt)
    .split('[DOMAIN]').join(SAMPLE.domain)
    .split('[IP]').join(ip);
}

// scheme://user:pass@host/rest -> credentials (decoded) and the URL without them.
function creds(url: string): { user: string; pass: string; bare: string } | null {
  const s = url.indexOf('://') + 3;
  const slash = url.indexOf('/', s);
  const q = url.indexOf('?', s);
  const e = Math.min(slash < 0 ? url.length : slash, q < 0 ? url.length : q);
  const at = url.lastIndexOf('@', e);
  if (at < s) return null;
  const userinfo = url.substring(s, at);
  const colon = userinfo.indexOf(':');
  return {
    user: decodeURIComponent(userinfo.substring(0, colon)),
    pass: decodeURIComponent(userinfo.substring(colon + 1)),
    bare: url.substring(0, s) + url.substring(at + 1),
  };
}

// grep -i with alternatives: any '|' alternative is a case-insensitive substring; '' matches all.
function matches(body: string, answer: string): boolean {
  if (!answer) return true;
  return answer.split('|').some((a) => body.toLowerCase().includes(a.toLowerCase()));
}

// A body with each alternative in other case, and bodies that match no alternative.
function goodBodies(answer: string): string[] {
  return answer.split('|').map((a) => 'x ' + a.toUpperCase() + ' ' + IP4 + '\n');
}
const BAD_BODIES = ['badauth', 'nohost\n', '<html>911 server error</html>', ''];

// --- the catalog against the reference -------------------------------------------------------

test('catalog: every URL provider of the reference, with its URLs for the sample section', () => {
  assert.equal(REFERENCE.length, 73);
  assert.equal(EXPECTED.length, 76);
  for (const [name, v4, v6, answer] of EXPECTED) {
    const info = lookupService(name);
    assert.ok(info, name + ' is missing');
    assert.equal(info.name, name);
    assert.equal(info.api, undefined, name);
    assert.equal(info.retired, undefined, name);
    assert.equal(info.ipv4 === undefined ? null : fill(info.ipv4, IP4), v4, name + ' IPv4');
    assert.equal(info.ipv6 === undefined ? null : fill(info.ipv6, IP6), v6, name + ' IPv6');
    assert.equal(info.answer || '', answer, name + ' answer');
    assert.equal(supportsIpVersion(name, false), v4 !== null, name);
    assert.equal(supportsIpVersion(name, true), v6 !== null, name);
  }
});

test('catalog: templates use only ddns-scripts placeholders, no shorthand left, ASCII', () => {
  for (const [name] of EXPECTED) {
    const info = lookupService(name)!;
    for (const t of [info.ipv4, info.ipv6]) {
      if (t === undefined) continue;
      assert.match(t, /^https?:\/\/[!-~]+$/, name);
      assert.ok(!t.includes('~') && !t.includes('^'), name + ': shorthand not expanded');
      const rest = t.replace(/\[(USERNAME|PASSWORD|DOMAIN|IP|PARAMENC|PARAMOPT)\]/g, '');
      assert.ok(!rest.includes('[') && !rest.includes(']'), name + ': stray bracket in ' + t);
    }
  }
  const src = readFileSync(path.join(ROOT, 'firmware/providers/catalog.ts'), 'latin1');
  assert.ok(/^[\x09\x0a\x0d\x20-\x7e]*$/.test(src), 'catalog.ts is not ASCII');
});

test('catalog: the fixed entries differ from the reference only as documented', () => {
  for (const name of Object.keys(FIXED)) {
    const ref = REFERENCE.find((e) => e[0] === name)!;
    const info = lookupService(name)!;
    assert.notDeepEqual([fill(info.ipv4!, IP4), fill(info.ipv6!, IP6), info.answer], ref.slice(1), name);
  }
  assert.ok(matches('successfully_changed 198.51.100.7', lookupService('infomaniak.com')!.answer!));
  assert.ok(matches('no_change 198.51.100.7', lookupService('infomaniak.com')!.answer!));
  assert.ok(lookupService('now-dns.com')!.ipv6!.includes('myip=[IP]'));
});

test('catalog: the upstream mistakes are fixed', () => {
  const domo = lookupService('domopoli.de')!;
  assert.equal(domo.ipv4!.split('http://').length, 2, 'domopoli.de has one scheme');
  const ever = lookupService('dnsever.com')!;
  assert.ok(!ever.ipv4!.includes('[['), 'dnsever.com: no host[[DOMAIN]]');
  assert.ok(ever.ipv4!.includes('host%5B[DOMAIN]%5D=[IP]'), 'dnsever.com: host[name]=address');
  // apertodns.com-token keeps the token as user and password (what ApertoDNS checks).
  const apt = creds(fill(lookupService('apertodns.com-token')!.ipv4!, IP4))!;
  assert.deepEqual([apt.user, apt.pass], [SAMPLE.password, SAMPLE.password]);
});

test('catalog: credentials in user:pass@ are recognised for Basic auth', () => {
  let n = 0;
  for (const [name, v4, v6] of EXPECTED) {
    const info = lookupService(name)!;
    for (const [t, url] of [[info.ipv4, v4], [info.ipv6, v6]] as [string | undefined, string | null][]) {
      if (t === undefined || url === null) continue;
      const c = creds(url);
      const hasAuth = /^https?:\/\/\[(USERNAME|PASSWORD)\]:\[PASSWORD\]@/.test(t);
      assert.equal(c !== null, hasAuth, name + ': user:pass@ ' + url);
      if (!c) continue;
      n++;
      const user = t.indexOf('[USERNAME]:') >= 0 && t.indexOf('[USERNAME]:') < t.indexOf('@')
        ? SAMPLE.username : SAMPLE.password;
      assert.equal(c.user, user, name);
      assert.equal(c.pass, SAMPLE.password, name);
      assert.ok(!c.bare.includes('@') || c.bare.indexOf('@') > c.bare.indexOf('/', 8), name);
    }
  }
  assert.ok(n > 60, 'expected many Basic-auth templates, saw ' + n);
});

test('catalog: answers classify as ddns-scripts does', () => {
  for (const [name, , , answer] of EXPECTED) {
    const a = lookupService(name)!.answer || '';
    for (const body of goodBodies(a)) assert.ok(matches(body, a), name + ': ' + body);
    for (const body of BAD_BODIES) assert.equal(matches(body, a), a === '', name + ': ' + body);
    assert.equal(a, answer);
  }
});

test('catalog: API providers carry their key and IP versions, no URL', () => {
  for (const name of Object.keys(API)) {
    const [key, v4, v6] = API[name];
    const info = lookupService(name);
    assert.ok(info, name);
    assert.deepEqual(info, { name: name, api: key }, name);
    assert.equal(supportsIpVersion(name, false), v4, name + ' IPv4');
    assert.equal(supportsIpVersion(name, true), v6, name + ' IPv6');
  }
});

test('catalog: retired providers say why and have nothing to send', () => {
  for (const name of Object.keys(RETIRED)) {
    assert.deepEqual(lookupService(name), { name: name, retired: RETIRED[name] }, name);
    assert.equal(supportsIpVersion(name, false), false);
    assert.equal(supportsIpVersion(name, true), false);
  }
});

test('catalog: old names lead to the current entry', () => {
  for (const old of Object.keys(ALIASES)) {
    const info = lookupService(old);
    assert.ok(info, old);
    assert.deepEqual(info, lookupService(ALIASES[old]), old);
    assert.equal(info.name, ALIASES[old]);
  }
  const pairs = serviceAliases().map((p) => p[0] + '>' + p[1]).sort();
  assert.deepEqual(pairs, Object.keys(ALIASES).map((a) => a + '>' + ALIASES[a]).sort());
});

test('catalog: names are exact; serviceNames lists every entry once, in table order', () => {
  const names = serviceNames();
  const want = EXPECTED.map((e) => e[0]).concat(Object.keys(API), Object.keys(RETIRED));
  assert.deepEqual(names.slice().sort(), want.slice().sort());
  assert.equal(new Set(names).size, names.length);
  const lower = names.map((n) => n.toLowerCase());
  assert.deepEqual(lower, lower.slice().sort(), 'parts and lines sorted by lower-case name');
  for (const n of names) assert.ok(lookupService(n), n);
  for (const bad of ['', 'Dyn.com', 'dyn', 'dyn.com ', ' dyn.com', 'dyn.com\t', 'dyn.com\n3322.org',
    'http://~', '\t', '>', 'afraid.org-keyauth\t=', 'zzzz']) {
    assert.equal(lookupService(bad), null, JSON.stringify(bad));
    assert.equal(supportsIpVersion(bad, false), false, JSON.stringify(bad));
  }
});

test('catalog: the seed\'s provider list is covered', () => {
  // The provider table of the OpenWrt wiki page, as service names (its 'BIND nsupdate' is
  // bind-nsupdate; afraid.org and cloudflare.com are old names of current entries).
  const seed = ['3322.org', 'afraid.org', 'changeip.com', 'cloudflare.com', 'core-networks.de',
    'ddnss.de', 'dhis.org', 'dnsdynamic.org', 'dnsexit.com', 'dnshome.de', 'dnsmax.com',
    'dnsomatic.com', 'dnspark.com', 'do.de', 'dtdns.com', 'duckdns.org', 'duiadns.net', 'dy.fi',
    'dyndns.org', 'dyn.com', 'dyndnss.net', 'dyns.net', 'dynsip.org', 'dynu.com', 'dynv6.com',
    'easydns.com', 'editdns.net', 'goip.de', 'google.com', 'he.net', 'joker.com', 'loopia.se',
    'mydns.jp', 'myonlineportal.net', 'mythic-beasts.com', 'namecheap.com', 'nettica.com',
    'no-ip.com', 'noip.com', 'no-ip.pl', 'nsupdate.info', 'nubem.com', 'ovh.com', 'regfish.de',
    'schokokeks.org', 'selfhost.de', 'sitelutions.com', 'spdyn.de', 'spdns.de', 'strato.com',
    'system-ns.com', 'thatip.com', 'twodns.de', 'variomedia.de', 'zerigo.com', 'zoneedit.com',
    'zzzz.io', 'bind-nsupdate', 'freedns.afraid.org', 'gratisdns.dk', 'domains.google.com'];
  for (const n of seed) assert.ok(lookupService(n), n);
});

// --- the firmware's own functions agree with the independent expectations ------------------

// Loads a firmware module by path; a missing file fails the test with a clear message.
async function firmware(rel: string): Promise<any> {
  const file = path.join(ROOT, rel);
  assert.ok(existsSync(file), rel + ' is missing: the catalog conformance needs it');
  return import(pathToFileURL(file).href);
}

test('firmware fillTemplate builds exactly the expected request for every entry', async () => {
  const url = await firmware('firmware/http/url.ts');
  assert.equal(typeof url.fillTemplate, 'function', 'url.ts exports fillTemplate');
  for (const [name, v4, v6] of EXPECTED) {
    const info = lookupService(name)!;
    if (v4 !== null) {
      assert.equal(url.fillTemplate(info.ipv4, Object.assign({ ip: IP4 }, SAMPLE)), v4, name + ' IPv4');
    }
    if (v6 !== null) {
      assert.equal(url.fillTemplate(info.ipv6, Object.assign({ ip: IP6 }, SAMPLE)), v6, name + ' IPv6');
    }
  }
});

test('firmware splitUrl takes the same credentials out of every request', async () => {
  const url = await firmware('firmware/http/url.ts');
  assert.equal(typeof url.splitUrl, 'function', 'url.ts exports splitUrl');
  for (const [name, v4, v6] of EXPECTED) {
    for (const u of [v4, v6]) {
      if (u === null) continue;
      const mine = creds(u);
      const theirs = url.splitUrl(u);
      assert.ok(theirs, name + ': splitUrl refused ' + u);
      assert.equal(theirs.user, mine ? mine.user : undefined, name + ' user');
      assert.equal(theirs.pass, mine ? mine.pass : undefined, name + ' pass');
      const bare = mine ? mine.bare : u;
      const s = bare.indexOf('://') + 3;
      const slash = bare.indexOf('/', s);
      const q = bare.indexOf('?', s);
      const e = Math.min(slash < 0 ? bare.length : slash, q < 0 ? bare.length : q);
      assert.equal(theirs.host, bare.substring(s, e), name + ' host');
      const p = bare.substring(e);
      assert.equal(theirs.path, p.charAt(0) === '/' ? p : '/' + p, name + ' path');
      assert.equal(theirs.protocol, bare.startsWith('https:') ? 'https:' : 'http:', name);
    }
  }
});

test('firmware matchesAnswer classifies every entry\'s answers the same way', async () => {
  const ans = await firmware('firmware/core/text.ts');
  assert.equal(typeof ans.matchesAnswer, 'function', 'answer.ts exports matchesAnswer');
  for (const [name] of EXPECTED) {
    const a = lookupService(name)!.answer || '';
    for (const body of goodBodies(a).concat(BAD_BODIES)) {
      assert.equal(ans.matchesAnswer(body, a), matches(body, a), name + ': ' + JSON.stringify(body));
    }
  }
});
