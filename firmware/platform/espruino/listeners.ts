// The router watcher's listening sockets, as a Storage module of their own (ddns.listeners): its
// UDP listener (NAT-PMP announcements, SSDP replies) and its callback HTTP server (UPnP events),
// loaded when a section first asks the router (platform/espruino/index.ts).
export { espruinoUdpListen as udpListen } from './udplisten';
export { espruinoHttpServer as httpServer } from './httpserver';
