// The board's console UART offered over TCP (loopback only), speaking what Espruino's REPL
// speaks on a serial line, so that the real espruino CLI (`espruino -p tcp://127.0.0.1:PORT`)
// talks to a SimBoard as to a board on /dev/ttyUSB0. What is modelled, from jsinteractive.c
// (jsiHandleConsoleChar, jsiHandleNewLine, jsiCountBracketsInInput, jsiConsoleRemoveInputLine/
// ReturnInputLine, jsiLoop):
// - typed characters are echoed; Enter runs the line once its brackets balance (else "\n:" and
//   the line continues); "=<result>" after a line; the prompt ">" comes back when idle;
// - DLE (0x10) at the start of a line: that line runs without echo, without "=<result>" and
//   without a new prompt; echo(0) turns echo (and results and prompts) off until echo(1);
// - Ctrl-C clears the input line (code cannot be interrupted: it never runs while input is read);
//   Ctrl-E on an empty line prints "Espruino 2v29 ESP32"; ESC-LF (Alt-Enter) adds a newline
//   without running; ESC [ ... sequences: left/right/home/end/delete, the rest is ignored;
//   backspace; tab completion and history are not simulated; DLE-SOH packets are not simulated;
// - console output is "\n" -> "\r\n" and removes the shown input line first ("\r\x1b[J"), which
//   comes back (">" + line) at the next idle moment; Serial1.write/print go out raw;
// - with the console moved off Serial1 (E.setConsole), received bytes are Serial1 'data'.
// The bytes only the terminal sees (echo, prompt, line erasing, "\r") go to the TCP clients,
// not into board.output. Bytes arriving while the board restarts wait for it (the UART
// buffer); bytes for a board that is off are lost.
import net from 'node:net';
import { formatResult } from './format.mjs';

const KEYWORDS = new Set(('if else do while for break continue function return var let const this throw try ' +
  'catch finally new in instanceof typeof void delete switch case default class extends super of debugger with ' +
  'yield async await').split(' '));
const VALUE_KEYWORDS = new Set(['true', 'false', 'null', 'undefined']);
const REGEX_AFTER = '!%&*+-/<=>?[{}(,;:';
const PUNCT3 = ['>>>=', '===', '!==', '>>>', '<<=', '>>=', '**=', '...'];
const PUNCT2 = ['==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '=>', '**', '??', '?.'];

const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isIdStart = (c) => /[A-Za-z_$\x80-\uffff]/.test(c);
const isIdChar = (c) => /[A-Za-z0-9_$\x80-\uffff]/.test(c);

/**
 * jsiCountBracketsInInput: open minus closed brackets, lexing like jslex.c; 0 for an unfinished
 * string (run it so it errors), 1000 for an unfinished comment or template literal.
 */
export function countBrackets(text) {
  let brackets = 0;
  let i = 0;
  let prev = null; // {kind: 'id'|'kw'|'value'|'num'|'str'|'regex'|'op', text}
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return 1000;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      for (;;) {
        if (i >= n || text[i] === '\n') return 0;
        if (text[i] === '\\') i += 2;
        else if (text[i] === c) break;
        else i++;
      }
      i++;
      prev = { kind: 'str' };
      continue;
    }
    if (c === '`') {
      i++;
      for (;;) {
        if (i >= n) return 1000;
        if (text[i] === '\\') i += 2;
        else if (text[i] === '`') break;
        else i++;
      }
      i++;
      prev = { kind: 'str' };
      continue;
    }
    if (c === '/') {
      const allowed = !prev || (prev.kind === 'kw') || (prev.kind === 'op' && (prev.text.length > 1 || REGEX_AFTER.includes(prev.text)));
      if (allowed) {
        i++;
        while (i < n && text[i] !== '/' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
        if (text[i] === '/') {
          i++;
          while (i < n && 'gimyu'.includes(text[i])) i++;
        }
        prev = { kind: 'regex' };
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] || ''))) {
      i++;
      while (i < n && /[0-9A-Za-z_.]/.test(text[i])) i++;
      prev = { kind: 'num' };
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text[j])) j++;
      const word = text.slice(i, j);
      i = j;
      prev = { kind: VALUE_KEYWORDS.has(word) ? 'value' : KEYWORDS.has(word) ? 'kw' : 'id', text: word };
      continue;
    }
    if ('([{'.includes(c)) brackets++;
    if (')]}'.includes(c)) brackets--;
    if (brackets < 0) break;
    const op = PUNCT3.find((p) => text.startsWith(p, i)) || PUNCT2.find((p) => text.startsWith(p, i)) || c;
    i += op.length;
    prev = { kind: 'op', text: op };
  }
  return brackets;
}

