// The board's Storage area, kept on the host disk: one file per Storage name in flashDir (the
// name encoded into a safe file name), plus a small metadata file with each file's flags, its
// order in flash and the trash left by rewrites. It survives reboots and new SimBoards.
import fs from 'node:fs';
import path from 'node:path';

export const FLASH_TOTAL = 224 * 4096; // 896 KB: 'saved_code' pages in boards/ESP32.py
export const PAGE_SIZE = 4096;
export const HEADER_SIZE = 32; // JsfFileHeader: 4 bytes size+flags, 28 bytes name
export const NAME_MAX = 28;
export const FLAG_STORAGEFILE = 64;
const META = '~meta.json'; // '~' is always escaped in encoded names, so this never collides

const SAFE = /^[A-Za-z0-9_.-]$/;

// Storage names are up to 28 arbitrary bytes; '%XX' everything but [A-Za-z0-9_.-], and a
// leading '.' so that no name becomes '.', '..' or a hidden file.
export function encodeName(name) {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    const c = name.charCodeAt(i) & 255;
    if (SAFE.test(ch) && !(i === 0 && ch === '.')) out += ch;
    else out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
  }
  return out || '%';
}

export function decodeName(file) {
  if (file === '%') return '';
  return file.replace(/%([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

// Storage's rule for names (jsfNameFromVar): the C string up to a NUL, cut to 28 chars.
export function storageName(v) {
  let s = String(v);
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  return s.slice(0, NAME_MAX);
}

function align4(n) {
  return (n + 3) & ~3;
}

export const PAGES = FLASH_TOTAL / PAGE_SIZE;

// What the flash has paid since this Flash was made (or wear reset): data bytes written and
// files made per name, bytes taken from the erased area (header + aligned size of every new
// file: what brings the next compaction closer), compactions, and the erases of each 4 KB page.
function newWear() {
  return { bytes: {}, creates: {}, allocBytes: 0, compactions: 0, pageErases: new Array(PAGES).fill(0) };
}

export class Flash {
  constructor(dir) {
    this.dir = dir;
    fs.mkdirSync(dir, { recursive: true });
    this.meta = this.loadMeta();
    this.wear = newWear();
  }

  resetWear() {
    this.wear = newWear();
  }

  // created: a new file of `size` bytes takes its place in flash; `data` bytes are programmed
  // (none for a file made erased, to be filled by later writes).
  countWrite(name, data, created, size = 0) {
    const w = this.wear;
    w.bytes[name] = (w.bytes[name] || 0) + data;
    if (created) {
      w.creates[name] = (w.creates[name] || 0) + 1;
      w.allocBytes += HEADER_SIZE + align4(size);
    }
  }

  loadMeta() {
    let meta = { seq: 0, files: {}, trashBytes: 0, trashCount: 0 };
    try {
      meta = { ...meta, ...JSON.parse(fs.readFileSync(path.join(this.dir, META), 'utf8')) };
    } catch {
      // no metadata yet: files found on disk get default flags below
    }
    const onDisk = this.diskNames();
    for (const n of onDisk) if (!meta.files[n]) meta.files[n] = { flags: 0, seq: ++meta.seq };
    for (const n of Object.keys(meta.files)) if (!onDisk.includes(n)) delete meta.files[n];
    return meta;
  }

  saveMeta() {
    fs.writeFileSync(path.join(this.dir, META), JSON.stringify(this.meta));
  }

  diskNames() {
    return fs.readdirSync(this.dir).filter((f) => f !== META && !f.startsWith('.')).map(decodeName).sort();
  }

  file(name) {
    return path.join(this.dir, encodeName(name));
  }

  // Files in flash order (oldest first), as jsfListFiles walks them.
  names() {
    return Object.keys(this.meta.files).sort((a, b) => this.meta.files[a].seq - this.meta.files[b].seq);
  }

  exists(name) {
    return Boolean(this.meta.files[name]);
  }

  flags(name) {
    return this.meta.files[name] ? this.meta.files[name].flags : 0;
  }

  read(name) {
    if (!this.exists(name)) return undefined;
    try {
      return fs.readFileSync(this.file(name));
    } catch {
      return undefined;
    }
  }

  size(name) {
    const b = this.read(name);
    return b ? b.length : 0;
  }

  // Creates (or replaces) a file; a replaced file's space becomes trash until compact().
  create(name, buf, flags = 0) {
    if (this.exists(name)) this.trash(name);
    this.countWrite(name, buf.every((b) => b === 0xff) ? 0 : buf.length, true, buf.length);
    fs.writeFileSync(this.file(name), buf);
    this.meta.files[name] = { flags, seq: ++this.meta.seq };
    this.saveMeta();
  }

  // Writes inside an existing file without moving it (offset writes, StorageFile appends).
  patch(name, offset, buf) {
    this.countWrite(name, buf.length, false);
    const fd = fs.openSync(this.file(name), 'r+');
    try {
      fs.writeSync(fd, buf, 0, buf.length, offset);
    } finally {
      fs.closeSync(fd);
    }
  }

  trash(name) {
    const size = this.size(name);
    this.meta.trashBytes += HEADER_SIZE + align4(size);
    this.meta.trashCount++;
  }

  erase(name) {
    if (!this.exists(name)) return false;
    this.trash(name);
    fs.rmSync(this.file(name), { force: true });
    delete this.meta.files[name];
    this.saveMeta();
    return true;
  }

  eraseAll() {
    for (const n of Object.keys(this.meta.files)) fs.rmSync(this.file(n), { force: true });
    this.meta = { seq: 0, files: {}, trashBytes: 0, trashCount: 0 };
    this.saveMeta();
  }

  // jsflash.c moves every live file down over the trash, erasing the pages on its way: each page
  // up to the end of the used area is erased (at most) once per compaction.
  compact() {
    const s = this.stats();
    const used = Math.min(PAGES, Math.ceil((s.fileBytes + s.trashBytes) / PAGE_SIZE));
    this.wear.compactions++;
    for (let i = 0; i < used; i++) this.wear.pageErases[i]++;
    this.meta.trashBytes = 0;
    this.meta.trashCount = 0;
    this.saveMeta();
  }

  stats() {
    let fileBytes = 0;
    for (const n of Object.keys(this.meta.files)) fileBytes += HEADER_SIZE + align4(this.size(n));
    const used = fileBytes + this.meta.trashBytes;
    return {
      totalBytes: FLASH_TOTAL,
      freeBytes: Math.max(0, FLASH_TOTAL - used),
      fileBytes,
      fileCount: Object.keys(this.meta.files).length,
      trashBytes: this.meta.trashBytes,
      trashCount: this.meta.trashCount,
    };
  }

  // Room for a new file of `size` bytes, compacting first if trash would make room (as
  // jsfCreateFile does).
  makeRoom(size) {
    const need = HEADER_SIZE + align4(size);
    const s = this.stats();
    if (s.freeBytes >= need) return true;
    if (s.freeBytes + s.trashBytes < need) return false;
    this.compact();
    return true;
  }
}
