// What a provider is, as the rest of the firmware sees it.

import { HttpPort, UdpPort, TcpPort, ClockPort, Dict } from '../core/ports';

/** One catalog entry: URL templates per IP version, or the name of an API provider. */
export interface ServiceInfo {
  name: string;
  /** update URL template for IPv4 (ddns-scripts placeholders); absent when IPv4 is unsupported */
  ipv4?: string;
  /** update URL template for IPv6; absent when IPv6 is unsupported */
  ipv6?: string;
  /** expected answer, alternatives split on '|'; empty = any answer is success */
  answer?: string;
  /** set when the provider needs code: the key of its row in providers/registry.ts */
  api?: string;
  /** set when the provider no longer exists: a sentence for the user */
  retired?: string;
}

/** What an API provider gets for one update: the section's options and the board's ports. */
export interface ApiContext {
  /** the section's options as strings (username, password, domain, param_enc, param_opt, ...) */
  opts: Dict<string>;
  ip: string;
  ipv6: boolean;
  http: HttpPort;
  udp: UdpPort;
  tcp: TcpPort;
  clock: ClockPort;
  /** raw SHA-256 digest of a binary string (absent on a board without crypto) */
  sha256?: (data: string) => string;
  random: () => number;
  userAgent: string;
  /** a line for the section's log (it is masked before it is shown) */
  log: (msg: string) => void;
}

/**
 * The outcome in the words policy.ts knows: word is a dyndns2 answer ('good', 'nochg',
 * 'badauth', 'nohost', 'abuse', 'dnserr', '911', ...); or err is a network error code; status
 * is the HTTP status of the failing request, if any. text explains it to the user.
 */
export interface ApiResult {
  word?: string;
  err?: string;
  status?: number;
  retryAfter?: number;
  text?: string;
}

/**
 * One API provider: what its module (providers/api/<key>.ts, on the board the Storage module
 * ddns.api.<key>) exports. One operation, exactly one callback.
 */
export interface ApiProvider {
  update(ctx: ApiContext, cb: (res: ApiResult) => void): void;
}
