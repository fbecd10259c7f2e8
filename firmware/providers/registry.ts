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

// A row for a key the catalog names but whose code is not in this firmware yet.
function later(key: string): ApiRow {
  return { key: key, module: '', need: [], optional: [], says: {} };
}

/** Every row: one per '@key' of the catalog, in the catalog's order. */
export function apiRows(): ApiRow[] {
  return [
    later('aliyun'),
    later('beget'),
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
    later('blazingfast'),
    { key: 'bunny', module: 'ddns.api.bunny',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (www; @ or empty for the zone itself)',
        password: 'the account API key',
        domain: 'the zone (example.com)',
        param_opt: 'optional zone_id=ID, or zone_id=ID&record_id=ID (skip the lookups; needed when the zone\'s reply exceeds 8 KB)'
      },
      note: 'Writes only when the record differs (without record_id); ddns-updater\'s bunny.' },
    later('gcp'),
    { key: 'cloudflare', module: 'ddns.api.cloudflare',
      need: ['username', 'password', 'domain'], optional: ['param_opt', 'api_url'],
      says: {
        username: 'your Cloudflare e-mail, or Bearer to use an API token',
        password: 'the Global API key, or the API token when username is Bearer',
        domain: 'host@zone (home@example.com), or @example.com for the zone itself; a plain name makes it look up the zone',
        param_opt: 'optional ids that skip lookups: zone_id=ID, or zone_id=ID&dns_record_id=ID'
      } },
    later('cnkuai'),
    { key: 'digitalocean', module: 'ddns.api.digitalocean',
      need: ['domain', 'password'], optional: ['username', 'param_opt', 'api_url'],
      says: {
        username: 'the record name (myrouter; @ or empty for the zone itself)',
        password: 'a personal access token',
        domain: 'the zone (example.com)',
        param_opt: 'the record id (optional: without it the record is found by name and type)'
      } },
    later('dnspod'),
    later('dnspod3'),
    { key: 'dreamhost', module: 'ddns.api.dreamhost',
      need: ['domain', 'password'], optional: ['api_url'],
      says: {
        password: 'an API key allowed the dns-* commands (panel, API)',
        domain: 'the full name to update (home.example.com)'
      },
      note: 'Lists the account\'s records (up to 8 KB of reply); when the record differs adds the new address, then removes the old one; a missing record is added. ddns-updater\'s dreamhost.' },
    later('freedns42'),
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
    later('huaweicloud'),
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
    later('luadns'),
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
    later('namesilo'),
    later('netcup'),
    { key: 'noip', module: 'ddns.api.noip',
      need: ['username', 'password', 'domain'], optional: ['api_url'],
      says: {
        username: 'your No-IP user name (or the user name of a DDNS key)',
        password: 'your No-IP password (or the password of a DDNS key)',
        domain: 'a host name, or a comma-separated list of host names without spaces (host1.example.com,host2.example.com)'
      },
      note: 'One request per update for every host; the worst answer of the list counts. With a list, set lookup_host to one of its names for the DNS check. The wiki\'s custom update_url (dynupdate.no-ip.com/nic/update?myip=[IP]&hostname=host1,host2) also works.' },
    later('ns1'),
    later('onecom'),
    later('pdns'),
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
    later('scaleway'),
    later('servercow'),
    { key: 'spaceship', module: 'ddns.api.spaceship',
      need: ['domain', 'username', 'password'], optional: ['api_url'],
      says: {
        username: 'the API key (API Manager)',
        password: 'the API secret',
        domain: 'host@domain (home@example.com), or example.com for the domain itself'
      },
      note: 'Lists the first 100 records; when the record differs adds the new address, then deletes the old one; ddns-updater\'s spaceship.' },
    later('transip'),
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
      msg: 'provider API \'' + key + '\' is not in this firmware' + (row ? ' yet.' : '.') }];
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
