// What a TLS client offers, read from its first record (the ClientHello, RFC 8446 4.1.2 and
// RFC 5246 7.4.1.2) before the server answers: the versions, the cipher suites and the SNI name
// (RFC 6066 3). Node's TLS server only tells what was agreed; a board's report needs what it
// can do, so the HTTPS fake peeks at these bytes first.

const VERSIONS = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };

// The suites an mbedTLS or OpenSSL client commonly offers (IANA registry names); others are shown as hex.
const SUITES = {
  0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0xc02b: 'ECDHE-ECDSA-AES128-GCM-SHA256', 0xc02c: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  0xc02f: 'ECDHE-RSA-AES128-GCM-SHA256', 0xc030: 'ECDHE-RSA-AES256-GCM-SHA384',
  0xcca8: 'ECDHE-RSA-CHACHA20-POLY1305', 0xcca9: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  0xc023: 'ECDHE-ECDSA-AES128-SHA256', 0xc024: 'ECDHE-ECDSA-AES256-SHA384',
  0xc027: 'ECDHE-RSA-AES128-SHA256', 0xc028: 'ECDHE-RSA-AES256-SHA384',
  0xc009: 'ECDHE-ECDSA-AES128-SHA', 0xc00a: 'ECDHE-ECDSA-AES256-SHA',
  0xc013: 'ECDHE-RSA-AES128-SHA', 0xc014: 'ECDHE-RSA-AES256-SHA',
  0x009e: 'DHE-RSA-AES128-GCM-SHA256', 0x009f: 'DHE-RSA-AES256-GCM-SHA384',
  0x0067: 'DHE-RSA-AES128-SHA256', 0x006b: 'DHE-RSA-AES256-SHA256',
  0x0033: 'DHE-RSA-AES128-SHA', 0x0039: 'DHE-RSA-AES256-SHA',
  0x009c: 'AES128-GCM-SHA256', 0x009d: 'AES256-GCM-SHA384',
  0x003c: 'AES128-SHA256', 0x003d: 'AES256-SHA256', 0x002f: 'AES128-SHA', 0x0035: 'AES256-SHA',
  0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
};

const hex4 = (n) => '0x' + n.toString(16).padStart(4, '0');
export const versionName = (v) => VERSIONS[v] || hex4(v);
export const suiteName = (s) => SUITES[s] || hex4(s);

/**
 * `buf`: the bytes received so far. Returns null while the ClientHello record is incomplete,
 * {error} when the bytes are not a TLS ClientHello, else {record, legacy, versions, suites,
 * sni}: names, `sni` null when none was sent.
 */
export function parseClientHello(buf) {
  if (buf.length < 5) return null;
  if (buf[0] !== 0x16) return { error: 'not a TLS handshake record' };
  const len = buf.readUInt16BE(3);
  if (len > 16384) return { error: 'record too long' };
  if (buf.length < 5 + len) return null;
  const b = buf.subarray(5, 5 + len);
  let p = 0;
  const need = (n) => { if (p + n > b.length) throw new Error('truncated'); };
  const u8 = () => { need(1); return b[p++]; };
  const u16 = () => { need(2); const v = b.readUInt16BE(p); p += 2; return v; };
  const skip = (n) => { need(n); p += n; };
  try {
    if (u8() !== 1) return { error: 'not a ClientHello' };
    skip(3); // handshake length: the record holds the whole hello in practice
    const legacy = u16();
    skip(32); // random
    skip(u8()); // session id
    const suites = [];
    const suitesLen = u16();
    const suitesEnd = p + suitesLen;
    while (p < suitesEnd) suites.push(u16());
    skip(u8()); // compression methods
    let sni = null;
    let versions = null;
    if (p < b.length) {
      const extLen = u16();
      const extEnd = p + extLen;
      while (p + 4 <= extEnd) {
        const type = u16();
        const size = u16();
        const at = p;
        need(size);
        if (type === 0) {
          skip(2);
          if (u8() === 0) { const n = u16(); need(n); sni = b.toString('latin1', p, p + n); }
        } else if (type === 43) {
          versions = [];
          const vLen = u8();
          const vEnd = p + vLen;
          while (p < vEnd) versions.push(u16());
        }
        p = at + size;
      }
    }
    return {
      record: versionName(buf.readUInt16BE(1)),
      legacy: versionName(legacy),
      versions: (versions || [legacy]).filter((v) => (v & 0x0f0f) !== 0x0a0a).map(versionName), // GREASE values out
      suites: suites.filter((s) => (s & 0x0f0f) !== 0x0a0a).map(suiteName),
      sni,
    };
  } catch {
    return { error: 'malformed ClientHello' };
  }
}
