// require('Storage') (src/jswrap_storage.c, src/jsflash.c) over the file-backed Flash.
// Semantics kept: names cut to 28 chars; write(name, data, offset, size) creates a file of
// `size` bytes filled with 0xFF and later writes may only fill erased bytes; writing the same
// content again is a no-op; a zero-length file throws; objects are written as JSON and
// writeJSON writes JS-style JSON (unquoted keys) that only readJSON reads; a full flash throws
// "Unable to find or create file"; StorageFile keeps data in 4064-byte chunks "name\1",
// "name\2", ... ending at the first 0xFF.
// Every board write (write, writeJSON, erase, eraseAll, StorageFile write/erase) goes through
// session.flashWrite(), which counts it (per name too; eraseAll as '*') and may cut the power
// instead (a write is atomic).
import { storageName, FLAG_STORAGEFILE, PAGE_SIZE, HEADER_SIZE } from './flash.mjs';
import { dataToBuf, strToBuf, bufToStr, isArrayBuffer } from './bytes.mjs';
import { stringifyJS, parseLiberal } from './jsonjs.mjs';

const CHUNK_SIZE = PAGE_SIZE - HEADER_SIZE; // STORAGEFILE_CHUNKSIZE on the ESP32

function toInt(v) {
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !isArrayBuffer(v);
}

function standardJSON(v) {
  return JSON.stringify(v, (k, x) => (ArrayBuffer.isView(x) ? Array.from(x) : x));
}

function erased(buf, offset, length) {
  for (let i = offset; i < offset + length; i++) if (buf[i] !== 0xff) return false;
  return true;
}

// The name of StorageFile chunk n: the chunk number replaces the first NUL of the 28-byte name
// (so a 28-char name loses its last char).
function chunkName(name, chunk) {
  const n = storageName(name);
  return n.slice(0, Math.min(27, n.length)) + String.fromCharCode(chunk);
}

