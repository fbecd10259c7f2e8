import { StoragePort } from '../core/ports';
import { indexOfStr } from '../core/text';
import type { RunConfig, RunSection } from '../section/types';

// The config lives in two slots. A slot is a pair of files of one generation: 'cfg.a' holds the
// user's config (ddns.json as committed), 'run.a' its compiled runtime form (compile.ts); 'cfg.b'
// and 'run.b' the other slot. Each file is '<generation>\n<checksum>\n<text>'. A save writes the
// slot that does not hold the newest copy, run file first, cfg file last, and reads both back: a
// power cut at any moment leaves the old pair or the new one in force, never neither and never a
// mix (the newest slot is the one whose cfg file is newest and whole; its run file counts only
// when it is whole and of the same generation, else boot compiles it again).
// ddns.json, as uploaded by the flasher, is an inbox: imported into a slot, then erased.
// Part of the core (boot reads the runtime form); the rest of config/ is a module.

export var INBOX = 'ddns.json';

// FNV-1a from `from` on: cheap, and enough to tell a torn write from a whole one. Reads the
// string where it is (a Storage file stays in flash), without copying it.
export function checksum(s: string, from?: number): string {
  var h = 0x811c9dc5;
  for (var i = from || 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
  }
  return ('0000000' + h.toString(16)).substr(-8);
}

/** A whole file's generation and where its text starts; null when missing, torn or damaged. */
interface Head { gen: number; at: number; raw: string; }

function readHead(storage: StoragePort, name: string): Head | null {
  var raw = storage.read(name);
  if (!raw) return null;
  var a = raw.indexOf('\n');
  var b = a < 0 ? -1 : raw.indexOf('\n', a + 1);
  if (b < 0) return null;
  var gen = parseInt(raw.substr(0, a), 10);
  if (!(gen > 0) || raw.substr(a + 1, b - a - 1) !== checksum(raw, b + 1)) return null;
  return { gen: gen, at: b + 1, raw: raw };
}

function fileName(kind: string, index: number): string { return kind + (index ? '.b' : '.a'); }

/** The slot (0 or 1) holding the newest whole user config and its generation, or null. */
function newest(storage: StoragePort): { index: number; gen: number; doc: Head } | null {
  var a = readHead(storage, fileName('cfg', 0));
  var b = readHead(storage, fileName('cfg', 1));
  if (!a && !b) return null;
  if (b && (!a || b.gen > a.gen)) return { index: 1, gen: b.gen, doc: b };
  return { index: 0, gen: a!.gen, doc: a! };
}

/** The newest whole user config text, or null when none was ever saved. */
export function loadDocText(storage: StoragePort): string | null {
  var s = newest(storage);
  return s ? s.doc.raw.substr(s.doc.at) : null;
}

/** The user's saved config document: {} when none was saved or it cannot be read. */
export function loadDoc(storage: StoragePort): any {
  var t = loadDocText(storage);
  try { return t ? JSON.parse(t) : {}; } catch (e) { return {}; }
}

/** The compiled form that goes with the newest user config, or null (none yet, torn, or of an
 *  older generation): then boot compiles it again from the user config. */
export function loadRunText(storage: StoragePort): string | null {
  var s = newest(storage);
  if (!s) return null;
  var r = readHead(storage, fileName('run', s.index));
  return r && r.gen === s.gen ? r.raw.substr(r.at) : null;
}

/** The text of a compiled config as it is saved: JSON, with each section on a line of its own
 *  (starting with its name) so a pass reads its section alone from flash (runSectionText), not
 *  the whole file. */
export function runText(run: RunConfig): string {
  var lines: string[] = [];
  for (var i = 0; i < run.s.length; i++) lines.push(JSON.stringify(run.s[i]));
  var rest: any = {};
  for (var k in run) if (k !== 's') rest[k] = (run as any)[k];
  var tail = JSON.stringify(rest).substr(1);
  return '{"s":[' + (lines.length ? '\n' + lines.join(',\n') + '\n' : '') + ']' + (tail === '}' ? '}' : ',' + tail);
}

/** True when a compiled config's text is laid out as runText writes it (an older firmware's, or
 *  one written by hand on one line, is not: boot compiles the user config again). */
export function isRunText(text: string): boolean {
  var head = text.substr(0, 7);
  return head === '{"s":[\n' || head === '{"s":[]';
}

/** One section's compiled form as text: its line of the compiled form in force (see runText),
 *  or null when it is not there (removed, or a torn file). Only that line is copied out of
 *  flash. */
export function runSectionText(storage: StoragePort, name: string): string | null {
  var s = newest(storage);
  var r = s ? readHead(storage, fileName('run', s.index)) : null;
  if (!r || r.gen !== s!.gen) return null;
  var at = indexOfStr(r.raw, '\n{"name":' + JSON.stringify(name) + ',', r.at);
  var end = at < 0 ? -1 : r.raw.indexOf('\n', at + 1);
  if (end < 0) return null;
  var line = r.raw.substring(at + 1, end);
  return line.charAt(line.length - 1) === ',' ? line.substr(0, line.length - 1) : line;
}

/** One section's whole compiled config in force, parsed from flash; null when it is not there or
 *  is not the one with this hash (a torn file, or a config saved under it). The sections keep
 *  only a part of theirs in RAM (engine.ts kept): a pass, the page and the console read the
 *  rest here. */
export function sectionInForce(storage: StoragePort, name: string, hash: string): RunSection | null {
  var t = runSectionText(storage, name);
  var c: RunSection | null = null;
  try { c = t ? JSON.parse(t) : null; } catch (e) { c = null; }
  return c && c.hash === hash ? c : null;
}

function writeChecked(storage: StoragePort, name: string, gen: number, text: string): boolean {
  if (!storage.write(name, gen + '\n' + checksum(text) + '\n' + text)) return false;
  var back = readHead(storage, name);
  return !!back && back.gen === gen && back.raw.substr(back.at) === text;
}

/** Saves a new user config with its compiled form as one generation; false (and the old pair
 *  still in force) when the flash refused it. An unchanged pair is not written again. */
export function saveConfig(storage: StoragePort, docText: string, runText: string): boolean {
  var cur = newest(storage);
  if (cur && cur.doc.raw.substr(cur.doc.at) === docText && loadRunText(storage) === runText) return true;
  var index = cur ? 1 - cur.index : 0;
  var gen = cur ? cur.gen + 1 : 1;
  return writeChecked(storage, fileName('run', index), gen, runText) &&
    writeChecked(storage, fileName('cfg', index), gen, docText);
}

/** Saves the compiled form of the config in force (after a firmware update changed the form,
 *  or when its run file was lost); the user config is not touched. */
export function saveRun(storage: StoragePort, runText: string): boolean {
  var cur = newest(storage);
  return !!cur && writeChecked(storage, fileName('run', cur.index), cur.gen, runText);
}
