// The answer check of ddns-scripts: after an update it runs grep -i -E "$UPD_ANSWER" on the
// reply. Provider answers are plain words joined by '|' ('good|nochg', 'OK|NOERROR'), so this
// is a case-insensitive substring test per alternative, with no RegExp (Espruino's is tiny).

// Index of needle in hay from 'from', or -1. Espruino's String indexOf (and replace) report a
// match when only a prefix of the needle meets the end of the string ('abc'.indexOf('cd') is
// 2 on 2v29), so any search for more than one char goes through here.
export function indexOfStr(hay: string, needle: string, from?: number): number {
  const k = hay.indexOf(needle, from || 0);
  return k >= 0 && k + needle.length <= hay.length ? k : -1;
}

// True when the reply body contains any '|'-separated alternative of expected, ignoring case.
// An empty expected always matches (ddns-scripts skips the check); empty alternatives
// ('good|') are ignored instead of matching everything as grep would.
export function matchesAnswer(body: string, expected: string): boolean {
  if (!expected) { return true; }
  const alts = expected.split('|');
  const text = (body || '').toLowerCase();
  let any = false;
  for (let i = 0; i < alts.length; i++) {
    if (alts[i] === '') { continue; }
    any = true;
    if (indexOfStr(text, alts[i].toLowerCase()) >= 0) { return true; }
  }
  return !any;
}