export function createStorage(session) {
  const { realm, board } = session;
  const flash = board.flashStore;
  const fail = (msg) => {
    throw realm.error('Error', msg);
  };

  // jsfWriteFile
  function writeFile(name, buf, flags, offset, size) {
    if (offset < 0 || size < 0) return false;
    if (!size) size = buf.length;
    if (!size) fail("Can't create zero length file");
    let existing = flash.read(name);
    if (offset === 0 && (!existing || flags !== flash.flags(name) || size !== existing.length || !erased(existing, 0, size))) {
      if (existing && size === existing.length && flags === flash.flags(name) && buf.equals(existing)) return true;
      // The old file is erased first: when the new one does not fit, both are gone.
      if (existing) flash.erase(name);
      if (!flash.makeRoom(size)) fail('Unable to find or create file');
      existing = Buffer.alloc(size, 0xff);
      flash.create(name, existing, flags);
    }
    if (!existing) fail('Unable to find or create file');
    if (offset + buf.length > existing.length) fail('Too much data for file size');
    if (!erased(existing, offset, buf.length)) fail('File already written with different data');
    flash.patch(name, offset, buf);
    return true;
  }

  const api = {
    read(name, offset, length) {
      const buf = flash.read(storageName(name));
      if (!buf) return undefined;
      let off = Math.max(0, toInt(offset));
      let len = toInt(length);
      if (len <= 0) len = buf.length;
      if (off > buf.length) off = buf.length;
      if (off + len > buf.length) len = buf.length - off;
      return len <= 0 ? '' : bufToStr(buf.subarray(off, off + len));
    },
    readJSON(name, noExceptions) {
      const buf = flash.read(storageName(name));
      if (!buf) return undefined;
      try {
        return realm.fromHost(parseLiberal(bufToStr(buf)));
      } catch (e) {
        if (noExceptions) return undefined;
        throw realm.error('Error', e.message);
      }
    },
    readArrayBuffer(name) {
      const buf = flash.read(storageName(name));
      return buf ? realm.arrayBuffer(buf) : undefined;
    },
    write(name, data, offset, size) {
      const n = storageName(name);
      let off = toInt(offset);
      let sz = toInt(size);
      let buf;
      if (isPlainObject(data)) {
        buf = strToBuf(standardJSON(data));
        off = 0;
        sz = 0;
      } else buf = dataToBuf(data);
      return session.flashWrite(() => writeFile(n, buf, 0, off, sz), n);
    },
    writeJSON(name, data) {
      const n = storageName(name);
      return session.flashWrite(() => writeFile(n, strToBuf(stringifyJS(data)), 0, 0, 0), n);
    },
    erase(name) {
      const n = storageName(name);
      session.flashWrite(() => flash.erase(n), n);
    },
    eraseAll() {
      session.flashWrite(() => flash.eraseAll());
    },
    list(regex, filter) {
      let containing = false;
      let notContaining = false;
      if (isPlainObject(filter) && filter.sf !== undefined) {
        if (filter.sf) containing = true;
        else notContaining = true;
      }
      const out = [];
      for (const raw of flash.names()) {
        const isSF = (flash.flags(raw) & FLAG_STORAGEFILE) !== 0;
        if (notContaining && isSF) continue;
        if (containing && !isSF) continue;
        let name = raw;
        if (isSF) {
          if (raw.charCodeAt(raw.length - 1) !== 1) continue;
          if (containing) name = raw.slice(0, -1);
        }
        if (regex !== undefined) {
          const m = String.prototype.match.call(name, regex);
          if (m === null || m === undefined) continue;
        }
        out.push(name);
      }
      return realm.arr(out);
    },
    hash() {
      let h = 0xabcddcba;
      for (const n of flash.names()) for (const c of strToBuf(n)) h = ((h << 1) | (h >>> 31)) ^ c;
      return h | 0;
    },
    compact() {
      flash.compact();
    },
    getFree() {
      return flash.stats().freeBytes;
    },
    getStats() {
      return realm.obj(flash.stats());
    },
    debug() {},
    optimise() {},
    open(name, mode) {
      if (mode !== 'r' && mode !== 'w' && mode !== 'a') fail(`Invalid mode ${JSON.stringify(mode)}`);
      const n = String(name).slice(0, 28);
      const f = realm.instance(fileProto, { name: n, chunk: 1, offset: 0, mode: mode.charCodeAt(0) });
      let chunk = 1;
      let offset = 0;
      if (mode === 'w' && flash.exists(chunkName(n, 1))) {
        session.flashWrite(() => eraseChunks(n), n);
      }
      if (mode === 'a') {
        let buf = flash.read(chunkName(n, 1));
        while (buf && buf[buf.length - 1] !== 0xff && chunk < 255) {
          chunk++;
          buf = flash.read(chunkName(n, chunk));
        }
        if (buf) {
          offset = buf.indexOf(0xff);
          if (offset < 0) offset = buf.length;
        }
      }
      Object.assign(f, { chunk, offset, mode: mode.charCodeAt(0) });
      return f;
    },
  };

  function eraseChunks(n) {
    for (let c = 1; c < 256 && flash.exists(chunkName(n, c)); c++) flash.erase(chunkName(n, c));
  }

  function readInternal(f, len) {
    let isLine = len < 0;
    if (f.mode !== 114) fail("Can't read in this mode");
    let chunk = toInt(f.chunk);
    let buf = flash.read(chunkName(f.name, chunk));
    if (!buf) return undefined;
    let offset = toInt(f.offset);
    let result;
    if (isLine) len = Infinity;
    while (len > 0) {
      if (buf.length - offset <= 0) {
        offset = 0;
        if (chunk === 255) buf = null;
        else buf = flash.read(chunkName(f.name, ++chunk));
        f.offset = 0;
        f.chunk = chunk;
        if (!buf) return result;
      }
      let l = Math.min(len, buf.length - offset);
      let stop = false;
      for (let i = 0; i < l; i++) {
        const c = buf[offset + i];
        if (c === 0xff) { l = i; stop = true; break; }
        if (isLine && c === 10) { l = i + 1; isLine = false; len = l; break; }
      }
      if (!l) break;
      result = (result || '') + bufToStr(buf.subarray(offset, offset + l));
      len -= l;
      offset += l;
      if (stop) break;
    }
    f.offset = offset;
    return result;
  }

  const fileProto = realm.proto({
    read(len) {
      return readInternal(this, Math.max(0, toInt(len)));
    },
    readLine() {
      return readInternal(this, -1);
    },
    getLength() {
      let length = 0;
      let chunk = 1;
      let buf = flash.read(chunkName(this.name, chunk));
      while (buf && buf[buf.length - 1] !== 0xff && chunk < 255) {
        length += buf.length;
        buf = flash.read(chunkName(this.name, ++chunk));
      }
      if (buf) {
        const end = buf.indexOf(0xff);
        length += end < 0 ? buf.length : end;
      }
      return length;
    },
    write(data) {
      if (this.mode !== 119 && this.mode !== 97) fail("Can't write in this mode");
      const buf = dataToBuf(String(data));
      if (!buf.length) return;
      const f = this;
      session.flashWrite(() => {
        let chunk = toInt(f.chunk);
        let offset = toInt(f.offset);
        const name = chunkName(f.name, chunk);
        const existing = flash.read(name);
        if (!existing) {
          try {
            writeFile(name, buf, FLAG_STORAGEFILE, 0, CHUNK_SIZE);
          } catch (e) {
            f.mode = 0;
            throw e;
          }
          f.offset = buf.length;
          return;
        }
        const remaining = existing.length - offset;
        if (buf.length < remaining) {
          flash.patch(name, offset, buf);
          f.offset = offset + buf.length;
          return;
        }
        flash.patch(name, offset, buf.subarray(0, remaining));
        f.offset = offset + remaining;
        if (chunk === 255) fail('File too big!');
        chunk++;
        const rest = buf.subarray(remaining);
        try {
          writeFile(chunkName(f.name, chunk), rest, FLAG_STORAGEFILE, 0, CHUNK_SIZE);
        } catch (e) {
          f.mode = 0;
          throw e;
        }
        f.chunk = chunk;
        f.offset = rest.length;
      }, f.name);
    },
    erase() {
      const f = this;
      session.flashWrite(() => eraseChunks(f.name), f.name);
      Object.assign(f, { chunk: 1, offset: 0, mode: 0 });
    },
  });

  return { api, module: realm.proto(api) };
}
