// Retry-After (RFC 9110 10.2.3) in both of its forms, for the URL providers (section/policy.ts)
// and the API providers (providers/kit/common.ts) alike.

// Seconds a Retry-After header asks for: delay-seconds, or an HTTP date, counted from the
// reply's Date header (the same server clock) or else from the wall clock. 0 when absent; 1 for
// now or a date past (the policy holds at least a minute); 3600 when it is given but cannot be
// read (no clock set yet and no Date header, or a date format Date.parse does not know).
export function retryAfterSec(value: string, date: string, wallMs: number): number {
  const v = (value || '').trim();
  if (!v) { return 0; }
  let s: number;
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    s = parseInt(v, 10);
  } else {
    const t = Date.parse(v);
    let from = date ? Date.parse(date) : NaN;
    if (!(from > 0)) { from = wallMs; }
    if (!(t > 0) || !(from > 0)) { return 3600; }
    s = Math.ceil((t - from) / 1000);
  }
  return s > 0 ? s : 1;
}
