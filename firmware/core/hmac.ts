// Espruino's crypto has SHA1/SHA256 but no HMAC: RFC 2104 on top of a hash of binary strings.

// Built by the code that signs (route53, dnsupdate), so these function objects exist only while
// it runs: Espruino creates the function objects of a scope when the scope runs.
export function hmacLib() {
  function xorPad(key: string, byte: number, block: number): string {
    var out = '';
    for (var i = 0; i < block; i++) out += String.fromCharCode((i < key.length ? key.charCodeAt(i) : 0) ^ byte);
    return out;
  }

  /** HMAC over binary strings; hash returns the raw digest as a binary string. */
  function hmac(hash: (data: string) => string, key: string, msg: string, block?: number): string {
    var b = block || 64;
    var k = key.length > b ? hash(key) : key;
    return hash(xorPad(k, 0x5c, b) + hash(xorPad(k, 0x36, b) + msg));
  }

  /** Lowercase hex of a binary string (SigV4 and friends want hex). */
  function toHex(bin: string): string {
    var hex = '0123456789abcdef';
    var out = '';
    for (var i = 0; i < bin.length; i++) {
      var c = bin.charCodeAt(i);
      out += hex.charAt(c >> 4) + hex.charAt(c & 15);
    }
    return out;
  }

  return { hmac: hmac, toHex: toHex };
}

// One call at a time (other modules, tests); code needing several calls keeps one hmacLib().
export function hmac(hash: (data: string) => string, key: string, msg: string, block?: number): string {
  return hmacLib().hmac(hash, key, msg, block);
}
export function toHex(bin: string): string { return hmacLib().toHex(bin); }
