// IP address text: strict parsing, canonical forms, private ranges and scanning a reply body.
// Everything works on char codes: Espruino's RegExp cannot express any of this.

// Plain functions of the module: a bundle holds only the ones it uses, each made once when its
// file loads (4 blocks and one per parameter at the root of a Storage module), where a factory
// made all of them again, two functions deep (about 8 blocks each), at every call. And few of
// them: a pass loads these with its module, so a one-line helper is written where it is used.
// (c >= 48 && c <= 57: a digit; 58 ':', 46 '.')

// Value of a hex digit char code, or -1.
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) { return c - 48; }
  if (c >= 97 && c <= 102) { return c - 87; }
  if (c >= 65 && c <= 70) { return c - 55; }
  return -1;
}

// The 4 bytes of a strict dotted quad, or null: the building block of every IPv4 check and
// of A records for DNS. Each part is "0".."255": no leading zeros, no sign.
export function ipv4ToBytes(s: string): number[] | null {
  if (typeof s !== 'string') { return null; }
  const parts = s.split('.');
  if (parts.length !== 4) { return null; }
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (p.length < 1 || p.length > 3 || (p.length > 1 && p.charCodeAt(0) === 48)) { return null; }
    let v = 0;
    for (let k = 0; k < p.length; k++) {
      const c = p.charCodeAt(k);
      if (c < 48 || c > 57) { return null; }
      v = v * 10 + (c - 48);
    }
    if (v > 255) { return null; }
    out.push(v);
  }
  return out;
}

// Dotted quad text of 4 bytes (A record rdata, IPv4-mapped IPv6 tails).
export function bytesToIPv4(b: number[]): string {
  return (b[0] & 255) + '.' + (b[1] & 255) + '.' + (b[2] & 255) + '.' + (b[3] & 255);
}

// Strict IPv4: exactly four decimal parts 0-255, no leading zeros ("010" could mean octal to
// other tools), no spaces. Returns the address or null.
export function parseIPv4(s: string): string | null {
  const b = ipv4ToBytes(s);
  return b ? bytesToIPv4(b) : null;
}

// Parses one side of '::' (or the whole address) into 16-bit groups of 1-4 hex digits; an IPv4
// tail is allowed only in the very last position of the address (lastSide). Returns null on any
// bad group.
function groupsOf(side: string, lastSide: boolean): number[] | null {
  const out: number[] = [];
  if (side === '') { return out; }
  const parts = side.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (lastSide && i === parts.length - 1 && p.indexOf('.') >= 0) {
      const v4 = ipv4ToBytes(p);
      if (!v4) { return null; }
      out.push(v4[0] * 256 + v4[1]);
      out.push(v4[2] * 256 + v4[3]);
    } else {
      if (p.length < 1 || p.length > 4) { return null; }
      let g = 0;
      for (let k = 0; k < p.length; k++) {
        const h = hexVal(p.charCodeAt(k));
        if (h < 0) { return null; }
        g = g * 16 + h;
      }
      out.push(g);
    }
  }
  return out;
}

// The 16 bytes of an IPv6 address in any RFC 4291 text form ('::', compression, IPv4 tail,
// any hex case), or null. A zone id ('%eth0') is refused: it never names a public address.
export function ipv6ToBytes(s: string): number[] | null {
  if (typeof s !== 'string' || s.length < 2 || s.length > 45) { return null; }
  if (s.indexOf('%') >= 0) { return null; }
  // where '::' is, and whether it comes again (':::' too): a char scan, as Espruino's indexOf
  // can report a lone ':' at the end of the string as a '::'
  let dc = -1;
  for (let i = 0; i + 1 < s.length; i++) {
    if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 58) { continue; }
    if (dc >= 0) { return null; }
    dc = i;
  }
  let groups: number[] | null;
  if (dc < 0) {
    groups = groupsOf(s, true);
    if (!groups || groups.length !== 8) { return null; }
  } else {
    const head = groupsOf(s.substring(0, dc), false);
    const tail = groupsOf(s.substring(dc + 2), true);
    if (!head || !tail || head.length + tail.length > 7) { return null; }
    groups = head;
    const zeros = 8 - head.length - tail.length;
    for (let z = 0; z < zeros; z++) { groups.push(0); }
    for (let t = 0; t < tail.length; t++) { groups.push(tail[t]); }
  }
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    out.push((groups[i] >> 8) & 255);
    out.push(groups[i] & 255);
  }
  return out;
}

// RFC 5952 text of 16 bytes: lowercase, no leading zeros, the longest run (first on a tie) of
// two or more zero groups written '::', and IPv4-mapped addresses as ::ffff:a.b.c.d (RFC 5952
// section 5). One canonical form means registered and current addresses compare as strings.
export function bytesToIPv6(b: number[]): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) { g.push(((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255)); }
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return '::ffff:' + bytesToIPv4([b[12], b[13], b[14], b[15]]);
  }
  let bestStart = -1;
  let bestLen = 0;
  let i = 0;
  while (i < 8) {
    if (g[i] === 0) {
      let j = i;
      while (j < 8 && g[j] === 0) { j++; }
      if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
      i = j;
    } else {
      i++;
    }
  }
  if (bestLen < 2) { bestStart = -1; }
  let out = '';
  for (let k = 0; k < 8; k++) {
    if (k === bestStart) {
      out += '::';
      k += bestLen - 1;
      continue;
    }
    if (out !== '' && out.charAt(out.length - 1) !== ':') { out += ':'; }
    out += g[k].toString(16);
  }
  return out;
}

