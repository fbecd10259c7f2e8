// Why gcp and transip take tokens instead of keys: times one half of an RSA-2048 signature (a
// 1024-bit modular exponentiation, the CRT half) in plain ES5 on the real interpreter. Node makes a
// fresh key and the expected result; the interpreter (ESPRUINO_BIN) runs Montgomery multiplication
// with 24-bit limbs in doubles and prints its time. A whole signature is two such halves plus
// a little. Takes minutes: run by hand (node tools/measure-rsa.mjs), not by npm test or bench.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = process.env.ESPRUINO_BIN;
if (!bin) { console.error('set ESPRUINO_BIN to an Espruino interpreter built for Linux'); process.exit(2); }
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = privateKey.export({ format: 'jwk' });
const big = (s) => BigInt('0x' + Buffer.from(s, 'base64url').toString('hex'));
const p = big(jwk.p);
const dp = big(jwk.dp);
const m = BigInt('0x' + crypto.randomBytes(127).toString('hex')) % p;
const modPow = (b, e, n) => { let r = 1n; b %= n; while (e) { if (e & 1n) r = r * b % n; b = b * b % n; e >>= 1n; } return r; };
const LIMBS = 43;
const R = 1n << BigInt(24 * LIMBS);
const v = { p: p.toString(16), d: dp.toString(16), m: m.toString(16), r2: (R * R % p).toString(16), want: modPow(m, dp, p).toString(16) };

// The interpreter's side: ES5 only (no BigInt, no typed-array tricks), as firmware would be.
const es5 = `var V=${JSON.stringify(v)};
var B = 16777216, L = ${LIMBS};
function fromHex(h) { var a = []; for (var i = 0; i < L; i++) a.push(0); var k = 0;
  for (var e = h.length; e > 0 && k < L; e -= 6) a[k++] = parseInt(h.substring(Math.max(0, e - 6), e), 16); return a; }
function toHex(a) { var s = ''; for (var i = a.length - 1; i >= 0; i--) { var x = a[i].toString(16); while (x.length < 6) x = '0' + x; s += x; }
  while (s.length > 1 && s.charAt(0) === '0') s = s.substring(1); return s; }
function ninv(n0) { var x = 1; for (var i = 0; i < 5; i++) { x = (x * (2 - ((n0 * x) % B))) % B; if (x < 0) x += B; } return (B - x) % B; }
function mont(a, b, n, np) {
  var t = [], i, j, x, c, m;
  for (i = 0; i < L + 2; i++) t.push(0);
  for (i = 0; i < L; i++) {
    var ai = a[i]; c = 0;
    for (j = 0; j < L; j++) { x = t[j] + ai * b[j] + c; c = Math.floor(x / B); t[j] = x - c * B; }
    x = t[L] + c; c = Math.floor(x / B); t[L] = x - c * B; t[L + 1] = c;
    m = ((t[0] * (np & 4095)) % B + ((t[0] * (np >> 12)) % 4096) * 4096) % B;
    x = t[0] + m * n[0]; c = Math.floor(x / B);
    for (j = 1; j < L; j++) { x = t[j] + m * n[j] + c; c = Math.floor(x / B); t[j - 1] = x - c * B; }
    x = t[L] + c; c = Math.floor(x / B); t[L - 1] = x - c * B; t[L] = t[L + 1] + c; t[L + 1] = 0;
  }
  var ge = t[L] > 0;
  if (!ge) { ge = true; for (i = L - 1; i >= 0; i--) if (t[i] !== n[i]) { ge = t[i] > n[i]; break; } }
  if (ge) { var br = 0; for (i = 0; i < L; i++) { x = t[i] - n[i] - br; br = x < 0 ? 1 : 0; t[i] = x + br * B; } }
  return t.slice(0, L);
}
var t0 = Date.now();
var n = fromHex(V.p), np = ninv(n[0]), r2 = fromHex(V.r2), one = fromHex('1');
var mm = mont(fromHex(V.m), r2, n, np), acc = mont(one, r2, n, np);
for (var i = 0; i < V.d.length; i++) {
  var dg = parseInt(V.d.charAt(i), 16);
  for (var b = 3; b >= 0; b--) { acc = mont(acc, acc, n, np); if ((dg >> b) & 1) acc = mont(acc, mm, n, np); }
}
var got = toHex(mont(acc, one, n, np));
print('RSA ' + JSON.stringify({ ok: got === V.want, ms: Math.round(Date.now() - t0), blocksUsed: process.memory().usage }));
`;
const dir = mkdtempSync(path.join(tmpdir(), 'rsa-'));
const file = path.join(dir, 'rsa.js');
writeFileSync(file, es5);
const t0 = process.hrtime.bigint();
const out = execFileSync(bin, [file], { encoding: 'utf8', timeout: 15 * 60000 });
const wall = Number(process.hrtime.bigint() - t0) / 1e6;
const line = out.split('\n').find((l) => l.startsWith('RSA '));
if (!line) { console.error(out); process.exit(1); }
const r = JSON.parse(line.slice(4));
console.log(`one 1024-bit modexp (half an RSA-2048 CRT signature): ${r.ok ? 'correct' : 'WRONG'}, ${r.ms} ms on the interpreter ` +
  `(${Math.round(wall)} ms wall for the process); a signature is about twice that. Blocks in use at the end: ${r.blocksUsed}.`);
