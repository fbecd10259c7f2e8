import { StoragePort } from '../core/ports';

// The config lives in two slots, each '<generation>\n<checksum>\n<json>'. A save writes the slot
// that does not hold the newest copy, reads it back and checks it: a power cut at any moment
// leaves the old copy or the new one, never neither and never a mix. ddns.json, as uploaded by
// the flasher, is an inbox: imported into a slot, then erased.

export var INBOX = 'ddns.json';

// FNV-1a: cheap, and enough to tell a torn write from a whole one.
export function checksum(s: string): string {
  var h = 0x811c9dc5;
  for (var i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
  }
  return ('0000000' + h.toString(16)).substr(-8);
}

interface Slot { gen: number; text: string; index: number; }

// Built for one load or save (boot, a console commit, a web save): Espruino creates the function
// objects of a scope when the scope runs, so none of this costs RAM while the board idles.
function configStoreLib() {
  // The Storage file of slot 0 or 1.
  function slotName(index: number): string {
    return index ? 'cfg.b' : 'cfg.a';
  }

  // A slot's generation and text, or null when it is missing, torn or fails its checksum.
  function readSlot(storage: StoragePort, index: number): Slot | null {
    var raw = storage.read(slotName(index));
    if (!raw) return null;
    var a = raw.indexOf('\n');
    var b = a < 0 ? -1 : raw.indexOf('\n', a + 1);
    if (b < 0) return null;
    var gen = parseInt(raw.substr(0, a), 10);
    var text = raw.substr(b + 1);
    if (!(gen > 0) || raw.substr(a + 1, b - a - 1) !== checksum(text)) return null;
    return { gen: gen, text: text, index: index };
  }

  // The slot holding the newest whole copy, or null.
  function newest(storage: StoragePort): Slot | null {
    var a = readSlot(storage, 0);
    var b = readSlot(storage, 1);
    if (!a) return b;
    if (!b) return a;
    return b.gen > a.gen ? b : a;
  }

  /** The newest whole config text, or null when none was ever saved. */
  // Why: a torn or half-written slot fails its checksum and is skipped, so the other one wins.
  function loadConfigText(storage: StoragePort): string | null {
    var s = newest(storage);
    return s ? s.text : null;
  }

  /** Saves a new config; false (and the old one still in force) when the flash refused it. */
  // Why: an unchanged config is not written again (every rewrite leaves trash in flash), and the
  // slot written is never the one holding the config in force.
  function saveConfigText(storage: StoragePort, text: string): boolean {
    var cur = newest(storage);
    if (cur && cur.text === text) return true;
    var index = cur ? 1 - cur.index : 0;
    var gen = cur ? cur.gen + 1 : 1;
    if (!storage.write(slotName(index), gen + '\n' + checksum(text) + '\n' + text)) return false;
    var back = readSlot(storage, index);
    return !!back && back.gen === gen && back.text === text;
  }

  /** Moves an uploaded ddns.json into the slots. 'none', 'imported' or 'failed'. */
  // Why: the inbox is erased only after its text is safe in a slot, so a power cut during the
  // import leaves the inbox to be imported again at the next boot.
  function importInbox(storage: StoragePort): string {
    var text = storage.read(INBOX);
    if (text === undefined) return 'none';
    var cur = loadConfigText(storage);
    if (cur !== text && !saveConfigText(storage, text)) return 'failed';
    storage.erase(INBOX);
    return 'imported';
  }

  return { loadConfigText: loadConfigText, saveConfigText: saveConfigText, importInbox: importInbox };
}

// One call at a time (other modules, tests); code needing several calls keeps one configStoreLib().
// Typed by the first line, each passes `arguments` on: a declared parameter of a function that
// lives for as long as the board runs costs a variable block.
export function loadConfigText(storage: StoragePort): string | null;
export function loadConfigText(): string | null { return configStoreLib().loadConfigText.apply(null, arguments as any); }
export function saveConfigText(storage: StoragePort, text: string): boolean;
export function saveConfigText(): boolean { return configStoreLib().saveConfigText.apply(null, arguments as any); }
export function importInbox(storage: StoragePort): string;
export function importInbox(): string { return configStoreLib().importInbox.apply(null, arguments as any); }
