// param_opt carries key=value pairs for API providers ('zone_id=..&dns_record_id=..'; '&', ','
// or spaces between pairs, so ddns-scripts' space-separated form works too).

import { urlEncode } from '../../core/text';

/** The value of key in param_opt, or ''. */
export function paramValue(paramOpt: string, key: string): string {
  var parts = (paramOpt || '').split('&').join(',').split(' ').join(',').split(',');
  for (var i = 0; i < parts.length; i++) {
    var eq = parts[i].indexOf('=');
    if (eq > 0 && parts[i].substring(0, eq) === key) return parts[i].substring(eq + 1);
  }
  return '';
}

/** An application/x-www-form-urlencoded body from name, value, name, value, ... */
export function form(pairs: string[]): string {
  var out: string[] = [];
  for (var i = 0; i + 1 < pairs.length; i += 2) out.push(urlEncode(pairs[i]) + '=' + urlEncode(pairs[i + 1]));
  return out.join('&');
}
