// The board's listening sockets, as a Storage module of their own (ddns.servers): the web
// page's HTTP server, the router watcher's UDP listener and its callback HTTP server. Only the
// web page and ip_source router need them, so their code stays out of the core and is loaded
// on first use (platform/espruino/index.ts).
export { espruinoWebServer as webServer } from './webserver';
export { espruinoUdpListen as udpListen } from './udplisten';
export { espruinoHttpServer as httpServer } from './httpserver';
