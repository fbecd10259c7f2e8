// A LogReader over a string, as Espruino's StorageFile.read(n) gives a file: pieces of at most n
// chars, undefined at the end.
import type { LogReader, LogFile } from '../../firmware/core/ports';

export function textReader(text: string): LogReader {
  let at = 0;
  return { read: (n: number) => (at >= text.length ? undefined : text.substring(at, (at += n))) };
}

/** Log files in memory, as a StoragePort's openLog gives them (Espruino's StorageFile): 'r'
 *  reads the file's text in pieces, write appends, erase removes it. */
export function memoryLogs(logs: Record<string, string> = {}) {
  return (name: string, mode: string): LogFile => {
    const r = textReader(mode === 'r' ? logs[name] || '' : '');
    return { read: r.read, write: (d: string) => { logs[name] = (logs[name] || '') + d; }, erase: () => { delete logs[name]; } };
  };
}
