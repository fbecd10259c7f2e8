// ddns_dateformat is a strftime pattern (default '%F %R'); the board needs only the common fields.
function pad2(n: number) { return n < 10 ? '0' + n : '' + n; }

var MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

// Formats wall-clock ms (UTC) with a strftime pattern; 0 ms means the clock is not set yet,
// then the uptime is shown instead so log lines still order.
export function formatTime(pattern: string, wallMs: number, uptimeMs: number): string {
  if (!wallMs) return '+' + Math.floor(uptimeMs / 1000) + 's';
  var d = new Date(wallMs);
  var Y = d.getUTCFullYear(), m = pad2(d.getUTCMonth() + 1), D = pad2(d.getUTCDate());
  var H = pad2(d.getUTCHours()), M = pad2(d.getUTCMinutes()), S = pad2(d.getUTCSeconds());
  var out = '';
  for (var i = 0; i < pattern.length; i++) {
    var c = pattern.charAt(i);
    if (c !== '%' || i + 1 >= pattern.length) { out += c; continue; }
    var f = pattern.charAt(++i);
    if (f === 'F') out += Y + '-' + m + '-' + D;
    else if (f === 'R') out += H + ':' + M;
    else if (f === 'T') out += H + ':' + M + ':' + S;
    else if (f === 'Y') out += Y;
    else if (f === 'y') out += pad2(Y % 100);
    else if (f === 'm') out += m;
    else if (f === 'd') out += D;
    else if (f === 'H') out += H;
    else if (f === 'M') out += M;
    else if (f === 'S') out += S;
    else if (f === 'b') out += MONTHS.substr(d.getUTCMonth() * 3, 3);
    else if (f === 's') out += Math.floor(wallMs / 1000);
    else if (f === '%') out += '%';
    else out += '%' + f;
  }
  return out;
}
