// The one test for "a JSON object" (not null, not an array), for everything that reads a
// document a user or a peer wrote.
export function isObj(v: any): boolean {
  return v !== null && typeof v === 'object' && !(v instanceof Array);
}
