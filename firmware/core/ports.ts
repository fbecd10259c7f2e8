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
  /** Sends one datagram (binary string) and calls back with the first reply from host:port. */
  exchange(opts: { host: string; port: number; data: string; timeoutMs: number },
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
  list(prefix: string): string[];
  /** appends a line to an append-only log file (Espruino StorageFile: never rewritten) */
  appendLog(name: string, line: string): boolean;
  /** the whole log file, or '' */
  readLog(name: string): string;
  eraseLog(name: string): void;
  free(): number;
}

export interface ClockPort {
  /** monotonic milliseconds since boot; never jumps */
  uptimeMs(): number;
  /** wall-clock milliseconds since 1970, or 0 while the clock is not set */
  wallMs(): number;
  setWallMs(ms: number): void;
  setTimeout(fn: () => void, ms: number): any;
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

export interface ConsolePort {
  print(line: string): void;
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
  sha256?: (data: string) => string;
  sha1?: (data: string) => string;
  random?: () => number;
}
