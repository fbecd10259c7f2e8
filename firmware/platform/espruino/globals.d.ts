// The Espruino globals the platform layer uses. Only firmware/platform/espruino may touch them.
declare function require(name: string): any;
declare function getTime(): number;
declare function setTime(seconds: number): void;
declare function print(text: string): void;
// (arguments after ms are given to fn when it fires, as Espruino does: no closure needed)
declare function setTimeout(fn: (...args: any[]) => void, ms: number, ...args: any[]): any;
declare function clearTimeout(id: any): void;
declare function setInterval(fn: () => void, ms: number): any;
declare function clearInterval(id: any): void;
declare var E: any;
declare var process: any;
