#!/usr/bin/env node
// Prints the web admin password hash for ddns.json, the same the board's webpass('...') saves:
//   node tools/webpass.mjs 'a-long-password'
// then put it in the config: "web": { "admin_password_hash": "s256$64$..." }.
// Salted, iterated SHA-256 over the password's UTF-8 bytes (firmware/web/auth.ts).
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// One SHA-256 over a binary string, as the board's crypto.SHA256 + E.toString gives it.
function sha(bin) {
  return createHash('sha256').update(Buffer.from(bin, 'latin1')).digest('latin1');
}

// The stored form: 's256$<rounds>$<salt>$<hex>' (hashPassword in auth.ts).
export function hashPassword(pw, salt = randomBytes(8).toString('hex'), rounds = 64) {
  const bytes = Buffer.from(pw, 'utf8').toString('latin1');
  let h = sha(salt + bytes);
  for (let i = 1; i < rounds; i++) h = sha(h + salt + bytes);
  return `s256$${rounds}$${salt}$${Buffer.from(h, 'latin1').toString('hex')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pw = process.argv[2];
  if (!pw || pw.length < 8) {
    console.error("usage: node tools/webpass.mjs 'a-password-of-8-or-more-characters'");
    process.exit(2);
  }
  console.log(hashPassword(pw));
}
