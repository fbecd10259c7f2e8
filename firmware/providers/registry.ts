// The API providers: one row per '@key' the catalog names (providers/catalog.ts), implemented or
// not. A row says which Storage module holds the provider's code, which options it needs and
// reads, and what each means for it. From these rows come the validator's check of a section's
// options (config/validate.ts: a missing option is an error at load, naming section and option),
// the docs table (tools/gen-provider-table.mjs) and the consistency test that ties rows, catalog,
// code, fakes and tests together (test/unit/registry.test.ts).
//
// Adding an API provider: providers/api/<key>.ts (exports update(ctx, cb); the build makes it
// the module ddns.api.<key>), its fake in host-sim/world/<key>.mjs, test/unit/api-<key>.test.ts,
// and its row here.
//
// Pure data, built only while a caller looks at it: the rows are made by apiRows() when it runs
// and are garbage after, so they cost the board no RAM while it idles.

import { Dict } from '../core/ports';

/** One API provider, by the catalog's '@key'. */
export interface ApiRow {
  /** the catalog's '@key' */
  key: string;
  /** the Storage module with its code, 'ddns.api.<key>'; '' when this firmware has none yet */
  module: string;
  /** options that must be set (not empty); 'a|b' means at least one of a and b */
  need: string[];
  /** options it reads when they are set */
  optional: string[];
  /**
   * what an option means for this provider, by option name: the docs table's username,
   * password, domain and param_enc / param_opt columns, and the message for a missing option
   */
  says: Dict<string>;
  /** docs: the HTTPS column, when it is not 'yes: TLS not verified on ESP32' */
  https?: string;
  /** docs: a note for the Notes column */
  note?: string;
}

/** A problem with a section's options for its API provider; msg is a sentence naming option. */
export interface ApiProblem {
  option: string;
  /** 'missing' (a needed option is not set) or 'no_api' (no provider code for the key) */
  code: string;
  msg: string;
}

// A row for a key the catalog names but whose code is not in this firmware: yet, or (why) never,
// for the reason given (the load error and the docs table say it).
function later(key: string, why?: string): ApiRow {
  return why ? { key: key, module: '', need: [], optional: [], says: {}, note: why } : { key: key, module: '', need: [], optional: [], says: {} };
}

