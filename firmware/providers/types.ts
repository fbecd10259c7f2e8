// What a provider is, as the rest of the firmware sees it.

/** One catalog entry: URL templates per IP version, or the name of an API provider. */
export interface ServiceInfo {
  name: string;
  /** update URL template for IPv4 (ddns-scripts placeholders); absent when IPv4 is unsupported */
  ipv4?: string;
  /** update URL template for IPv6; absent when IPv6 is unsupported */
  ipv6?: string;
  /** expected answer, alternatives split on '|'; empty = any answer is success */
  answer?: string;
  /** set when the provider needs code: the key of its entry in providers/api/registry.ts */
  api?: string;
  /** set when the provider no longer exists: a sentence for the user */
  retired?: string;
}
