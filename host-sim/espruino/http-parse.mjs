// HTTP head parsing the way socketserver.c's httpParseHeaders does it: header names kept as
// received (first occurrence wins), values from the first non-blank after ':' to CR, empty
// values dropped, statusCode as a string, Content-Length / Transfer-Encoding looked up
// case-insensitively. Plus a decoder for chunked bodies.

function isWhite(ch) {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

function getI(headers, name) {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) return headers[k];
  return undefined;
}

// Returns null until the blank line has arrived, then the parsed head and the rest.
export function parseHead(data, isServer) {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const headerEnd = end + 4;
  const head = data.slice(0, headerEnd);
  const headers = {};
  let firstSpace = -1;
  let secondSpace = -1;
  let firstEOL = -1;
  let line = 0;
  let lastLineStart = 0;
  let colonPos = 0;
  let valueStart = 0;
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (ch === ' ' || ch === '\r') {
      if (firstSpace < 0) firstSpace = i;
      else if (secondSpace < 0) secondSpace = i;
    }
    if (ch === ':' && colonPos < 0) colonPos = i;
    else if (colonPos > 0 && !valueStart && !isWhite(ch)) valueStart = i;
    if (ch === '\r') {
      if (firstEOL < 0) firstEOL = i;
      if (line > 0 && colonPos > lastLineStart && valueStart > lastLineStart && lastLineStart < i) {
        const key = head.slice(lastLineStart, colonPos);
        if (!(key in headers)) headers[key] = head.slice(valueStart, i);
      }
      line++;
      colonPos = -1;
      valueStart = 0;
    }
    if (ch === '\r' || ch === '\n') lastLineStart = i + 1;
  }
  const te = getI(headers, 'Transfer-Encoding');
  const chunked = te !== undefined && String(te).toLowerCase() === 'chunked';
  const contentLength = chunked ? 1 : parseInt(getI(headers, 'Content-Length'), 10) || 0;
  const out = { headers, chunked, contentLength, rest: data.slice(headerEnd) };
  if (isServer) {
    out.method = head.slice(0, firstSpace);
    out.url = head.slice(firstSpace + 1, secondSpace);
  } else {
    out.httpVersion = head.slice(5, firstSpace);
    out.statusCode = head.slice(firstSpace + 1, secondSpace);
    out.statusMessage = secondSpace + 1 <= firstEOL ? head.slice(secondSpace + 1, firstEOL) : '';
  }
  return out;
}

// Incremental chunked-body decoder: feed() returns the data pieces now available; `done`
// turns true at the zero-length chunk.
export class ChunkDecoder {
  constructor() {
    this.buf = '';
    this.left = 0; // bytes of the current chunk still to come
    this.crlf = 0; // CRLF bytes to skip after a chunk
    this.done = false;
  }

  feed(data) {
    this.buf += data;
    const out = [];
    while (!this.done) {
      if (this.crlf) {
        const n = Math.min(this.crlf, this.buf.length);
        this.buf = this.buf.slice(n);
        this.crlf -= n;
        if (this.crlf) break;
      }
      if (this.left) {
        if (!this.buf.length) break;
        const piece = this.buf.slice(0, this.left);
        this.buf = this.buf.slice(piece.length);
        this.left -= piece.length;
        out.push(piece);
        if (!this.left) this.crlf = 2;
        continue;
      }
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) break;
      const size = parseInt(this.buf.slice(0, eol), 16);
      this.buf = this.buf.slice(eol + 2);
      if (!size) {
        this.done = true;
        break;
      }
      this.left = size;
    }
    return out;
  }
}
