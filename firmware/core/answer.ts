// The answer check of ddns-scripts: after an update it runs grep -i -E "$UPD_ANSWER" on the
// reply. Provider answers are plain words joined by '|' ('good|nochg', 'OK|NOERROR'), so this
// is a case-insensitive substring test per alternative, with no RegExp (Espruino's is tiny).

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
    if (text.indexOf(alts[i].toLowerCase()) >= 0) { return true; }
  }
  return !any;
}
