import { StoragePort } from '../core/ports';

/** What a section remembers across reboots. Short keys: this lives in flash and in RAM. */
export interface SectionState {
  /** registered IP as last seen in DNS or accepted by the provider */
  reg: string;
  /** wall ms of the last accepted update (0: unknown) */
  last: number;
  /** ms of hold left when saved (a reboot never shortens a hold) */
  hold: number;
  /** retries spent on the current failure */
  tries: number;
  /** holds in a row since the last success: each one doubles the next (policy holdDelaySec) */
  hn: number;
  /** last answer code (good, nochg, badauth, ...) */
  ans: string;
  /** set when a terminal answer stopped the section: the config hash it stopped under */
  stop: string;
}

export function emptyState(): SectionState {
  return { reg: '', last: 0, hold: 0, tries: 0, hn: 0, ans: '', stop: '' };
}

function fileName(section: string) { return 'st.' + section.substr(0, 24); }

// A missing or damaged state file means a fresh start, never a crash.
export function loadState(storage: StoragePort, section: string): SectionState {
  var st = emptyState();
  var text = storage.read(fileName(section));
  if (!text) return st;
  try {
    var o = JSON.parse(text);
    if (typeof o.reg === 'string') st.reg = o.reg;
    if (typeof o.last === 'number') st.last = o.last;
    if (typeof o.hold === 'number') st.hold = o.hold;
    if (typeof o.tries === 'number') st.tries = o.tries;
    if (typeof o.hn === 'number') st.hn = o.hn;
    if (typeof o.ans === 'string') st.ans = o.ans;
    if (typeof o.stop === 'string') st.stop = o.stop;
  } catch (e) { /* damaged: start fresh */ }
  return st;
}

// Writes only when something changed: every rewrite leaves trash in flash.
export function saveState(storage: StoragePort, section: string, st: SectionState): void {
  var text = JSON.stringify(st);
  if (storage.read(fileName(section)) === text) return;
  storage.write(fileName(section), text);
}
