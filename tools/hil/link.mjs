// The suite's line to the board's console: a serial device (/dev/ttyUSB0, with the serialport
// package the espruino CLI brings) or tcp://host:port (a simulated board's console, Espruino's
// telnet server). It speaks what the espruino CLI speaks: each line starts with DLE (0x10), so
// the board runs it without echo and without "=result"; a question prints its answer between
// markers the line itself does not contain, so the echo of a board that ignores DLE cannot be
// taken for the answer. Everything the board prints is kept (`output`) for the report's log.
import net from 'node:net';

const OUTPUT_CAP = 4 * 1024 * 1024; // what is kept of the board's output: a chatty board cannot fill the PC
const ASK_AGAIN_MS = 3000;
const ANSWER = /<<H(\d+) ([^\r\n]*?) H\1>>/g;

function parsePort(port) {
  const m = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(port);
  if (m) return { tcp: true, host: m[1], port: m[2] ? Number(m[2]) : 23 };
  if (/^tcp:/.test(port)) throw new Error(`--port ${port}: expected tcp://host[:port]`);
  return { tcp: false, path: port };
}

async function openSerial(path, baud) {
  let SerialPort;
  try {
    ({ SerialPort } = await import('serialport'));
  } catch {
    throw new Error('the serialport package is missing (it comes with the espruino CLI: npm ci)');
  }
  const sp = new SerialPort({ path, baudRate: baud, autoOpen: false });
  await new Promise((resolve, reject) => sp.open((e) => (e ? reject(new Error(`cannot open ${path}: ${e.message}`)) : resolve())));
  return sp;
}

function openTcp({ host, port }, timeoutMs) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no answer from ${host}:${port} in ${timeoutMs} ms`)); }, timeoutMs);
    s.once('connect', () => { clearTimeout(timer); resolve(s); });
    s.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot connect to ${host}:${port}: ${e.message}`)); });
  });
}

// Espruino's JSON.stringify writes some characters as \xHH, which JSON does not have.
export function jsonOf(text) {
  return text.replace(/(^|[^\\])((?:\\\\)*)\\x([0-9a-fA-F]{2})/g, '$1$2\\u00$3');
}

export class Link {
  /** Opens `port` (see parsePort); resolves once the board answers a question. */
  static async open(port, { baud = 115200, timeoutMs = 10000 } = {}) {
    const where = parsePort(port);
    const stream = where.tcp ? await openTcp(where, timeoutMs) : await openSerial(where.path, baud);
    const link = new Link(stream, port);
    // Ctrl-C clears a half-typed line on a UART, as the espruino CLI does first; not over TCP:
    // Espruino for Linux quits at a second Ctrl-C on an empty line.
    if (!where.tcp) stream.write('\x03');
    // Opening a USB serial port resets many ESP32 boards: what is sent while it boots is lost,
    // so the first question is asked again every few seconds until timeoutMs.
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        await link.ask('1', { timeoutMs: Math.min(ASK_AGAIN_MS, Math.max(1, end - Date.now())) });
        return link;
      } catch (e) {
        if (Date.now() >= end || link.closed) { await link.close(); throw e; }
      }
    }
  }

  constructor(stream, port) {
    this.stream = stream;
    this.port = port;
    this.output = '';
    this.dropped = 0;
    this.n = 0;
    this.closed = false;
    this.waiters = new Set();
    stream.on('data', (d) => {
      this.output += Buffer.from(d).toString('latin1');
      if (this.output.length > OUTPUT_CAP) {
        const cut = this.output.length - OUTPUT_CAP / 2;
        this.dropped += cut;
        this.output = this.output.slice(cut);
        for (const w of this.waiters) w.shift(cut);
      }
      for (const w of [...this.waiters]) w.check();
    });
    stream.on('error', () => {});
    stream.on('close', () => { this.closed = true; for (const w of [...this.waiters]) w.check(); });
  }

  /** Resolves with the first match of `re` in the output after `since`; rejects after timeoutMs. */
  waitFor(re, { since = this.output.length, timeoutMs = 10000 } = {}) {
    return new Promise((resolve, reject) => {
      let from = since;
      const w = {
        shift: (n) => { from = Math.max(0, from - n); },
        check: () => {
          const r = new RegExp(re.source, re.flags.replace('g', ''));
          const m = r.exec(this.output.slice(from));
          if (m) { done(); m.end = from + m.index + m[0].length; resolve(m); return; }
          if (this.closed) { done(); reject(new Error(`the connection to ${this.port} closed while waiting for ${re}`)); }
        },
      };
      const timer = setTimeout(() => { done(); reject(new Error(`waited ${timeoutMs} ms for ${re}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); this.waiters.delete(w); };
      this.waiters.add(w);
      w.check();
    });
  }

  /** One line of code for the board (no line breaks: the console would run it line by line). */
  send(code) {
    if (/[\r\n]/.test(code)) throw new Error('one line only');
    if (this.closed) throw new Error(`the connection to ${this.port} is closed`);
    this.stream.write(Buffer.from('\x10' + code + '\n', 'latin1'));
  }

  /**
   * The value of the ES5 expression `expr` on the board, through JSON. An exception on the board
   * rejects with its message.
   */
  async ask(expr, { timeoutMs = 10000 } = {}) {
    const n = ++this.n;
    const since = this.output.length;
    const tag = (side) => (side ? `"<<H"+"${n} "` : `" H"+"${n}>>"`);
    this.send(`(function(){var r;try{r={v:(${expr})};}catch(e){r={e:String(e)};}print(${tag(true)}+JSON.stringify(r)+${tag(false)});})()`);
    const m = await this.waitFor(new RegExp(`<<H${n} ([^\\r\\n]*?) H${n}>>`), { since, timeoutMs });
    const r = JSON.parse(jsonOf(m[1]));
    if (r.e !== undefined) throw new Error(`the board says: ${r.e}`);
    return r.v;
  }

  /** The output after `since` with the answers to questions taken out (the board's own lines). */
  printed(since = 0) {
    return this.output.slice(since).replace(ANSWER, '');
  }

  close() {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.once('close', () => resolve());
      if (typeof this.stream.destroy === 'function' && this.stream instanceof net.Socket) this.stream.end();
      else this.stream.close(() => {});
      setTimeout(() => { if (this.stream.destroy) this.stream.destroy(); resolve(); }, 1000).unref();
    });
  }
}
