// A check-IP echo, the "web" IP source: it tells the board its public address, which on loopback
// would otherwise always be 127.0.0.1, so tests choose the address and change it at will.
import { startHttpFake } from './http-util.mjs';

// The two body shapes ip_url services use: Dyn's HTML page (the firmware must dig the address out)
// and a bare address line (ipify, icanhazip, ...). The real Dyn page ends with CRLF.
const STYLES = {
  dyndns: (ip) => `<html><head><title>Current IP Check</title></head><body>Current IP Address: ${ip}</body></html>\r\n`,
  plain: (ip) => `${ip}\n`,
};

// ip: the address to report (null echoes the requester's own); any path answers, like the real ones.
// Returns the shared fake controls (url, port, requests, setNextAnswer, setAnswers, setStatus,
// setDelay, setClientIp, close) plus setIp(ip) and ip().
export async function startCheckIp({ port = 0, host = '127.0.0.1', ip = null, style = 'dyndns' } = {}) {
  const render = STYLES[style];
  if (!render) throw new TypeError(`unknown check-ip style: ${style}`);
  let current = ip;
  const fake = await startHttpFake({
    port,
    host,
    handle: (ctx) => ({
      headers: { 'Content-Type': style === 'dyndns' ? 'text/html' : 'text/plain' },
      body: render(current || ctx.clientIp),
    }),
  });
  return {
    ...fake,
    // The simulated network's public address changes; the echo must follow it.
    setIp(next) { current = next || null; },
    ip() { return current; },
  };
}
