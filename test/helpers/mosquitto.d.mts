// Types of mosquitto.mjs for the TypeScript tests.
export declare const MOSQUITTO: string;
export declare function freePort(): Promise<number>;
export declare function portOpen(port: number): Promise<boolean>;
export interface Mosquitto {
  port: number;
  log(): string;
  stop(opts?: { kill?: boolean }): Promise<void>;
}
export declare function startMosquitto(port: number, opts?: { users?: Record<string, string> }): Promise<Mosquitto>;
