// What a section runs on: the compiled runtime form of its config (config/compile.ts makes it
// once, at commit or at the import of an uploaded ddns.json; boot reads it from flash and
// needs neither schema, validator nor catalog), and what a running section shows.
//
// Keys are short and flags are 0/1: this object stays in RAM for as long as the section runs,
// and on Espruino a property costs one block holding a small integer, two or more otherwise.

import { Dict, NetInfo } from '../core/ports';

/** Bumped whenever RunSection or RunConfig change shape: boot recompiles an older form. */
export var RUN_FORMAT = 4;

export interface RunSection {
  name: string;
  /** enabled '1' */
  on: number;
  /** no error-level problem: the section can run */
  ok: number;
  /** the error-level problems, as sentences naming section and option (status shows them) */
  errs: string[];
  /** warnings and notes ('w ' or 'i ' + sentence), logged once at boot, then dropped */
  notes?: string[];
  /** what the section updates through, for people: service_name, or 'custom URL' */
  label: string;
  /** update URL template (ddns-scripts placeholders); '' for an API provider */
  url: string;
  /** use_https: http:// becomes https:// */
  https: number;
  /** the update itself goes over TLS (needs native heap on the ESP32) */
  tls: number;
  /** expected answer, alternatives split on '|'; '' = any */
  answer: string;
  /** the API provider's key ('' for a URL provider); its module is 'ddns.api.<key>' */
  api: string;
  /** what the URL template or the API provider reads: username, password, domain, param_enc,
   *  param_opt and the options the provider's registry row names; only those that are set */
  vals: Dict<string>;
  /** lookup_host, or domain */
  host: string;
  /** ip_source: 'network' | 'web' | 'static' | 'router' | 'dns' */
  src: string;
  /** ip_url, space-separated; '' = the built-in list */
  urls: string;
  /** ip_dns (ip_source dns, our extension), space-separated; absent: the built-in list */
  ipDns?: string;
  /** ip_static */
  ipStatic: string;
  v6: number;
  checkMs: number;
  /** 0 = run once */
  forceMs: number;
  retryMs: number;
  /** 0 = retry forever */
  retryMax: number;
  /** update_interval_min in ms (our extension): the least time between two update requests;
   *  absent: decide.ts's MIN_GAP_MS (5 min) */
  gap?: number;
  /** host part of dns_server, '' = the gateway */
  dns: string;
  dnsPort: number;
  /** force_dnstcp */
  tcpDns: number;
  /** dns_lookup (our extension): 1 reads the registered address from the zone's own servers;
   *  absent, from the resolver (dns_server or the gateway), as ddns-scripts does */
  auth?: number;
  /** the option proxy, [user:pass@]host:port, or '' */
  proxy: string;
  /** router_ip (our extension), '' = the gateway */
  routerIp: string;
  /** router_fallback_web (our extension) */
  webFallback: number;
  /** upd_privateip, resolved against the global setting */
  priv: number;
  /** use_logfile */
  logfile: number;
  /** use_syslog level 0-4 */
  syslog: number;
  /** every secret of the section (schema type secret, passwords in URLs), for masking */
  secrets: string[];
  /** checksum of the compiled section: a stop lasts until this changes */
  hash: string;
  /** what status() warns of, as bits: 1 TLS without certificate check, 2 a password over plain
   *  HTTP, 4 a proxy password (over plain HTTP); absent: nothing */
  warn?: number;
}

export interface RunGlobal {
  loglines: number;
  dateformat: string;
  /** ntp_server (our extension), '' = off */
  ntp: string;
}

/** The whole compiled config: what boot reads. */
export interface RunConfig {
  v: number;
  g: RunGlobal;
  s: RunSection[];
  /** problems not tied to one section (top level, global), as sentences; logged at boot */
  errs: string[];
  /** the service blocks as the user wrote them: each feature module reads and checks its own */
  mqtt?: any;
  syslog?: any;
  web?: any;
  /** notify (our extension): read by the module ddns.notify */
  notify?: any;
}

export interface SectionStatus {
  name: string;
  state: string;
  currentIp: string;
  registeredIp: string;
  lastUpdate: number;
  nextCheckInMs: number;
  lastAnswer: string;
  error: string;
  notes: string[];
}

export interface SectionRunner {
  name: string;
  start(): void;
  stop(): void;
  check(reason: string, force: boolean): void;
  netUp(info: NetInfo): void;
  netDown(): void;
  status(): SectionStatus;
  /** stops it for good (config changed or section removed): a reply still in flight, a timer or a
   * command can no longer schedule or report anything */
  retire(): void;
  /** the part of its compiled config the section keeps in RAM (engine.ts kept); the rest is
   *  read from flash (config/store.ts sectionInForce) */
  config(): KeptSection;
}

/** What a section keeps of its compiled config between passes (engine.ts kept): what start, its
 *  timer and the features read at every event. The rest is in flash (store.ts sectionInForce). */
export type KeptSection = Pick<RunSection, 'name' | 'on' | 'ok' | 'src' | 'forceMs' | 'syslog' | 'secrets' | 'hash'> &
  Partial<Pick<RunSection, 'errs' | 'api' | 'gap'>>;
