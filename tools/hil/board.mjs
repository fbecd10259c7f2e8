// What the suite asks the board over its console (link.mjs). The expressions run ON THE BOARD,
// so they are ES5 one-liners Espruino runs: no arrow functions, no require() of a module that is
// not built in.

const CHUNK = 384; // bytes per console line when a file goes up or down (the espruino CLI's size)
export const BANNER = /ddns \S+ on (\S+): (\d+) section\(s\)/;

/** process.env, and whether this is the host simulator (its GIT_COMMIT says so). */
export async function identify(link) {
  const env = await link.ask('process.env');
  return { env, simulated: env.GIT_COMMIT === 'simulated', esp32: env.BOARD === 'ESP32' };
}

/**
 * process.memory() (blocks, after the garbage collection it runs) and, on an ESP32,
 * ESP32.getState() (native heap bytes).
 */
export function memory(link) {
  return link.ask('(function(){var m=process.memory();var r={usage:m.usage,free:m.free,total:m.total,blocksize:m.blocksize};' +
    'if(typeof ESP32!=="undefined"&&ESP32.getState){var s=ESP32.getState();r.freeHeap=s.freeHeap;r.minHeap=s.minHeap;}return r;})()');
}

/** The board's address from Wifi, null on a board without Wifi (or while it is down). */
export function wifiAddress(link) {
  return link.ask('(function(){var W;try{W=require("Wifi");}catch(e){return null;}var i=W.getIP();return i&&i.ip&&i.ip!=="0.0.0.0"?i.ip:null;})()');
}

/** Whether the board has Wifi and saved credentials (.wificfg) to reconnect with: never their content. */
export function wifiSaved(link) {
  return link.ask('(function(){try{require("Wifi");}catch(e){return false;}return require("Storage").list().indexOf(".wificfg")>=0;})()');
}

/**
 * Sockets the board's socket server lists (Espruino's hidden root: HttpCC client connections,
 * HttpSC accepted connections, HttpS listening servers); a list Espruino has not made yet is 0.
 */
export function sockets(link) {
  return link.ask('(function(){var r=global["\\xff"]||{};function n(k){return r[k]?r[k].length:0;}return {clients:n("HttpCC"),accepted:n("HttpSC"),servers:n("HttpS")};})()');
}

export function listFiles(link) {
  return link.ask('require("Storage").list()');
}

/** A Storage file's bytes (latin1 string), or null; base64 on the wire, CHUNK bytes a line. */
export async function readFile(link, name) {
  const n = JSON.stringify(name);
  const size = await link.ask(`(function(){var d=require("Storage").read(${n});return d===undefined?-1:d.length;})()`);
  if (size < 0) return null;
  let out = '';
  for (let at = 0; at < size; at += CHUNK) {
    const b64 = await link.ask(`btoa(require("Storage").read(${n},${at},${Math.min(CHUNK, size - at)}))`);
    out += Buffer.from(b64, 'base64').toString('latin1');
  }
  return out;
}

/** Writes `data` (latin1 string) as a Storage file, CHUNK bytes a line, then reads its size back. */
export async function writeFile(link, name, data) {
  const n = JSON.stringify(name);
  if (!data.length) throw new Error(`${name}: Storage cannot hold an empty file`);
  for (let at = 0; at < data.length; at += CHUNK) {
    const b64 = Buffer.from(data.slice(at, at + CHUNK), 'latin1').toString('base64');
    await link.ask(`require("Storage").write(${n},atob("${b64}"),${at},${data.length})`);
  }
  const back = await readFile(link, name);
  if (back !== data) throw new Error(`${name} did not read back as written`);
}

export function eraseFile(link, name) {
  return link.ask(`require("Storage").erase(${JSON.stringify(name)})`);
}

/** A console command of the firmware (force, check, status...), with string arguments. */
export function command(link, name, ...args) {
  link.send(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
}

/**
 * load(): the firmware starts again from flash. Resolves with {ms, sections} once it printed
 * its banner (BANNER), ms from the line sent.
 */
export async function restart(link, { timeoutMs = 30000 } = {}) {
  const since = link.output.length;
  const t0 = Date.now();
  link.send('load()');
  const m = await link.waitFor(BANNER, { since, timeoutMs });
  return { ms: Date.now() - t0, sections: Number(m[2]), since };
}
