// url.parse as Espruino does it (jswrap_net.c, jswrap_url_parse): a single left-to-right scan
// that knows nothing of user:pass@ (so "http://u:p@h/" gives host "u"), a port made of every
// digit after the colon, and a query object with %XX decoding but no '+' handling.

export function parseUrl(url, parseQuery) {
  if (typeof url !== 'string') return undefined;
  let slashes = 0;
  let colons = 0;
  let addrStart = -1;
  let portStart = -1;
  let pathStart = -1;
  let searchStart = -1;
  let port = 0;
  for (let i = 0; i < url.length; i++) {
    const ch = url[i];
    if (ch === '/') {
      slashes++;
      if (pathStart < 0) pathStart = i;
      if (colons === 1 && slashes === 2 && addrStart < 0) {
        addrStart = i;
        pathStart = -1;
        searchStart = -1;
      }
    }
    if (ch === ':') {
      colons++;
      if (addrStart >= 0 && pathStart < 0) portStart = i;
    }
    if (portStart >= 0 && i > portStart && pathStart < 0 && ch >= '0' && ch <= '9') {
      port = port * 10 + (ch.charCodeAt(0) - 48);
    }
    if (ch === '?' && pathStart >= 0) searchStart = i;
  }
  if (pathStart < 0) pathStart = url.length;
  const addrEnd = portStart >= 0 ? portStart : pathStart;
  const out = {};
  if (addrStart > 0) out.protocol = url.slice(0, addrStart - 1);
  out.method = 'GET';
  out.host = url.slice(addrStart + 1, addrEnd);
  out.path = url.slice(pathStart) || '/';
  out.pathname = (searchStart >= 0 ? url.slice(pathStart, searchStart) : url.slice(pathStart)) || '/';
  out.search = searchStart >= 0 ? url.slice(searchStart) : null;
  out.port = port <= 0 || port > 65535 ? null : port;
  let query = searchStart >= 0 ? url.slice(searchStart + 1) : null;
  if (parseQuery && query !== null) query = parseQueryString(query);
  out.query = query;
  return out;
}

function hex(c) {
  const v = parseInt(c, 36);
  return Number.isNaN(v) ? -1 : v;
}

function parseQueryString(q) {
  const obj = {};
  let key = '';
  let val = '';
  let hadEquals = false;
  const flush = () => {
    if (key !== '' || val !== '') obj[key] = val;
    key = '';
    val = '';
    hadEquals = false;
  };
  for (let i = 0; i < q.length; i++) {
    let ch = q[i];
    if (ch === '&') {
      flush();
      continue;
    }
    if (!hadEquals && ch === '=') {
      hadEquals = true;
      continue;
    }
    if (ch === '%') {
      const hi = hex(q[i + 1] || '');
      const lo = hex(q[i + 2] || '');
      ch = String.fromCharCode(((hi << 4) | lo) & 255);
      i += 2;
    }
    if (hadEquals) val += ch;
    else key += ch;
  }
  flush();
  return obj;
}
