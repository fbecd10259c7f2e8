// The ports core logic uses to reach the world. firmware/platform/espruino implements them on
// the board; tests implement them in memory. Every operation ends in exactly one callback.

export interface Dict<T> { [key: string]: T; }

/** Error codes are short strings: 'timeout', 'dns', 'connect', 'toobig', 'closed', ... */
export type ErrCode = string;

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Dict<string>;
  body?: string;
  /** watchdog: the callback gets 'timeout' if no complete answer by then (default 15000) */
  timeoutMs?: number;
  /** reply bodies longer than this are cut and marked truncated (default 4096) */
  maxBytes?: number;
  /** PEM CA for boards whose TLS verifies; passed through as given */
  ca?: string;
  /** the section option proxy, [user:pass@]host:port: plain http:// goes through it */
  proxy?: string;
}

export interface HttpResponse {
  status: number;
  headers: Dict<string>;
  body: string;
  truncated: boolean;
}

export interface HttpPort {
  request(req: HttpRequest, cb: (err: ErrCode | null, res?: HttpResponse) => void): void;
}

export interface UdpPort {
  /** Sends one datagram (binary string) and calls back with the first reply from host:port that
   *  accept(reply) takes (every reply when there is no accept); the others are ignored, and
   *  without one it ends in 'timeout'. */
  exchange(opts: { host: string; port: number; data: string; timeoutMs: number; accept?: (reply: string) => boolean },
           cb: (err: ErrCode | null, reply?: string) => void): void;
}

export interface UdpSendPort {
  /** Fire and forget (syslog). */
  send(host: string, port: number, data: string): void;
}

/** A long-lived TCP (or TLS) connection, for MQTT. */
export interface SocketConn {
  write(data: string): void;
  end(): void;
  onData(fn: (data: string) => void): void;
  /** called once, when the connection is gone for any reason */
  onClose(fn: (err: ErrCode | null) => void): void;
}

export interface SocketPort {
  connect(opts: { host: string; port: number; tls?: boolean; timeoutMs: number },
          cb: (err: ErrCode | null, conn?: SocketConn) => void): void;
}

export interface TcpPort {
  /** Opens a connection, writes data, collects until the peer closes or done(buf) says enough. */
  exchange(opts: { host: string; port: number; data: string; timeoutMs: number; maxBytes: number;
                   done: (buf: string) => boolean },
           cb: (err: ErrCode | null, reply?: string) => void): void;
}

export interface StoragePort {
  read(name: string): string | undefined;
  /** returns false when the flash refused the write */
  write(name: string, data: string): boolean;
  erase(name: string): void;
  /** a log file, Espruino's StorageFile: mode 'r' reads it in pieces (an absent file reads as
   *  empty; a log file is read this way only: one may be larger than free RAM), 'a' appends
   *  (never a rewrite); write throws when the flash refuses */
  openLog(name: string, mode: string): LogFile;
}

/** A file read piece by piece: undefined once it is all read. */
export interface LogReader {
  read(n: number): string | undefined;
}

/** A log file: read in pieces, appended to, erased whole. */
export interface LogFile extends LogReader {
  write(data: string): void;
  erase(): void;
}

export interface ClockPort {
  /** monotonic milliseconds since boot; never jumps */
  uptimeMs(): number;
  /** wall-clock milliseconds since 1970, or 0 while the clock is not set */
  wallMs(): number;
  setWallMs(ms: number): void;
  /** arguments after ms are given to fn when it fires (Espruino's own setTimeout): a timer needs
   *  no closure or bound function */
  setTimeout(fn: (...args: any[]) => void, ms: number, ...args: any[]): any;
  clearTimeout(id: any): void;
}

export interface NetInfo { ip: string; gw: string; netmask: string; }

export interface NetPort {
  /** current address, or null while the network is down */
  info(): NetInfo | null;
  /** fired on every new address (connect, DHCP renew with a new lease) */
  onUp(cb: (info: NetInfo) => void): void;
  onDown(cb: () => void): void;
}

export type Severity = 'info' | 'notice' | 'warn' | 'err';

/** The log every feature writes to: one ring per section, masked, fanned out to listeners. */
export interface SectionLogSettings {
  secrets: string[];
  /** use_logfile: 1 on; absent or 0 off (a section gives its kept config itself: a field costs
   *  blocks for as long as the board runs) */
  logfile?: number;
}

export interface Logger {
  /**
   * ddns-scripts' verbose levels: 0 only terminal errors ('err') reach the console; 1 everything
   * on the console; 2 console and log file, one pass without retry; 3 as 2 and a dry run.
   */
  verbose: number;
  /** a source's secrets (masked in its lines) and log file setting */
  configure(section: string, s: SectionLogSettings): void;
  write(section: string, sev: Severity, msg: string): void;
  /** the RAM ring of a section, oldest first */
  lines(section: string): string[];
  // (a section's Storage log is read with the module ddns.logfile: log/file.ts file, reader)
  /** drops the lines kept in RAM (memory ran short) */
  trim(): void;
  /** extra listeners (syslog, MQTT) get every masked line */
  listen(fn: (section: string, sev: Severity, line: string) => void): void;
}

