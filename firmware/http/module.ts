// The Storage module ddns.http: what the board's HTTP client (platform/espruino/http.ts) loads
// for each request and lets go when none is left. The URL and proxy parsers are here, not in the
// core: between requests the board parses no URL, so their functions cost nothing while idle.
export { requestText, replyReader } from './wire';
export { splitUrl } from './url';
export { parseProxy } from './proxy';
