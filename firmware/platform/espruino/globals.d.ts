// The Espruino globals the platform layer uses. Only firmware/platform/espruino may touch them.
declare function require(name: string): any;
declare function getTime(): number;
declare function setTime(seconds: number): void;
declare function print(text: string): void;
declare function setTimeout(fn: () => void, ms: number): any;
declare function clearTimeout(id: any): void;
declare function setInterval(fn: () => void, ms: number): any;
declare function clearInterval(id: any): void;
declare var E: any;
declare var process: any;
