// require('crypto') (libs/crypto/jswrap_crypto.c): SHA1/224/256/384/512 of a string or bytes
// returning an ArrayBuffer, PBKDF2 (keySize in 32-bit words, default 4; iterations default 1;
// hasher default SHA1), and AES encrypt/decrypt without padding (mbedTLS modes). No HMAC.
import crypto from 'node:crypto';
import { dataToBuf } from './bytes.mjs';

const HASHERS = { SHA1: 'sha1', SHA224: 'sha224', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };
const MODES = { CBC: 'cbc', CFB: 'cfb', CTR: 'ctr', OFB: 'ofb', ECB: 'ecb' };

export function createCryptoModule(session) {
  const { realm } = session;
  const hash = (alg) => (message) => realm.arrayBuffer(crypto.createHash(alg).update(dataToBuf(message)).digest());
  const hasherOf = (name) => {
    const h = HASHERS[String(name)];
    if (!h) throw realm.error('Error', `Unknown Hasher "${String(name)}"`);
    return h;
  };
  const aes = (decrypt) => (message, key, options) => {
    const k = dataToBuf(key);
    if (![16, 24, 32].includes(k.length)) throw realm.error('Error', 'Invalid key length');
    const modeName = options && options.mode !== undefined ? String(options.mode) : 'CBC';
    const mode = MODES[modeName];
    if (!mode) throw realm.error('Error', `Unknown Crypto mode "${modeName}"`);
    const iv = options && options.iv !== undefined ? dataToBuf(options.iv) : Buffer.alloc(16);
    const name = `aes-${k.length * 8}-${mode}`;
    const c = decrypt
      ? crypto.createDecipheriv(name, k, mode === 'ecb' ? null : iv.subarray(0, 16))
      : crypto.createCipheriv(name, k, mode === 'ecb' ? null : iv.subarray(0, 16));
    c.setAutoPadding(false);
    const data = dataToBuf(message);
    try {
      return realm.arrayBuffer(Buffer.concat([c.update(data), c.final()]));
    } catch {
      throw realm.error('Error', 'Message length must be a multiple of 16 bytes');
    }
  };
  return realm.proto({
    SHA1: hash('sha1'),
    SHA224: hash('sha224'),
    SHA256: hash('sha256'),
    SHA384: hash('sha384'),
    SHA512: hash('sha512'),
    PBKDF2(passphrase, salt, options) {
      let keySize = 4;
      let iterations = 1;
      let hasher = 'sha1';
      if (options !== null && typeof options === 'object') {
        keySize = parseInt(options.keySize, 10) > 0 ? parseInt(options.keySize, 10) : 4;
        iterations = parseInt(options.iterations, 10) >= 1 ? parseInt(options.iterations, 10) : 1;
        if (options.hasher !== undefined) hasher = hasherOf(options.hasher);
      }
      const out = crypto.pbkdf2Sync(dataToBuf(passphrase), dataToBuf(salt), iterations, keySize * 4, hasher);
      return realm.arrayBuffer(out);
    },
    AES: realm.obj({ encrypt: aes(false), decrypt: aes(true) }),
  });
}