/** Every row: one per '@key' of the catalog, in the catalog's order. */
export function apiRows(): ApiRow[] {
  return [
    { key: 'aliyun', module: 'ddns.api.aliyun',
      need: ['username', 'password', 'domain'], optional: ['param_enc', 'api_url'],
      says: {
        username: 'the AccessKey ID',
        password: 'the AccessKey secret',
        domain: 'RR@example.com (home@example.com; @example.com for the domain itself)',
        param_enc: 'optional RecordId=ID, when the name has several records of the type'
      },
      note: 'Signed with Alibaba\'s signature V3 (ACS3-HMAC-SHA256) where ddns-scripts uses V1 (HMAC-SHA1): the same API and options. Needs the clock (SNTP).' },
    { key: 'beget', module: 'ddns.api.beget',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'your Beget account login',
        password: 'the account password (or the API password set in the control panel)',
        domain: 'the full name to update (home.example.com)'
      },
      note: 'getData, then changeRecords only when the address differs; the name\'s other records (MX, TXT, the other address type) are sent back unchanged, since changeRecords replaces them all.' },
    { key: 'nsupdate', module: 'ddns.api.nsupdate',
      need: ['username', 'password', 'dns_server', 'domain'], optional: ['param_opt', 'force_dnstcp'],
      says: {
        username: 'TSIG key name (hmac-sha256:NAME is accepted too)',
        password: 'TSIG secret (base64)',
        domain: 'the name to update',
        dns_server: 'the primary server of the zone: its IPv4 address, optional :port',
        param_opt: 'optional zone=ZONE and ttl=N (zone=example.com&ttl=300); without zone, the zone is domain minus its first label, TTL 60'
      },
      https: 'no (DNS UPDATE)',
      note: 'The wiki\'s BIND nsupdate: sends an RFC 2136 update signed with TSIG (hmac-sha256) to dns_server, and checks the signed reply.' },
    { key: 'blazingfast', module: 'ddns.api.blazingfast',
      need: ['username', 'password', 'domain', 'param_opt'], optional: ['api_url'],
      says: {
        username: 'your client area login',
        password: 'your client area password',
        domain: 'the record name as the zone lists it',
        param_opt: 'service_id=N&zone_id=N&record_id=N (from the client area), optional ttl=N (default 300)'
      },
      note: 'login, read the zone, PUT only when the address differs: 2-3 requests; a new token each update (the board keeps none).' },
    { key: 'bunny', module: 'ddns.api.bunny',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'the account API key',
        domain: 'the zone (example.com)',
        param_opt: 'optional zone_id=ID, or zone_id=ID&record_id=ID (skip the lookups; needed when the zone\'s reply exceeds 8 KB)'
      },
      note: 'Writes only when the record differs (without record_id); ddns-updater\'s bunny.' },
    { key: 'gcp', module: 'ddns.api.gcp',
      need: ['username', 'password', 'param_enc', 'domain'], optional: ['param_opt', 'api_url'],
      says: {
        username: 'the OAuth client id',
        password: 'an OAuth refresh token with the scope ndev.clouddns.readwrite (not a service-account key: see the note)',
        param_enc: 'project=PROJECT&zone=MANAGED_ZONE&client_secret=SECRET',
        domain: 'the full name of the record (home.example.com)',
        param_opt: 'optional TTL in seconds (default 3600)'
      },
      note: 'ddns-scripts signs a service-account JWT (RSA-SHA256) each update. One RSA-2048 signature in JavaScript on the interpreter takes minutes (measured: one 1024-bit half of the CRT signature took 102 s of CPU on a desktop x86 host), far longer on the ESP32, so a service-account key is refused with that reason. Instead an OAuth refresh token is exchanged at the token endpoint for an access token each update (3 requests).' },
    { key: 'cloudflare', module: 'ddns.api.cloudflare',
      need: ['username', 'password', 'domain'], optional: ['param_opt', 'api_url'],
      says: {
        username: 'your Cloudflare e-mail, or Bearer to use an API token',
        password: 'the Global API key, or the API token when username is Bearer',
        domain: 'host@zone (home@example.com), or @example.com for the zone itself; a plain name makes it look up the zone',
        param_opt: 'optional ids that skip lookups: zone_id=ID, or zone_id=ID&dns_record_id=ID'
      } },
    later('cnkuai', 'cnkuai.cn publishes no API: ddns-scripts logs in to its control panel by reading the login captcha (a GIF decoded pixel by pixel) and posting the panel\'s HTML forms over plain HTTP. There is no documented interface to build and test against; use a provider with an API.'),
    { key: 'digitalocean', module: 'ddns.api.digitalocean',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (myrouter; @ or empty for the zone itself)',
        password: 'a personal access token',
        domain: 'the zone (example.com)',
        param_opt: 'the record id (optional: without it the record is found by name and type)'
      } },
    { key: 'dnspod', module: 'ddns.api.dnspod',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the API token ID',
        password: 'the API token',
        domain: 'host@example.com, or home.example.com (first label is the host); @example.com for the domain itself'
      },
      note: 'The original dnsapi.cn API; the default line (line id 0). A record that does not exist is created, as ddns-scripts does.' },
    { key: 'dnspod3', module: 'ddns.api.dnspod3',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the SecretId of a Tencent Cloud API key',
        password: 'the SecretKey',
        domain: 'host@example.com (@example.com for the domain itself)'
      },
      note: 'Tencent Cloud API 3.0 signed with TC3-HMAC-SHA256; the default line. Needs the clock (SNTP).' },
    { key: 'dreamhost', module: 'ddns.api.dreamhost',
      need: ['domain', 'password'], optional: ['api_url'],
      says: {
        password: 'an API key allowed the dns-* commands (panel, API)',
        domain: 'the full name to update (home.example.com)'
      },
      note: 'Lists the account\'s records (up to 8 KB of reply); when the record differs adds the new address, then removes the old one; a missing record is added. ddns-updater\'s dreamhost.' },
    { key: 'freedns42', module: 'ddns.api.freedns42',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'your freedns.42.pl user name',
        password: 'your freedns.42.pl password',
        domain: 'record@zone (home@example.com; @example.com for the zone itself), or a full name whose first label is the record'
      },
      note: 'XML-RPC xname.updateArecord: every A address of the record becomes the new one (TTL 600). IPv4 only.' },
    { key: 'gandi', module: 'ddns.api.gandi',
      need: ['domain', 'password'], optional: ['username', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'a personal access token, or a legacy API key',
        domain: 'the zone (example.com)'
      } },
    { key: 'godaddy', module: 'ddns.api.godaddy',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'API key',
        password: 'API secret',
        domain: 'host@example.com, or example.com for the domain itself'
      } },
    { key: 'hetzner', module: 'ddns.api.hetzner',
      need: ['domain', 'password'], optional: ['username', 'api_url'],
      says: {
        username: 'the RRSet name in the zone (www; @ or empty for the zone apex)',
        password: 'an API token of the Hetzner Cloud project',
        domain: 'the zone name (example.com) or its id'
      } },
    { key: 'hostinger', module: 'ddns.api.hostinger',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'an API token (hPanel, Profile, API)',
        domain: 'the zone (example.com)',
        param_opt: 'optional ttl=N (default 300)'
      },
      note: 'One PUT per update replaces the records of that name and type; ddns-updater\'s hostinger.' },
    { key: 'huaweicloud', module: 'ddns.api.huaweicloud',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the Access Key ID (AK)',
        password: 'the Secret Access Key (SK)',
        domain: 'host@example.com, or home.example.com (first label is the host); @example.com for the domain itself'
      },
      note: 'AK/SK signing (SDK-HMAC-SHA256); endpoint dns.cn-north-1 as ddns-scripts (api_url sets another region\'s). A record set that does not exist is created (TTL 120), as ddns-scripts does. Needs the clock (SNTP).' },
    { key: 'ionos', module: 'ddns.api.ionos',
      need: ['domain', 'password'], optional: ['username', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'the API key, prefix.secret (developer.hosting.ionos.com)',
        domain: 'the zone (example.com)'
      },
      note: 'Writes only when the record differs (PUT keeping its TTL); ddns-updater\'s ionos.' },
    { key: 'linode', module: 'ddns.api.linode',
      need: ['domain', 'password'], optional: ['username', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'a personal access token with Domains read/write',
        domain: 'the zone (example.com)'
      },
      note: 'Finds the zone and the record with X-Filter, writes only when the record differs (PUT of its target); ddns-updater\'s linode.' },
    { key: 'luadns', module: 'ddns.api.luadns',
      need: ['username', 'password', 'domain'], optional: ['param_opt', 'api_url'],
      says: {
        username: 'your LuaDNS account e-mail',
        password: 'the API key',
        domain: 'the full name of the record (home.example.com)',
        param_opt: 'optional zone_id=ID (skips the zone list)'
      } },
    { key: 'myaddr', module: 'ddns.api.myaddr',
      need: ['password'], optional: ['api_url'],
      says: {
        password: 'the private key of your claimed name'
      },
      note: 'Set domain to your name (your-name.myaddr.tools) for the DNS check: the key alone names it. One form POST per update (key and ip); ddns-updater\'s myaddr.' },
    { key: 'namecom', module: 'ddns.api.namecom',
      need: ['domain', 'username', 'password'], optional: ['api_url'],
      says: {
        username: 'your name.com user name',
        password: 'an API token (Account, API)',
        domain: 'host@domain (home@example.com), or example.com for the domain itself'
      },
      note: 'Lists the first 100 records and writes only when the record differs (PUT keeping its TTL); ddns-updater\'s namecom.' },
    { key: 'namesilo', module: 'ddns.api.namesilo',
      need: ['password', 'domain'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the host in the domain (www; @ or empty for the domain itself)',
        password: 'the API key',
        domain: 'the domain (example.com)',
        param_opt: 'optional ttl=N (default 3600)'
      } },
    { key: 'netcup', module: 'ddns.api.netcup',
      need: ['username', 'password', 'param_enc', 'domain'], optional: ['param_opt', 'api_url'],
      says: {
        username: 'your netcup customer number',
        password: 'the API password',
        param_enc: 'the API key',
        domain: 'the full name of the record (home.example.com)',
        param_opt: 'the zone, when it is not domain minus its first label (example.co.uk)'
      },
      note: 'login, infoDnsRecords, updateDnsRecords (only when the address differs), logout: 3-4 requests per update.' },
    { key: 'noip', module: 'ddns.api.noip',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'your No-IP user name (or the user name of a DDNS key)',
        password: 'your No-IP password (or the password of a DDNS key)',
        domain: 'a host name, or a comma-separated list of host names without spaces (host1.example.com,host2.example.com)'
      },
      note: 'One request per update for every host; the worst answer of the list counts. With a list, set lookup_host to one of its names for the DNS check. The wiki\'s custom update_url (dynupdate.no-ip.com/nic/update?myip=[IP]&hostname=host1,host2) also works.' },
    { key: 'ns1', module: 'ddns.api.ns1',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the zone (example.com)',
        password: 'an API key',
        domain: 'the full name of the record (home.example.com)'
      },
      note: 'A record that does not exist is created (TTL 600), as ddns-scripts does.' },
    later('onecom', 'one.com publishes no DNS API: ddns-scripts logs in to the one.com control panel (a login form found in the panel\'s HTML, session cookies across redirects) and uses the panel\'s internal JSON. The board\'s HTTP client keeps no cookies, its reply cap cannot hold those pages, and there is no documented interface to test against.'),
    { key: 'pdns', module: 'ddns.api.pdns',
      need: ['password', 'domain', 'param_opt'], optional: ['username'],
      says: {
        username: 'the record name in the zone (www; @ or empty for the zone itself)',
        password: 'the API key (X-API-Key)',
        domain: 'the zone (example.com)',
        param_opt: 'the API server URL (http://pdns.lan:8081)'
      },
      https: 'as param_opt says',
      note: 'One PATCH replacing the rrset (TTL 600), no compare: the API cannot read one rrset without the whole zone.' },
    { key: 'porkbun', module: 'ddns.api.porkbun',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the API key',
        password: 'the secret API key',
        domain: 'the full name (home.example.com, or example.com for the domain itself); home@example.co.uk when the zone has more than two labels'
      } },
    { key: 'route53', module: 'ddns.api.route53',
      need: ['username', 'password', 'domain', 'lookup_host|param_enc|param_opt'], optional: ['api_url'],
      says: {
        username: 'AWS access key id',
        password: 'AWS secret access key',
        domain: 'the hosted zone id (the name updated is lookup_host)',
        lookup_host: 'the name to update (or put the hosted zone id in param_enc or param_opt, and the name in domain)',
        param_enc: 'the hosted zone id (our addition): then domain may be the name to update',
        param_opt: 'the hosted zone id (our addition): then domain may be the name to update'
      } },
    { key: 'scaleway', module: 'ddns.api.scaleway',
      need: ['username', 'password'], optional: ['domain', 'param_opt', 'api_url'],
      says: {
        username: 'the DNS zone (example.com)',
        password: 'an API secret key',
        domain: 'the record name in the zone (home), or its full name; empty or @ for the apex',
        param_opt: 'optional TTL in seconds (default 300)'
      } },
    { key: 'servercow', module: 'ddns.api.servercow',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'the DNS API access user name',
        password: 'the DNS API access password',
        domain: 'the full name (home.example.com: record home in example.com), or host@example.com, @example.com for the domain itself'
      },
      note: 'A record that does not exist is created (Servercow POST creates or changes). TTL 60, as ddns-scripts.' },
    { key: 'spaceship', module: 'ddns.api.spaceship',
      need: ['domain', 'username', 'password'], optional: ['api_url'],
      says: {
        username: 'the API key (API Manager)',
        password: 'the API secret',
        domain: 'host@domain (home@example.com), or example.com for the domain itself'
      },
      note: 'Lists the first 100 records; when the record differs adds the new address, then deletes the old one; ddns-updater\'s spaceship.' },
    { key: 'transip', module: 'ddns.api.transip',
      need: ['password', 'domain', 'param_enc'], optional: ['api_url'],
      says: {
        password: 'an access token generated in TransIP\'s control panel (not the private key: see the note)',
        domain: 'the domain (example.com)',
        param_enc: 'the entry name (home; @ for the domain itself)'
      },
      note: 'ddns-scripts signs a token request with the account\'s RSA private key (RSA-SHA512) each update; that takes minutes in JavaScript on the board (see gcp), so a key is refused with that reason. The access token expires (TransIP sets its lifetime when you make it): renew it before then. The entry keeps its TTL.' },
    { key: 'vercel', module: 'ddns.api.vercel',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the domain itself)',
        password: 'an access token',
        domain: 'the domain (example.com)',
        param_opt: 'optional teamId=ID for a domain of a team'
      },
      note: 'Lists the domain\'s records (the first 100, up to 8 KB of reply) and writes only when the record differs; ddns-updater\'s vercel.' },
    { key: 'vultr', module: 'ddns.api.vultr',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'an API key (Account, API)',
        domain: 'the zone (example.com)',
        param_opt: 'the record id (optional: without it the zone\'s records are listed, up to 8 KB of reply)'
      },
      note: 'Writes only when the record differs (PATCH of its data); ddns-updater\'s vultr.' }
  ];
}

