// The Storage module ddns.webapi: everything the web page does for a request (server.ts: the
// limits, then routes.ts), and the console's webpass(). ddns.web loads it when a request
// arrives; server.ts lets it go when the last open request closes.
export { serve } from './server';
export { webpass } from './webpass';
