// A LogReader over a string, as Espruino's StorageFile.read(n) gives a file: pieces of at most n
// chars, undefined at the end.
import type { LogReader } from '../../firmware/core/ports';

export function textReader(text: string): LogReader {
  let at = 0;
  return { read: (n: number) => (at >= text.length ? undefined : text.substring(at, (at += n))) };
}
