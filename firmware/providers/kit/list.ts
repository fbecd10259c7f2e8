// Reading one record out of a provider's list reply without parsing the whole list: the reply
// stays one string and only the elements looked at become objects, one at a time. Measured on
// the 14-byte Espruino build (Linux, 2v29): an 8 KB list of 70 records is about 800 blocks as a
// string and 1,200 more once JSON.parse has made it objects (2 ms); found here it costs the
// string and about 30 blocks. Walking the text in JavaScript is slow on Espruino (long strings
// are chains of blocks: 575 ms for those 70 records), so findNear first tries the elements
// around each place the record's name occurs, found by the interpreter's own indexOf.

import { indexOfStr } from '../../core/text';

// Index just past the JSON object or array that starts at i, or -1 when the text ends first (a
// reply cut by the cap). Strings are skipped whole, so braces inside them do not count.
export function valueEnd(t: string, i: number): number {
  var depth = 0;
  var k = i;
  while (k < t.length) {
    var c = t.charAt(k);
    if (c === '"') {
      var q = t.indexOf('"', k + 1);
      while (q > 0 && t.charAt(q - 1) === '\\') {
        var n = 1;
        while (t.charAt(q - 1 - n) === '\\') n++;
        if (n % 2 === 0) break;
        q = t.indexOf('"', q + 1);
      }
      if (q < 0) return -1;
      k = q + 1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return k + 1;
    }
    k++;
  }
  return -1;
}

// Where the array under "key" opens ('[' index) in t, or -1; key '' is a reply that is an
// array itself.
export function arrayAt(t: string, key: string): number {
  var i = key ? indexOfStr(t, '"' + key + '"') : 0;
  if (i < 0) return -1;
  if (key) i += key.length + 2;
  while (i < t.length && ' :\t\r\n'.indexOf(t.charAt(i)) >= 0) i++;
  return t.charAt(i) === '[' ? i : -1;
}

// Calls fn with the text of each object of the array under key, in order, until fn returns
// something else than null, and returns that; null when the array ends first, undefined when
// there is no such array or the text ends before it does (a reply cut by the cap).
export function eachIn(t: string, key: string, fn: (s: string) => any): any {
  var i = arrayAt(t, key);
  if (i < 0) return undefined;
  i++;
  while (i < t.length) {
    var c = t.charAt(i);
    if (c === ']') return null;
    if (c === '{') {
      var e = valueEnd(t, i);
      if (e < 0) return undefined;
      var r = fn(t.substring(i, e));
      if (r !== null) return r;
      i = e;
    } else {
      i++;
    }
  }
  return undefined;
}

// The first object of the array under key that fits, parsed on its own: the object, null when
// the array has none, undefined when there is no such array, the text ends first or an element
// is not JSON.
export function findIn(t: string, key: string, fits: (x: any) => boolean): any {
  return eachIn(t, key, function (s) {
    var x: any;
    try { x = JSON.parse(s); } catch (err) { return undefined; }
    return x && fits(x) ? x : null;
  });
}

// findIn, fast: needle is text the wanted element contains as the API writes it ('"name":"www"');
// the element around each place it occurs is tried first, and only when none fits (or the
// needle is written otherwise) is the whole array walked. Same answers as findIn.
export function findNear(t: string, key: string, needle: string, fits: (x: any) => boolean): any {
  var i = arrayAt(t, key);
  if (i < 0) return undefined;
  var at = indexOfStr(t, needle, i);
  while (at > 0) {
    var s = t.lastIndexOf('{', at);
    var e = s > i ? valueEnd(t, s) : -1;
    if (e > at) {
      var x: any = null;
      try { x = JSON.parse(t.substring(s, e)); } catch (err) { x = null; }
      if (x && fits(x)) return x;
    }
    at = indexOfStr(t, needle, at + needle.length);
  }
  return findIn(t, key, fits);
}