// Row and column of a position in a (multi-line) input line.
function lineCol(text, pos) {
  let line = 0;
  let start = 0;
  for (let i = 0; i < pos; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, col: pos - start };
}

const BANNER = '\n' +
  ' ____                 _ \n' +
  '|  __|___ ___ ___ _ _|_|___ ___ \n' +
  '|  __|_ -| . |  _| | | |   | . |\n' +
  '|____|___|  _|_| |___|_|_|_|___|\n' +
  '         |_| espruino.com\n' +
  ' VERSION (c) 2025 G.Williams\n' +
  '\n' +
  'Espruino is Open Source. Our work is supported\n' +
  'only by sales of official boards and donations:\n' +
  'http://espruino.com/Donate\n';

/**
 * The text jsiSemiInit prints after a reset (and at power-on with no code in flash); boards
 * other than Linux first turn the terminal's line wrapping off.
 */
export function banner(version, linux = false) {
  return (linux ? '' : '\x1b[?7l') + BANNER.replace('VERSION', version) + '\n';
}

/** Espruino's console line editor on one board, writing terminal bytes to `send`. */
export class ConsoleLine {
  constructor(board, send) {
    this.board = board;
    this.send = send;
    this.pending = '';
    this.pumping = false;
    this.returnScheduled = false;
    this.clear();
  }

  // jsiSoftInit: a new interpreter has an empty input line, not shown yet.
  clear() {
    this.line = '';
    this.cursor = 0;
    this.removed = true;
    this.echoOffForLine = false;
    this.state = 'none';
    this.escNumber = 0;
  }

  session() {
    const s = this.board.session;
    return s && !s.dead ? s : null;
  }

  echo() {
    const s = this.session();
    return !this.echoOffForLine && !(s && s.echoOff);
  }

  // ---------------------------------------------------------------- output

  // Console text (print, "=result", errors) or raw Serial1 bytes from the board.
  output(text, viaConsole) {
    if (!viaConsole) {
      this.send(text);
      return;
    }
    this.removeInputLine();
    this.send(text.replace(/\n/g, '\r\n'));
    this.scheduleReturn();
  }

  moveCursor(from, to) {
    if (from === to) return;
    const a = lineCol(this.line, from);
    const b = lineCol(this.line, to);
    let out = '';
    for (let x = a.col; x < b.col; x++) out += '\x1b[C';
    for (let x = a.col; x > b.col; x--) out += '\x1b[D';
    for (let y = a.line; y < b.line; y++) out += '\x1b[B';
    for (let y = a.line; y > b.line; y--) out += '\x1b[A';
    this.send(out);
  }

  withNewLineChar(text) {
    return text.replace(/\n/g, '\r\n:');
  }

  removeInputLine() {
    if (this.removed) return;
    this.removed = true;
    if (this.echo()) {
      this.moveCursor(this.cursor, 0);
      this.send('\r\x1b[J');
    }
  }

  returnInputLine() {
    if (!this.removed) return;
    this.removed = false;
    if (this.echo()) {
      this.send('>' + this.withNewLineChar(this.line));
      this.moveCursor(this.line.length, this.cursor);
    }
  }

  // jsiLoop gives the prompt back once the board is idle again.
  scheduleReturn() {
    if (this.returnScheduled) return;
    this.returnScheduled = true;
    setImmediate(() => {
      this.returnScheduled = false;
      if (this.pumping || this.board.pendingBoot || !this.session()) return;
      this.returnInputLine();
    });
  }

  // ---------------------------------------------------------------- input

  receive(bytes) {
    this.pending += bytes;
    this.pump();
  }

