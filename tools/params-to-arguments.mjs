// A Rollup plugin (after terser) that moves functions' parameters into `var` statements read
// from `arguments`: function f(a,b){...} becomes function f(){var a=arguments[0],b=arguments[1];...}.
// Why: Espruino keeps a function's parameter names as children of the function object, one
// variable block each, for as long as the function exists; measured on 2v29 with 14-byte
// blocks, from Storage, a function with two parameters costs 9 blocks and the same function
// reading them from `arguments` 7. The firmware holds some hundreds of function objects at
// idle. A call pays instead: while it runs, its scope holds the `arguments` array beside the
// same values (freed when it returns).
//
// Espruino keeps `arguments` in the scope of the call that read it, and a name is looked up
// through the enclosing scopes first: a function inside one that read `arguments` gets the outer
// call's array. So a function rewritten here is neither inside nor around one that reads
// `arguments` (rewritten or in the source); where nesting forces a choice, the side with more
// parameters is rewritten. Setters and getters keep their syntax.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

// The functions directly inside `node` (not inside a function of its own), and whether
// `arguments` is read at that level.
function inner(node) {
  const fns = [];
  let readsArguments = false;
  walk.recursive(node.body, null, {
    Function(n) { fns.push(n); },
    Identifier(n) { if (n.name === 'arguments') readsArguments = true; },
  });
  return { fns, readsArguments };
}

// The best choice inside one function and what it encloses: { gain (parameters rewritten), pick
// (the functions to rewrite), reads (whether the source reads `arguments` here or below: then
// this function cannot be rewritten, its inner ones can) }.
function choose(fn, accessors) {
  const { fns, readsArguments } = inner(fn);
  if (readsArguments) return { gain: 0, pick: [], reads: true };
  const parts = fns.map((f) => choose(f, accessors));
  const gain = parts.reduce((s, c) => s + c.gain, 0);
  const reads = parts.some((c) => c.reads);
  if (!accessors.has(fn) && !reads && fn.params.length > gain) return { gain: fn.params.length, pick: [fn], reads };
  return { gain, pick: parts.flatMap((c) => c.pick), reads };
}

/** The source with the chosen functions' parameters read from `arguments` instead. */
export function paramsToArguments(code) {
  const ast = acorn.parse(code, { ecmaVersion: 5, allowReturnOutsideFunction: true });
  const accessors = new Set();
  walk.full(ast, (n) => { if (n.type === 'Property' && n.kind !== 'init') accessors.add(n.value); });
  const top = [];
  walk.recursive(ast, null, { Function(n) { top.push(n); } });
  const edits = [];
  for (const fn of top.flatMap((f) => choose(f, accessors).pick)) {
    const ps = fn.params;
    edits.push({ at: ps[0].start, end: ps[ps.length - 1].end, text: '' });
    edits.push({ at: fn.body.start + 1, end: fn.body.start + 1,
      text: 'var ' + ps.map((p, i) => p.name + '=arguments[' + i + ']').join(',') + ';' });
  }
  edits.sort((a, b) => b.at - a.at);
  let out = code;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

export const paramsPlugin = () => ({
  name: 'params-to-arguments',
  renderChunk(code) { return { code: paramsToArguments(code), map: null }; },
});