// Any RFC 4291 IPv6 text to its RFC 5952 canonical form, or null.
export function parseIPv6(s: string): string | null {
  const b = ipv6ToBytes(s);
  return b ? bytesToIPv6(b) : null;
}

// ddns-scripts refuses to send private addresses unless upd_privateip is set. These ranges:
// 0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16, 172.16/12, 192.168/16. False for non-IPv4.
export function isPrivateIPv4(ip: string): boolean {
  const b = ipv4ToBytes(ip);
  if (!b) { return false; }
  const a = b[0];
  const c = b[1];
  if (a === 0 || a === 10 || a === 127) { return true; }
  if (a === 100 && c >= 64 && c <= 127) { return true; }
  if (a === 169 && c === 254) { return true; }
  if (a === 172 && c >= 16 && c <= 31) { return true; }
  if (a === 192 && c === 168) { return true; }
  return false;
}

// Same filter for IPv6: :: and ::1, fc00::/7 (ULA), fe80::/10 (link-local), fec0::/10
// (deprecated site-local), ff00::/8 (multicast) and ::ffff:0:0/96 (IPv4-mapped, never a
// global IPv6 address). False for non-IPv6.
export function isPrivateIPv6(ip: string): boolean {
  const b = ipv6ToBytes(ip);
  if (!b) { return false; }
  let zeros = 0;
  while (zeros < 15 && b[zeros] === 0) { zeros++; }
  if (zeros === 15 && (b[15] === 0 || b[15] === 1)) { return true; }
  if (zeros === 10 && b[10] === 255 && b[11] === 255) { return true; }
  if ((b[0] & 0xfe) === 0xfc) { return true; }
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) { return true; }
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) { return true; }
  if (b[0] === 0xff) { return true; }
  return false;
}

// First valid IPv4 in a reply body ('<body>Current IP Address: 1.2.3.4</body>'), like
// ddns-scripts' grep -m1 -o on check-IP pages, but strict: a run of digits and dots must be
// exactly one dotted quad (1.2.3.4.5 and 1.2.3.400 are skipped; a trailing '.' is a full stop).
export function firstIPv4In(text: string): string | null {
  if (typeof text !== 'string') { return null; }
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) { i++; continue; }
    let j = i;
    let d = c;
    while (j < n && ((d >= 48 && d <= 57) || d === 46)) { d = text.charCodeAt(++j); }
    let end = j;
    while (end > i && text.charCodeAt(end - 1) === 46) { end--; }
    const ip = parseIPv4(text.substring(i, end));
    if (ip) { return ip; }
    i = j;
  }
  return null;
}

// Tries one run of IPv6 chars: as is, then without a glued prefix or stray ':'/'.' at the ends.
function v6FromRun(run: string, glued: boolean): string | null {
  let s = run;
  if (glued) {
    const k = s.indexOf(':');
    if (k > 0 && s.charAt(k + 1) !== ':') { s = s.substring(k + 1); }
  }
  while (s.length > 0 && s.charAt(s.length - 1) === '.') { s = s.substring(0, s.length - 1); }
  let ip = parseIPv6(s);
  if (ip) { return ip; }
  if (s.charAt(0) === ':' && s.charAt(1) !== ':') { s = s.substring(1); }
  const last = s.length - 1;
  if (s.charAt(last) === ':' && s.charAt(last - 1) !== ':') { s = s.substring(0, last); }
  ip = parseIPv6(s);
  return ip;
}

// First valid IPv6 in a reply body, canonical. Candidates are runs of hex digits, ':' and '.'
// holding at least two ':'; 'IPv6:2001:db8::1' yields 2001:db8::1, not 6:2001:db8::1: a run
// glued to a letter that is no hex digit, or to '_', starts inside a word.
export function firstIPv6In(text: string): string | null {
  if (typeof text !== 'string') { return null; }
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (hexVal(c) < 0 && c !== 58 && c !== 46) { i++; continue; }
    let j = i;
    let colons = 0;
    while (j < n && (hexVal(c) >= 0 || c === 58 || c === 46)) {
      if (c === 58) { colons++; }
      c = text.charCodeAt(++j);
    }
    if (colons >= 2) {
      const w = i > 0 ? text.charCodeAt(i - 1) : 0;
      const glued = ((w >= 65 && w <= 90) || (w >= 97 && w <= 122) || w === 95) && hexVal(w) < 0;
      const ip = v6FromRun(text.substring(i, j), glued);
      if (ip) { return ip; }
    }
    i = j;
  }
  return null;
}