  async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.pending.length) {
        if (this.board.pendingBoot) {
          await this.board.pendingBoot;
          continue;
        }
        const s = this.session();
        if (!s) {
          this.pending = ''; // nobody is listening on a board that is off
          break;
        }
        let i = 0;
        while (i < this.pending.length && this.session() === s) {
          if (s.consoleDevice !== 'Serial1') {
            s.emitter.pushData(s.serial1, this.pending.slice(i));
            i = this.pending.length;
            break;
          }
          this.handleChar(s, this.pending[i++]);
        }
        this.pending = this.pending.slice(i);
      }
    } finally {
      this.pumping = false;
    }
    this.scheduleReturn();
  }

  showInputLine() {
    return this.echo() && !this.removed;
  }

  // jsiHandleConsoleChar
  handleChar(s, ch) {
    const code = ch.charCodeAt(0);
    if (code === 0) {
      this.state = 'none';
    } else if (code === 1) {
      // DLE SOH starts a binary packet on the board: not simulated
    } else if (code === 3) {
      this.ctrlC();
    } else if (code === 5) {
      // ENQ: a plain jsiConsolePrintf, the input line stays where it is
      if (this.line === '') this.send(`Espruino ${s.board.env().VERSION} ${s.board.env().BOARD}\r\n`);
    } else if (code === 16) {
      if (this.line === '') this.echoOffForLine = true;
      this.state = 'dle';
    } else if (code === 27) {
      this.state = 'esc';
    } else if (this.state === 'esc') {
      this.state = 'none';
      if (code === 79) this.state = 'esc79';
      else if (code === 91) this.state = 'esc91';
      else if (code === 10) this.newLine(s, false);
    } else if (this.state === 'esc79') {
      this.state = 'none';
      if (ch === 'F') this.end();
      else if (ch === 'H') this.home();
      else if (ch === 'o') this.handleChar(s, '/');
      else if (ch === 'j') this.handleChar(s, '*');
      else if (ch === 'm') this.handleChar(s, '-');
      else if (ch === 'k') this.handleChar(s, '+');
      else if (ch === 'M') this.handleChar(s, '\r');
    } else if (this.state === 'esc91') {
      this.state = 'none';
      if (ch >= '0' && ch <= '9') {
        this.escNumber = code - 48;
        this.state = 'escnum';
      } else if (ch === 'D') {
        if (this.cursor > 0 && this.line[this.cursor - 1] !== '\n') {
          this.cursor--;
          if (this.showInputLine()) this.send('\x1b[D');
        }
      } else if (ch === 'C') {
        if (this.cursor < this.line.length && this.line[this.cursor] !== '\n') {
          this.cursor++;
          if (this.showInputLine()) this.send('\x1b[C');
        }
      } else if (ch === 'F') this.end();
      else if (ch === 'H') this.home();
      // A/B (history, moving between lines) are not simulated
    } else if (this.state === 'escnum') {
      if (ch >= '0' && ch <= '9') {
        this.escNumber = this.escNumber * 10 + code - 48;
      } else {
        // ESC [ n d sets the line number for functions declared on the line: ignored here
        if (ch === 'H' && this.escNumber === 2) this.clearInputLine(true);
        if (code === 126) {
          if (this.escNumber === 1) this.home();
          else if (this.escNumber === 3) this.deleteChar(false);
          else if (this.escNumber === 4) this.end();
        }
        this.state = 'none';
      }
    } else {
      this.state = 'none';
      if (code === 8 || code === 127) this.deleteChar(true);
      else if (ch === '\r' || ch === '\n') this.newLine(s, true);
      else if (ch === '\t' && this.echo()) {
        // tab completion is not simulated
      } else if (code >= 32 || ch === '\t') this.insert(ch === '\t' ? '    ' : ch);
    }
  }

  // jsiCtrlC + jsiLoop: the input line is thrown away.
  ctrlC() {
    this.clearInputLine(true);
  }

  clearInputLine(updateConsole) {
    if (this.line === '') return;
    if (updateConsole) this.removeInputLine();
    this.line = '';
    this.cursor = 0;
  }

  insert(str) {
    if (this.cursor >= this.line.length) {
      this.line += str;
    } else {
      this.line = this.line.slice(0, this.cursor) + str + this.line.slice(this.cursor);
      if (this.showInputLine()) this.printUntilEol(this.cursor, true);
    }
    this.cursor += str.length;
    if (this.showInputLine()) this.send(str);
  }

  printUntilEol(from, andBackup) {
    let i = from;
    let out = '';
    while (i < this.line.length && this.line[i] !== '\n') out += this.line[i++];
    if (andBackup) out += ' ' + '\x08'.repeat(out.length + 1);
    this.send(out);
  }

  deleteChar(isBackspace) {
    const l = this.line.length;
    if (isBackspace && this.cursor === 0) return;
    if (!isBackspace && this.cursor >= l) return;
    const p = isBackspace ? this.cursor - 1 : this.cursor;
    const deleteNewline = this.line[p] === '\n';
    if (deleteNewline && this.showInputLine()) {
      this.send('\x1b[J');
      if (isBackspace) {
        this.send('\x08 ');
        this.moveCursor(this.cursor, this.cursor - 1);
      }
    }
    this.line = this.line.slice(0, p) + this.line.slice(p + 1);
    if (isBackspace) this.cursor--;
    if (this.showInputLine()) {
      if (deleteNewline) {
        this.send(this.withNewLineChar(this.line.slice(this.cursor)));
        this.moveCursor(this.line.length, this.cursor);
      } else {
        if (isBackspace) this.send('\x08');
        this.printUntilEol(this.cursor, true);
      }
    }
  }

  home() {
    while (this.cursor > 0 && this.line[this.cursor - 1] !== '\n') {
      if (this.showInputLine()) this.send('\x08');
      this.cursor--;
    }
  }

  end() {
    while (this.cursor < this.line.length && this.line[this.cursor] !== '\n') {
      if (this.showInputLine()) this.send(this.line[this.cursor]);
      this.cursor++;
    }
  }

  atEndOfInputLine() {
    for (let i = this.cursor; i < this.line.length; i++) if (!isSpace(this.line[i])) return false;
    return true;
  }

  // jsiHandleNewLine
  newLine(s, execute) {
    if (this.atEndOfInputLine()) {
      if (execute && countBrackets(this.line) <= 0) {
        if (this.showInputLine()) this.send('\r\n');
        if (!this.echoOffForLine) this.removed = true;
        const code = this.line.replace(/[ \t\n\r\v\f]+$/, '');
        this.line = '';
        this.cursor = 0;
        this.execute(s, code);
        this.echoOffForLine = false;
      } else {
        if (this.showInputLine()) this.send('\r\n:');
        this.line += '\n';
        this.cursor++;
      }
    } else {
      if (this.showInputLine()) this.send('\x1b[J');
      this.line = this.line.slice(0, this.cursor) + '\n' + this.line.slice(this.cursor);
      if (this.showInputLine()) {
        this.send(this.withNewLineChar(this.line.slice(this.cursor)));
        this.moveCursor(this.line.length, this.cursor + 1);
      }
      this.cursor++;
    }
  }

  // jspEvaluateVar(line, "REPL"), then "=<result>" when echo is on and nothing was thrown.
  execute(s, code) {
    let value;
    let ok = true;
    try {
      value = s.realm.run(code, 'REPL');
    } catch (e) {
      ok = false;
      s.uncaught(e);
    }
    if (s.dead) return;
    if (ok && code !== '' && this.echo()) s.print(`=${formatResult(value)}\n`);
  }
}