export interface ConsolePort {
  print(line: string): void;
}

/** The feature modules in Storage (the files 'ddns.<name>'): Espruino evaluates one on require()
 *  and keeps it in its module cache until it is dropped. */
export interface ModulePort {
  /** the module's exports; throws when it is missing or fails to evaluate */
  load(name: string): any;
  drop(name: string): void;
}

/** What the interpreter has left. */
export interface MemoryPort {
  /** free variable blocks, and the free native heap in bytes (-1 where the board cannot tell) */
  free(): { blocks: number; heap: number };
  /** the interpreter's error flags raised since the last call ('LOW_MEMORY', 'MEMORY', ...) */
  flags(): string[];
}

/** Everything a board hands to the composition root. */
export interface Ports {
  http: HttpPort;
  udp: UdpPort & UdpSendPort;
  tcp: TcpPort;
  socket: SocketPort;
  storage: StoragePort;
  clock: ClockPort;
  net: NetPort;
  console: ConsolePort;
  modules: ModulePort;
  memory?: MemoryPort;
  sha256?: (data: string) => string;
  random?: () => number;
  /** the board's listening sockets, loaded on first use, each kind as a module of its own: the
   *  web page's server ('web') and the router watcher's ('router') cost RAM only when the page
   *  is on or a section asks the router. Throws when they cannot be loaded; absent: this board
   *  has none */
  servers?: ServersPort;
}

/** The listening sockets' makers: the web page's (platform/espruino/servers.ts) and the router
 *  watcher's (listeners.ts). */
export interface ServersPort {
  (kind: 'web'): { webServer(): WebServerPort };
  (kind: 'router'): {
    /** UDP sockets that stay open (NAT-PMP announcements, SSDP replies) */
    udpListen(): UdpListenPort;
    /** a small HTTP server (UPnP event notifications) */
    httpServer(): HttpServerPort;
  };
}

/** A request to the board's web server, handed over once it has fully arrived (head and body). */
export interface WebRequest {
  method: string;
  url: string;
  /** header names in lower case (the Espruino server: first of a name wins; a test double may
   *  keep the client's case, so look them up case-insensitively) */
  headers: Dict<string>;
  /** 'data' (the body, when there is one), 'end', 'close' */
  on(event: string, fn: (data?: any) => void): void;
}

/** The response to a WebRequest (Espruino's httpSRs). */
export interface WebResponse {
  writeHead(status: number, headers?: Dict<string>): void;
  write(data: string): void;
  end(data?: string): void;
  /** 'drain' (all written data sent), 'close' */
  on(event: string, fn: () => void): void;
}

export interface WebServerLimits {
  /** a connection still open this long after it was accepted is closed, answered or not */
  timeoutMs: number;
  /** a request head (request line and headers) longer than this is refused (431) as it arrives */
  maxHead: number;
  /** a request announcing a longer body is refused (413) before the body is read; default 4096 */
  maxBody?: number;
}

/** The board's HTTP server: one listening port, connections closed when slow or oversized. */
export interface WebServerPort {
  /** Listens on `port`; fn gets each request once it has fully arrived, head and body, within
   *  the limits (a request over them is answered and closed without fn). False when it cannot. */
  listen(port: number, limits: WebServerLimits, fn: (req: WebRequest, res: WebResponse) => void): boolean;
  close(): void;
  /** Closes the connection as soon as what was written is sent, whatever the client still
   *  sends. Instead of end(). */
  drop(req: WebRequest, res: WebResponse): void;
  /** Sends the pieces next() returns, one each time the socket drained; '' ends the response. */
  pump(res: WebResponse, next: () => string): void;
}

/** The sender of a datagram. */
export interface UdpPeer { address: string; port: number; }

/** A UDP socket that stays open: announcements arrive on it; replies to its sends too. */
export interface UdpListener {
  send(host: string, port: number, data: string): void;
  close(): void;
}

export interface UdpListenPort {
  /**
   * Binds port (0: no bind, an ephemeral port that receives the replies to send(), e.g. from a
   * multicast search) and calls onMessage for every datagram; null when the port cannot be had.
   */
  listen(port: number, onMessage: (msg: string, rinfo: UdpPeer) => void): UdpListener | null;
}

export interface HttpServerRequest { method: string; path: string; headers: Dict<string>; body: string; }

export interface HttpServerPort {
  /**
   * Serves HTTP on port; handler gets each request with its body (at most maxBody bytes, default
   * 2048: a longer one is answered 413 and never reaches the handler) and must call reply once.
   * null when the port cannot be had.
   */
  serve(port: number, handler: (req: HttpServerRequest,
    reply: (status: number, headers: Dict<string>, body: string) => void) => void,
        maxBody?: number): { close(): void } | null;
}

