// The web page's HTTP server, as a Storage module of its own (ddns.servers), loaded when the page
// starts (platform/espruino/index.ts) and kept while it runs; the router watcher's sockets are
// ddns.listeners (listeners.ts), so a board with the page alone never holds their code.
export { espruinoWebServer as webServer } from './webserver';