/** The row of a catalog '@key', or null: there is no fallback to any other provider. */
export function apiRow(key: string): ApiRow | null {
  var rows = apiRows();
  for (var i = 0; i < rows.length; i++) {
    if (rows[i].key === key) { return rows[i]; }
  }
  return null;
}

/**
 * What is wrong with a section's options (strings as the validator keeps them) for the API
 * provider of key: each needed option that is not set, or (option service_name) a key this
 * firmware has no code for. Empty when the section can run. Pure: no I/O, no state.
 */
export function checkApiOptions(key: string, opts: Dict<string>): ApiProblem[] {
  var row = apiRow(key);
  if (!row || !row.module) {
    return [{ option: 'service_name', code: 'no_api',
      msg: 'provider API \'' + key + '\' is not in this firmware' + (row ? (row.note ? ': ' + row.note : ' yet.') : '.') }];
  }
  var out: ApiProblem[] = [];
  for (var i = 0; i < row.need.length; i++) {
    var alts = row.need[i].split('|');
    var set = false;
    for (var j = 0; j < alts.length; j++) {
      if (opts[alts[j]]) { set = true; }
    }
    if (set) { continue; }
    var names = alts.length > 1 ? alts.slice(0, alts.length - 1).join(', ') + ' or ' + alts[alts.length - 1] : alts[0];
    var says = row.says[alts[0]];
    out.push({ option: alts[0], code: 'missing',
      msg: 'provider API \'' + key + '\' needs ' + names + (says ? ': ' + says : '') + '.' });
  }
  return out;
}