/** A TCP server on loopback whose clients share the board's console UART. */
export class ConsoleServer {
  constructor(board, { port = 0, host = '127.0.0.1' } = {}) {
    this.board = board;
    this.requestedPort = port;
    this.host = host;
    this.clients = new Set();
    this.server = null;
    this.port = null;
    this.line = new ConsoleLine(board, (bytes) => this.broadcast(bytes));
    this.onPrint = (text, viaConsole) => this.line.output(text, viaConsole);
    this.onPowerOff = () => this.line.clear();
    this.onPowerOn = () => this.line.scheduleReturn();
  }

  broadcast(bytes) {
    if (!bytes) return;
    const buf = Buffer.from(bytes, 'latin1');
    for (const c of this.clients) if (!c.destroyed) c.write(buf);
  }

  /** Listens; resolves with the real port. Rejects (EADDRINUSE...) when the port is taken. */
  start() {
    if (this.server) return Promise.resolve(this.port);
    const server = net.createServer((sock) => {
      sock.setNoDelay(true);
      this.clients.add(sock);
      sock.on('data', (d) => this.line.receive(d.toString('latin1')));
      sock.on('error', () => {});
      sock.on('close', () => this.clients.delete(sock));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off('error', reject);
        server.on('error', () => {});
        this.server = server;
        this.port = server.address().port;
        this.board.on('print', this.onPrint);
        this.board.on('poweroff', this.onPowerOff);
        this.board.on('poweron', this.onPowerOn);
        resolve(this.port);
      });
    });
  }

  async close() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.board.off('print', this.onPrint);
    this.board.off('poweroff', this.onPowerOff);
    this.board.off('poweron', this.onPowerOn);
    for (const c of this.clients) c.destroy();
    this.clients.clear();
    await new Promise((resolve) => server.close(() => resolve()));
  }

  get address() {
    return this.port === null ? null : `tcp://${this.host}:${this.port}`;
  }
}
