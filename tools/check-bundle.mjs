#!/usr/bin/env node
// Espruino gate: static checks on the built bundles (dist/*.js) for what Espruino cannot run.
// The facts behind each rule are in the team's ESPRUINO.md notes and Espruino's source
// (src/jswrap_regexp.c, src/jslex.c, the jswrap_*.c class tables).
//
//   node tools/check-bundle.mjs dist/esp32 dist/linux     (a directory: every .bootcde and ddns.* in it)
//
// Prints `ok <file> <bytes> bytes` or `<file>:<line>:<col>: <rule>: <message>` lines, then a size
// table. Exit code 1 on any finding or missing file.
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import * as acorn from 'acorn';

// Rule names, so tests and readers have one list.
export const RULES = {
  'es5-syntax': 'the bundle must parse as ES5',
  'label': 'labelled statements (continue/break label) do not parse',
  'missing-builtin': 'a built-in that Espruino does not have',
  'builtin-prototype': 'built-in methods are not readable off Array.prototype etc.',
  'call-before-declaration': 'function declarations are not hoisted',
  'var-before-declaration': 'a var exists only once its statement has run (no hoisting)',
  'reserved-word': 'of/let/static are keywords in Espruino; getter names must be identifiers',
  'non-ascii': 'ESP32 strings are 8-bit: keep the bundle ASCII',
  'regexp-question': '? quantifier (and lazy *? +?) is not supported',
  'regexp-braces': '{n} / {n,m} quantifiers are not supported',
  'regexp-quantified-group': 'a quantifier on a group is not supported',
  'regexp-word-boundary': '\\b and \\B are not supported',
  'regexp-noncapture': '(?: ) is not supported',
  'regexp-lookaround': 'lookahead / lookbehind is not supported',
  'regexp-named-group': 'named groups are not supported',
  'regexp-backreference': 'backreferences throw',
  'regexp-escape': 'escape that Espruino reads as a plain letter',
  'regexp-group-alternation': '| inside a group ends the whole match',
  'regexp-flags': 'only the g and i flags are supported',
  'regexp-syntax': 'malformed pattern in a RegExp string',
};

// Globals Espruino does not define (measured, and absent from its class tables).
const MISSING_GLOBALS = new Set([
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy',
  'Reflect', 'TextEncoder', 'TextDecoder', 'BigInt', 'Intl', 'AggregateError',
  'queueMicrotask', 'setImmediate', 'structuredClone',
]);

// Static members of existing globals that Espruino lacks.
const MISSING_MEMBERS = {
  Array: ['from', 'of'],
  Object: ['freeze', 'seal', 'is', 'isFrozen', 'isSealed', 'preventExtensions', 'isExtensible',
    'getOwnPropertySymbols'],
  Number: ['isInteger', 'isNaN', 'isFinite', 'isSafeInteger', 'parseFloat', 'parseInt',
    'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER'],
  Math: ['trunc', 'hypot', 'log2', 'log10', 'log1p', 'expm1', 'cbrt', 'sinh', 'cosh', 'tanh',
    'asinh', 'acosh', 'atanh', 'fround', 'imul', 'clz32'],
  Promise: ['race', 'allSettled', 'any'],
  Date: ['UTC'],
  String: ['raw', 'fromCodePoint'],
};

// Method names that no Espruino class defines, so any call to them fails.
const MISSING_METHODS = new Set([
  'finally', 'flat', 'flatMap', 'findLast', 'findLastIndex', 'codePointAt', 'trimStart',
  'trimEnd', 'matchAll', 'localeCompare', 'toPrecision', 'toExponential', 'copyWithin',
]);

// Names under which code reaches the global object.
const GLOBAL_OBJECTS = new Set(['global', 'globalThis', 'window', 'self']);

// Constructors whose .prototype holds no methods on Espruino (methods live on instances).
const PROTO_CTORS = new Set([
  'Array', 'String', 'Number', 'Boolean', 'Function', 'RegExp', 'Date', 'Promise', 'Error',
  'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Uint16Array',
  'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array',
]);

// What Object.prototype really has on Espruino (src/jswrap_object.c methods).
const OBJECT_PROTO_OK = new Set(['hasOwnProperty', 'toString', 'valueOf', 'constructor']);

// Callbacks that run synchronously inside the call, so they execute "now".
const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'reduce', 'reduceRight', 'find', 'findIndex', 'sort',
]);

// Identifiers that Espruino's lexer turns into keywords although ES5 allows them.
const ESPRUINO_KEYWORD_IDS = new Set(['of', 'let', 'static']);

// Espruino keywords (src/jslex.c): a getter/setter name must not be one of them.
const ESPRUINO_KEYWORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'extends', 'false', 'finally', 'for', 'function', 'if', 'in', 'instanceof', 'let', 'new',
  'null', 'of', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'undefined', 'var', 'void', 'while',
]);

// Letters that Espruino's matcher understands after a backslash (src/jswrap_regexp.c).
const REGEXP_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'f', 'b', 'n', 'r', 't', 'v', 'x']);

// ES2015+ node types, named for the report when the ES5 parse fails.
const MODERN_NODES = {
  ArrowFunctionExpression: 'arrow function',
  TemplateLiteral: 'template literal',
  TaggedTemplateExpression: 'tagged template',
  ClassDeclaration: 'class',
  ClassExpression: 'class',
  ForOfStatement: 'for..of',
  ObjectPattern: 'destructuring',
  ArrayPattern: 'destructuring',
  AssignmentPattern: 'default value',
  RestElement: 'rest element',
  SpreadElement: 'spread',
  AwaitExpression: 'await',
  YieldExpression: 'yield',
  ChainExpression: 'optional chaining',
  ImportDeclaration: 'ES module import',
  ExportNamedDeclaration: 'ES module export',
  ExportDefaultDeclaration: 'ES module export',
  ExportAllDeclaration: 'ES module export',
  ImportExpression: 'dynamic import',
  MetaProperty: 'new.target / import.meta',
  PropertyDefinition: 'class field',
  StaticBlock: 'class static block',
  PrivateIdentifier: 'private name',
};

// ---------------------------------------------------------------------------------------------
// Positions

// Offsets of line starts, so any offset maps to line:col the way acorn counts lines.
function lineStarts(code) {
  const starts = [0];
  const re = /\r\n?|\n|\u2028|\u2029/g;
  let m;
  while ((m = re.exec(code))) starts.push(m.index + m[0].length);
  return starts;
}

// 1-based line and column of an offset (binary search in the line table).
function locate(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

// ---------------------------------------------------------------------------------------------
// Parsing

// ES5 parse: the verdict for the es5-syntax rule.
function parseES5(code) {
  try {
    return { ast: acorn.parse(code, { ecmaVersion: 5, sourceType: 'script', locations: true }) };
  } catch (error) {
    return { error };
  }
}

// Modern parse, used only after an ES5 failure so the other rules can still run.
function parseModern(code) {
  for (const sourceType of ['script', 'module']) {
    try {
      return acorn.parse(code, { ecmaVersion: 'latest', sourceType, locations: true });
    } catch {
      // try the next source type
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// AST walking and scopes

// True for AST nodes (as opposed to regex/loc/value objects).
function isNode(value) {
  return value !== null && typeof value === 'object' && typeof value.type === 'string';
}

// Child nodes of any node, in source order, without a per-type table (works for all ES versions).
function childrenOf(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'regex') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

// A lexical scope: functions and the program own `var`/function names; catch clauses own their param.
function makeScope(node, parent, isFunction) {
  const scope = { node, parent, isFunction, names: new Map(), funcDecls: [], refs: [], childFns: [] };
  scope.fnScope = isFunction ? scope : parent.fnScope;
  if (isFunction && parent) parent.fnScope.childFns.push(scope);
  return scope;
}

// Records a binding; let/const/class go to the function scope too (over-approximation is safe here).
function declare(state, scope, idNode, kind, declNode) {
  const target = kind === 'catch' ? scope : scope.fnScope;
  const existing = target.names.get(idNode.name);
  if (!existing || kind === 'function') {
    target.names.set(idNode.name, { name: idNode.name, kind, node: declNode, scope: target });
  }
  state.bindings.push({ id: idNode, kind });
}

// Declares every identifier bound by a pattern and walks the expressions inside it.
function declarePattern(state, pattern, scope, kind) {
  if (!pattern) return;
  if (pattern.type !== 'Identifier') state.nodes.push(pattern);
  switch (pattern.type) {
    case 'Identifier':
      declare(state, scope, pattern, kind, pattern);
      return;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') declarePattern(state, prop.argument, scope, kind);
        else {
          if (prop.computed) walk(state, prop.key, prop, scope);
          declarePattern(state, prop.value, scope, kind);
        }
      }
      break;
    case 'ArrayPattern':
      for (const el of pattern.elements) declarePattern(state, el, scope, kind);
      break;
    case 'AssignmentPattern':
      declarePattern(state, pattern.left, scope, kind);
      walk(state, pattern.right, pattern, scope);
      break;
    case 'RestElement':
      declarePattern(state, pattern.argument, scope, kind);
      break;
    default:
      walk(state, pattern, null, scope);
  }
}

// Walks a function: its own scope, its name (expressions only), params and body.
function walkFunction(state, node, scope) {
  const inner = makeScope(node, scope, true);
  state.fnScopes.set(node, inner);
  if (node.type === 'FunctionExpression' && node.id) declare(state, inner, node.id, 'var', node.id);
  for (const param of node.params) declarePattern(state, param, inner, 'param');
  walk(state, node.body, node, inner);
}

// Walks the parts of a node that are not plain expressions (names, keys, labels, declarations).
// Returns true when it handled the node's children itself.
function walkSpecial(state, node, scope) {
  switch (node.type) {
    case 'FunctionDeclaration':
      declare(state, scope, node.id, 'function', node);
      scope.fnScope.funcDecls.push(node);
      walkFunction(state, node, scope);
      return true;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      walkFunction(state, node, scope);
      return true;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id && node.type === 'ClassDeclaration') declare(state, scope, node.id, 'let', node.id);
      if (node.superClass) walk(state, node.superClass, node, scope);
      walk(state, node.body, node, scope);
      return true;
    case 'VariableDeclarator':
      state.parents.set(node.id, node);
      declarePattern(state, node.id, scope, 'var');
      if (node.init) walk(state, node.init, node, scope);
      return true;
    case 'CatchClause': {
      const inner = makeScope(node, scope, false);
      declarePattern(state, node.param, inner, 'catch');
      walk(state, node.body, node, inner);
      return true;
    }
    case 'MemberExpression':
      walk(state, node.object, node, scope);
      if (node.computed) walk(state, node.property, node, scope);
      return true;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      if (node.computed) walk(state, node.key, node, scope);
      if (node.value) walk(state, node.value, node, scope);
      return true;
    case 'LabeledStatement':
      walk(state, node.body, node, scope);
      return true;
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
      return true;
    default:
      return false;
  }
}

// Generic walk: records parents, every node, scopes and identifier references.
function walk(state, node, parent, scope) {
  if (!node) return;
  if (parent) state.parents.set(node, parent);
  state.nodes.push(node);
  if (node.type === 'Identifier') {
    const ref = { id: node, scope };
    scope.fnScope.refs.push(ref);
    state.refScopes.set(node, scope);
    return;
  }
  if (walkSpecial(state, node, scope)) return;
  for (const child of childrenOf(node)) walk(state, child, node, scope);
}

// Builds scopes, parent links and the reference list for a program.
function analyze(ast) {
  const state = {
    parents: new Map(), nodes: [], refScopes: new Map(), fnScopes: new Map(), bindings: [],
  };
  const root = makeScope(ast, null, true);
  state.fnScopes.set(ast, root);
  for (const child of childrenOf(ast)) walk(state, child, ast, root);
  return state;
}

// The declaration a name resolves to from a scope, or null for a global.
function resolve(scope, name) {
  for (let s = scope; s; s = s.parent) {
    const found = s.names.get(name);
    if (found) return found;
  }
  return null;
}

// True when an identifier node is a reference to an undeclared (global) name.
function isGlobalRef(state, idNode) {
  if (!idNode || idNode.type !== 'Identifier') return false;
  const scope = state.refScopes.get(idNode);
  return Boolean(scope) && !resolve(scope, idNode.name);
}

// Static name of a member's property: `a.b` and `a["b"]` both give "b".
function propName(member) {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Guards: `typeof Symbol === "function" && Symbol.iterator` never touches Symbol on Espruino.

// A comparable key for an identifier or a static member chain (`Object.freeze`).
function exprKey(node) {
  if (!node) return null;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') {
    const base = exprKey(node.object);
    const name = propName(node);
    return base && name ? `${base}.${name}` : null;
  }
  return null;
}

// True for keys that are undefined on Espruino: a branch that needs them defined never runs there.
function isMissingKey(k) {
  if (!k) return false;
  if (MISSING_GLOBALS.has(k)) return true;
  const [owner, name, more] = k.split('.');
  return !more && Boolean(MISSING_MEMBERS[owner]) && MISSING_MEMBERS[owner].includes(name);
}

// The string compared with `typeof <key>` in a test (key accepted by `fits`), or undefined.
function typeofComparison(test, fits) {
  if (test.type !== 'BinaryExpression' || !['==', '===', '!=', '!=='].includes(test.operator)) return undefined;
  const sides = [[test.left, test.right], [test.right, test.left]];
  for (const [a, b] of sides) {
    if (a.type === 'UnaryExpression' && a.operator === 'typeof' && fits(exprKey(a.argument)) &&
        b.type === 'Literal' && typeof b.value === 'string') {
      const equal = test.operator === '==' || test.operator === '===';
      return { equal, value: b.value };
    }
  }
  return undefined;
}

// True when a test being truthy proves a key accepted by `fits` is defined.
function impliesDefined(test, fits) {
  const cmp = typeofComparison(test, fits);
  if (cmp) return cmp.equal ? cmp.value !== 'undefined' : cmp.value === 'undefined';
  if (test.type === 'LogicalExpression' && test.operator === '&&') {
    return impliesDefined(test.left, fits) || impliesDefined(test.right, fits);
  }
  if (test.type === 'UnaryExpression' && test.operator === '!') return impliesUndefinedIfTrue(test.argument, fits);
  const k = exprKey(test);
  return Boolean(k) && k.includes('.') && fits(k);
}

// True when a test being falsy proves a key accepted by `fits` is defined (else/|| branch).
function impliesUndefinedIfTrue(test, fits) {
  const cmp = typeofComparison(test, fits);
  if (cmp) return cmp.equal ? cmp.value === 'undefined' : cmp.value !== 'undefined';
  if (test.type === 'LogicalExpression' && test.operator === '||') {
    return impliesUndefinedIfTrue(test.left, fits) || impliesUndefinedIfTrue(test.right, fits);
  }
  if (test.type === 'UnaryExpression' && test.operator === '!') return impliesDefined(test.argument, fits);
  return false;
}

// True when a member read is itself a test (`if (Object.freeze)`): reading undefined is harmless.
function isTestRead(state, node) {
  const p = state.parents.get(node);
  if (!p) return false;
  if (p.type === 'LogicalExpression') return p.left === node;
  if (p.type === 'IfStatement' || p.type === 'ConditionalExpression') return p.test === node;
  return p.type === 'UnaryExpression' && (p.operator === '!' || p.operator === 'typeof');
}

// True when `node` only runs after a typeof/truthiness check of `key` (or of anything Espruino
// lacks, which makes the branch dead there) succeeded. `key` may be null.
function isGuarded(state, node, key) {
  if (key && key.includes('.') && isTestRead(state, node)) return true;
  const fits = (k) => Boolean(k) && (k === key || isMissingKey(k));
  let child = node;
  for (let p = state.parents.get(node); p; child = p, p = state.parents.get(p)) {
    if (p.type === 'UnaryExpression' && p.operator === 'typeof' && child === node) return true;
    if (p.type === 'LogicalExpression' && child === p.right) {
      if (p.operator === '&&' && impliesDefined(p.left, fits)) return true;
      if (p.operator === '||' && impliesUndefinedIfTrue(p.left, fits)) return true;
    }
    if ((p.type === 'ConditionalExpression' || p.type === 'IfStatement') && child !== p.test) {
      if (child === p.consequent && impliesDefined(p.test, fits)) return true;
      if (child === p.alternate && impliesUndefinedIfTrue(p.test, fits)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// RegExp: a tokenizer that knows what Espruino's tiny matcher supports.

// Checks one escape (`\x` at pattern[i]) outside or inside a class; returns its length.
function regexpEscape(pattern, i, inClass, add) {
  const e = pattern[i + 1];
  if (e === undefined) {
    add('regexp-syntax', 'pattern ends with a backslash', i);
    return 1;
  }
  if (!inClass && (e === 'b' || e === 'B')) {
    add('regexp-word-boundary', `\\${e} is not supported (Espruino reads \\b as a backspace)`, i);
  } else if (e >= '1' && e <= '9') {
    add('regexp-backreference', `\\${e}: backreferences throw on Espruino`, i);
  } else if (e === 'k' && pattern[i + 2] === '<') {
    add('regexp-backreference', 'named backreference \\k<...> is not supported', i);
  } else if (/[A-Za-z]/.test(e) && !REGEXP_ESCAPES.has(e)) {
    add('regexp-escape', `\\${e} is read as the letter "${e}" by Espruino`, i);
  }
  return e === 'x' ? 4 : 2;
}

// Finds the end of a character class starting at pattern[i] === '['; checks its escapes.
function regexpClass(pattern, i, add) {
  let j = i + 1;
  if (pattern[j] === '^') j++;
  while (j < pattern.length && pattern[j] !== ']') {
    j += pattern[j] === '\\' ? regexpEscape(pattern, j, true, add) : 1;
  }
  if (j >= pattern.length) add('regexp-syntax', 'unterminated character class', i);
  return j + 1;
}

// Handles `(` and the `(?...)` forms; returns the number of characters consumed.
function regexpGroupOpen(pattern, i, add) {
  if (pattern[i + 1] !== '?') return 1;
  const a = pattern[i + 2];
  const b = pattern[i + 3];
  if (a === ':') {
    add('regexp-noncapture', 'non-capturing group (?: ) is not supported', i);
    return 3;
  }
  if (a === '=' || a === '!') {
    add('regexp-lookaround', `lookahead (?${a} ) is not supported`, i);
    return 3;
  }
  if (a === '<' && (b === '=' || b === '!')) {
    add('regexp-lookaround', `lookbehind (?<${b} ) is not supported`, i);
    return 4;
  }
  if (a === '<') {
    add('regexp-named-group', 'named group (?<name> ) is not supported', i);
    const close = pattern.indexOf('>', i);
    return close < 0 ? 3 : close - i + 1;
  }
  add('regexp-syntax', 'invalid group (?', i);
  return 2;
}

// Checks a quantifier character (* + ?) against what precedes it.
function regexpQuantifier(c, prev, i, add) {
  if (c === '?') {
    const what = prev === 'quant' ? 'lazy quantifier (*? +?)' : '? quantifier';
    add('regexp-question', `${what} is not supported (it matches a literal "?")`, i);
  } else if (prev === 'group') {
    add('regexp-quantified-group', `"${c}" after a group is not supported (it matches a literal "${c}")`, i);
  } else if (prev !== 'atom') {
    add('regexp-syntax', `nothing to repeat before "${c}"`, i);
  }
}

// Tokenizes a RegExp source and returns findings as {rule, message, index}.
export function checkRegExpPattern(pattern) {
  const out = [];
  const add = (rule, message, index) => out.push({ rule, message, index });
  const groups = [];
  let prev = null; // 'atom' | 'group' | 'quant' | 'assert' | null
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const len = regexpEscape(pattern, i, false, add);
      prev = pattern[i + 1] === 'b' || pattern[i + 1] === 'B' ? 'assert' : 'atom';
      i += len;
    } else if (c === '[') {
      i = regexpClass(pattern, i, add);
      prev = 'atom';
    } else if (c === '(') {
      groups.push(i);
      i += regexpGroupOpen(pattern, i, add);
      prev = null;
    } else if (c === ')') {
      if (groups.length) groups.pop();
      else add('regexp-syntax', 'unbalanced ")"', i);
      prev = 'group';
      i++;
    } else if (c === '|') {
      if (groups.length) add('regexp-group-alternation', '"|" inside a group: Espruino ends the match at it', i);
      prev = null;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      regexpQuantifier(c, prev, i, add);
      prev = 'quant';
      i++;
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
      const len = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i))[0].length;
      add('regexp-braces', `${pattern.slice(i, i + len)} quantifier is not supported`, i);
      prev = 'quant';
      i += len;
    } else {
      prev = c === '^' || c === '$' ? 'assert' : 'atom';
      i++;
    }
  }
  if (groups.length) add('regexp-syntax', 'unterminated group', groups[groups.length - 1]);
  return out;
}

// Flags other than g and i are ignored by Espruino; returns findings as {rule, message, index}.
export function checkRegExpFlags(flags) {
  const out = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] !== 'g' && flags[i] !== 'i') {
      out.push({ rule: 'regexp-flags', message: `flag "${flags[i]}" is not supported (only g and i)`, index: i });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules over the AST. Each takes (ctx) and calls ctx.report(node | offset, rule, message).

// Labels: `outer: for (...) { continue outer; }` is a SyntaxError on Espruino.
function ruleLabels(ctx) {
  for (const node of ctx.state.nodes) {
    if (node.type === 'LabeledStatement') {
      ctx.report(node, 'label', `label "${node.label.name}:" does not parse on Espruino`);
    }
  }
}

// Missing globals (`new Map()`), unless shadowed by a local or behind a typeof guard.
function ruleMissingGlobals(ctx) {
  const { state } = ctx;
  for (const node of state.nodes) {
    if (node.type !== 'Identifier' || !MISSING_GLOBALS.has(node.name)) continue;
    if (!isGlobalRef(state, node) || isGuarded(state, node, node.name)) continue;
    ctx.report(node, 'missing-builtin', `${node.name} does not exist on Espruino`);
  }
}

// Missing static members (`Object.freeze`), `global.Map`, and methods no class has (`.finally(`).
function ruleMissingMembers(ctx) {
  const { state } = ctx;
  for (const node of state.nodes) {
    if (node.type !== 'MemberExpression') continue;
    const name = propName(node);
    if (!name) continue;
    const obj = node.object;
    const owner = obj.type === 'Identifier' && isGlobalRef(state, obj) ? obj.name : null;
    if (owner && MISSING_MEMBERS[owner] && MISSING_MEMBERS[owner].includes(name)) {
      if (!isGuarded(state, node, `${owner}.${name}`)) {
        ctx.report(node, 'missing-builtin', `${owner}.${name} does not exist on Espruino`);
      }
    } else if (owner && GLOBAL_OBJECTS.has(owner) && MISSING_GLOBALS.has(name)) {
      if (!isGuarded(state, node, `${owner}.${name}`)) {
        ctx.report(node, 'missing-builtin', `${name} does not exist on Espruino`);
      }
    } else if (MISSING_METHODS.has(name) && isCallee(state, node) && !isGuarded(state, node, null)) {
      ctx.report(node.property, 'missing-builtin', `.${name}() is not a method of any Espruino built-in`);
    }
  }
}

// `Array.prototype.slice` reads undefined on Espruino; `[].slice` works.
function ruleBuiltinPrototype(ctx) {
  const { state } = ctx;
  for (const node of state.nodes) {
    if (node.type !== 'MemberExpression') continue;
    const proto = node.object;
    if (proto.type !== 'MemberExpression' || propName(proto) !== 'prototype') continue;
    const ctor = proto.object;
    if (ctor.type !== 'Identifier' || !isGlobalRef(state, ctor)) continue;
    const parent = state.parents.get(node);
    if (parent && parent.type === 'AssignmentExpression' && parent.left === node) continue;
    if (isGuarded(state, node, null)) continue;
    const name = propName(node) || '[computed]';
    if (ctor.name === 'Object' && !OBJECT_PROTO_OK.has(name)) {
      ctx.report(node, 'missing-builtin', `Object.prototype.${name} does not exist on Espruino`);
    } else if (PROTO_CTORS.has(ctor.name)) {
      const alt = ctor.name === 'Array' ? ` (use [].${name})` : ctor.name === 'String' ? ` (use "".${name})` : '';
      ctx.report(node, 'builtin-prototype', `${ctor.name}.prototype.${name} is undefined on Espruino${alt}`);
    }
  }
}

// True when a node is the callee of a call or `new`.
function isCallee(state, node) {
  const parent = state.parents.get(node);
  return Boolean(parent) && (parent.type === 'CallExpression' || parent.type === 'NewExpression') &&
    parent.callee === node;
}

// True when `new RegExp(...)`/`RegExp(...)` refers to the global RegExp.
function isRegExpCall(state, node) {
  return (node.type === 'NewExpression' || node.type === 'CallExpression') &&
    node.callee.type === 'Identifier' && node.callee.name === 'RegExp' && isGlobalRef(state, node.callee);
}

// Regex literals and string literals given to RegExp: features Espruino's matcher lacks.
function ruleRegExp(ctx) {
  const { state } = ctx;
  for (const node of state.nodes) {
    if (node.type === 'Literal' && node.regex) {
      const base = node.start + 1;
      for (const f of checkRegExpPattern(node.regex.pattern)) {
        ctx.report(base + f.index, f.rule, `/${node.regex.pattern}/: ${f.message}`);
      }
      const flagsAt = node.start + node.regex.pattern.length + 2;
      for (const f of checkRegExpFlags(node.regex.flags)) ctx.report(flagsAt + f.index, f.rule, f.message);
    } else if (isRegExpCall(state, node)) {
      const [source, flags] = node.arguments;
      if (source && source.type === 'Literal' && typeof source.value === 'string') {
        for (const f of checkRegExpPattern(source.value)) {
          ctx.report(source, f.rule, `RegExp(${JSON.stringify(source.value)}): ${f.message}`);
        }
      }
      if (flags && flags.type === 'Literal' && typeof flags.value === 'string') {
        for (const f of checkRegExpFlags(flags.value)) ctx.report(flags, f.rule, f.message);
      }
    }
  }
}

// `var of`, `let` or `static` as names, and getters/setters whose name Espruino cannot parse.
function ruleReservedWords(ctx) {
  const { state } = ctx;
  for (const { id } of state.bindings) {
    if (ESPRUINO_KEYWORD_IDS.has(id.name) || id.name === 'undefined') {
      ctx.report(id, 'reserved-word', `"${id.name}" is a keyword on Espruino and cannot be declared`);
    }
  }
  for (const node of state.nodes) {
    if (node.type === 'Identifier' && ESPRUINO_KEYWORD_IDS.has(node.name) && state.refScopes.has(node)) {
      ctx.report(node, 'reserved-word', `"${node.name}" is a keyword on Espruino`);
    }
    if (node.type === 'Property' && (node.kind === 'get' || node.kind === 'set')) {
      const key = node.key;
      if (key.type !== 'Identifier' || ESPRUINO_KEYWORDS.has(key.name)) {
        ctx.report(key, 'reserved-word', `${node.kind}ter name must be a plain identifier on Espruino`);
      }
    }
  }
}

// ES2015+ constructs, listed from the modern AST when the ES5 parse failed.
function ruleModernSyntax(ctx) {
  for (const node of ctx.state.nodes) {
    const what = modernConstruct(node);
    if (what) ctx.report(node, 'es5-syntax', `${what} is not ES5`);
  }
}

// Names the ES2015+ feature a node uses, or null for ES5 nodes.
function modernConstruct(node) {
  if (MODERN_NODES[node.type]) return MODERN_NODES[node.type];
  if (node.type === 'VariableDeclaration' && node.kind !== 'var') return node.kind;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && (node.async || node.generator)) {
    return node.async ? 'async function' : 'generator';
  }
  if (node.type === 'BinaryExpression' && node.operator === '**') return '**';
  if (node.type === 'LogicalExpression' && node.operator === '??') return '??';
  if (node.type === 'AssignmentExpression' && ['**=', '&&=', '||=', '??='].includes(node.operator)) {
    return node.operator;
  }
  if (node.type === 'Property' && (node.computed || node.shorthand || node.method)) {
    return node.computed ? 'computed key' : node.shorthand ? 'shorthand property' : 'method shorthand';
  }
  if (node.type === 'Literal' && node.bigint) return 'BigInt literal';
  if (node.type === 'Literal' && typeof node.value === 'number' && /^0[bBoO]|_/.test(node.raw)) {
    return 'numeric literal form';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Calls before declaration (Espruino does not hoist function declarations).

// True when a function expression runs at once where it stands: IIFE, .call/.apply, a
// synchronous array callback, or a Promise executor.
function runsImmediately(state, fn) {
  const parent = state.parents.get(fn);
  if (!parent) return false;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === fn) return true;
  if (parent.type === 'MemberExpression' && parent.object === fn) {
    const name = propName(parent);
    return (name === 'call' || name === 'apply') && isCallee(state, parent);
  }
  if (parent.type === 'CallExpression' && parent.arguments.includes(fn)) {
    const callee = parent.callee;
    return callee.type === 'MemberExpression' && SYNC_CALLBACK_METHODS.has(propName(callee));
  }
  if (parent.type === 'NewExpression' && parent.arguments[0] === fn) {
    return parent.callee.type === 'Identifier' && parent.callee.name === 'Promise';
  }
  return false;
}

// References executed when a function's body runs: its own, plus those of functions it runs at once.
function execRefs(state, scope) {
  if (scope.execRefs) return scope.execRefs;
  const out = [...scope.refs];
  for (const child of scope.childFns) {
    if (runsImmediately(state, child.node)) out.push(...execRefs(state, child));
  }
  scope.execRefs = out.sort((a, b) => a.id.start - b.id.start);
  return scope.execRefs;
}

// True when `inner` is strictly nested inside `outer`.
function isInside(inner, outer) {
  for (let s = inner.parent; s; s = s.parent) if (s === outer) return true;
  return false;
}

// Follows execution of scope `S` in source order and reports uses of its function declarations
// that happen before the declaration statement has run (directly or via functions called early).
function checkScopeOrder(ctx, S) {
  const { state } = ctx;
  if (!S.funcDecls.length) return;
  const visit = (scope, site, via, seen) => {
    for (const ref of execRefs(state, scope)) {
      const decl = resolve(ref.scope, ref.id.name);
      if (!decl || decl.kind !== 'function') continue;
      const time = site ? site.id.start : ref.id.start;
      if (decl.scope === S && time < decl.node.start) {
        reportEarlyUse(ctx, site || ref, ref, decl, via);
        continue;
      }
      const declared = decl.scope === S ? time > decl.node.start
        : isInside(decl.scope, S) && ref.id.start > decl.node.start;
      const body = state.fnScopes.get(decl.node);
      if (declared && isCallee(state, ref.id) && !seen.has(body)) {
        seen.add(body);
        visit(body, site || ref, [...via, decl.name], seen);
      }
    }
  };
  visit(S, null, [], new Set([S]));
}

// Reports one early use with the chain of calls that led to it.
function reportEarlyUse(ctx, site, ref, decl, via) {
  const key = `${site.id.start}:${decl.name}`;
  if (ctx.seenEarly.has(key)) return;
  ctx.seenEarly.add(key);
  const line = decl.node.loc.start.line;
  const use = isCallee(ctx.state, ref.id) ? `${decl.name}() is called` : `${decl.name} is referenced`;
  const path = via.length ? ` (via ${via.join('() -> ')}())` : '';
  ctx.report(site.id, 'call-before-declaration',
    `${use} before its declaration on line ${line}${path}; Espruino does not hoist function declarations`);
}

// Runs the declaration-order check in every function scope.
function ruleCallOrder(ctx) {
  for (const scope of ctx.state.fnScopes.values()) checkScopeOrder(ctx, scope);
}

// ---------------------------------------------------------------------------------------------
// var before its statement ran (Espruino declares a var when the statement executes: a use
// before it, or outside the block that holds it, reaches the enclosing scope's variable or a
// global; measured on 2v29: `s=5; return s; var s;` changes the outer s).

// The statement that runs the declaration, and the list of statements it sits in.
function varStatement(state, declId) {
  const declarator = state.parents.get(declId);
  if (!declarator || declarator.type !== 'VariableDeclarator') return null;
  let stmt = state.parents.get(declarator);
  const up = state.parents.get(stmt);
  if (up && /^For(In|Of)?Statement$/.test(up.type) && (up.init === stmt || up.left === stmt)) stmt = up;
  const holder = state.parents.get(stmt);
  const isList = holder && (holder.type === 'BlockStatement' || holder.type === 'Program' || holder.type === 'SwitchCase');
  return { declarator, region: isList ? holder : stmt };
}

// True when a reference runs after the declaration statement on every path that reaches it.
function declaredBefore(stmtInfo, ref) {
  const { declarator, region } = stmtInfo;
  return declarator.end <= ref.id.start && region.start <= ref.id.start && ref.id.end <= region.end;
}

function ruleVarOrder(ctx) {
  const { state } = ctx;
  const decls = new Map();
  for (const b of state.bindings) {
    if (b.kind !== 'var') continue;
    const info = varStatement(state, b.id);
    if (!info) continue;
    const key = b.id.name;
    if (!decls.has(key)) decls.set(key, []);
    decls.get(key).push({ id: b.id, info });
  }
  for (const S of state.fnScopes.values()) {
    for (const ref of S.refs) {
      const decl = resolve(ref.scope, ref.id.name);
      if (!decl || decl.scope !== S || decl.kind !== 'var') continue;
      const mine = (decls.get(ref.id.name) || []).filter((d) => d.id.start >= S.node.start && d.id.end <= S.node.end &&
        resolve(state.refScopes.get(ref.id) || S, d.id.name) === decl);
      if (!mine.length) continue;
      if (mine.some((d) => declaredBefore(d.info, ref))) continue;
      ctx.report(ref.id, 'var-before-declaration', `${ref.id.name} is used where its var statement (line ` +
        `${mine[0].id.loc.start.line}) has not run; Espruino does not hoist var: it reaches an outer ${ref.id.name}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text rules

// Non-ASCII characters: one finding per line (the first one, with a count of the others).
function ruleNonAscii(code, starts, report) {
  const re = /[^\x00-\x7f]/g;
  let m;
  let lastLine = 0;
  let pending = null;
  const flush = () => {
    if (!pending) return;
    const more = pending.count > 1 ? ` (and ${pending.count - 1} more on this line)` : '';
    report(pending.offset, 'non-ascii', `U+${pending.cp} is not ASCII${more}; escape it`);
    pending = null;
  };
  while ((m = re.exec(code))) {
    const { line } = locate(starts, m.index);
    if (line === lastLine && pending) {
      pending.count++;
      continue;
    }
    flush();
    lastLine = line;
    const cp = code.codePointAt(m.index).toString(16).toUpperCase().padStart(4, '0');
    pending = { offset: m.index, cp, count: 1 };
  }
  flush();
}

// ---------------------------------------------------------------------------------------------
// Entry points

// Checks one bundle's source text; returns findings {file, line, col, rule, message} sorted by place.
export function checkSource(code, filename = '<source>') {
  const starts = lineStarts(code);
  const findings = [];
  const report = (where, rule, message) => {
    const offset = typeof where === 'number' ? where : where.start;
    const { line, col } = locate(starts, offset);
    findings.push({ file: filename, line, col, rule, message });
  };
  let { ast, error } = parseES5(code);
  if (error) {
    report(error.pos ?? 0, 'es5-syntax', `does not parse as ES5: ${error.message.replace(/ \(\d+:\d+\)$/, '')}`);
    ast = parseModern(code);
  }
  if (ast) {
    const ctx = { state: analyze(ast), report, seenEarly: new Set() };
    if (error) ruleModernSyntax(ctx);
    for (const rule of [ruleLabels, ruleMissingGlobals, ruleMissingMembers, ruleBuiltinPrototype,
      ruleRegExp, ruleReservedWords, ruleCallOrder, ruleVarOrder]) rule(ctx);
  }
  ruleNonAscii(code, starts, report);
  return dedupe(findings).sort((a, b) => a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule));
}

// Drops exact repeats (e.g. the ES5 parse error and the modern-node finding at the same place).
function dedupe(findings) {
  const seen = new Set();
  return findings.filter((f) => {
    const key = `${f.line}:${f.col}:${f.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// One finding as a compiler-style line.
export function formatFinding(f) {
  return `${f.file}:${f.line}:${f.col}: ${f.rule}: ${f.message}`;
}

// Checks a bundle file; a missing file is a finding too (the build has not run).
export function checkFile(path) {
  if (!existsSync(path)) {
    return { path, missing: true, bytes: 0, gzip: 0, findings: [] };
  }
  const buf = readFileSync(path);
  const findings = checkSource(buf.toString('utf8'), path);
  return { path, missing: false, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length, findings };
}

// Size table printed after the verdicts, for tracking bundle growth.
function sizeTable(results) {
  const width = Math.max(6, ...results.map((r) => r.path.length));
  const rows = [`${'bundle'.padEnd(width)}  ${'bytes'.padStart(8)}  ${'gzip'.padStart(8)}`];
  for (const r of results) {
    const bytes = r.missing ? 'missing' : String(r.bytes);
    const gzip = r.missing ? '-' : String(r.gzip);
    rows.push(`${r.path.padEnd(width)}  ${bytes.padStart(8)}  ${gzip.padStart(8)}`);
  }
  return rows.join('\n');
}

// CLI: check each path, print verdicts and sizes, exit 1 on any problem.
function main(paths) {
  if (!paths.length) {
    console.error('usage: node tools/check-bundle.mjs <bundle.js> [more.js ...]');
    return 2;
  }
  let failed = false;
  // a build directory (dist/<board>) stands for every file of it that holds code
  const files = paths.flatMap((p) => (existsSync(p) && statSync(p).isDirectory()
    ? readdirSync(p).filter((n) => n === '.bootcde' || n.startsWith('ddns.')).sort().map((n) => join(p, n)) : [p]));
  const results = files.map(checkFile);
  for (const r of results) {
    if (r.missing) {
      console.log(`${r.path}: missing bundle (run npm run build first)`);
      failed = true;
    } else if (r.findings.length) {
      for (const f of r.findings) console.log(formatFinding(f));
      failed = true;
    } else {
      console.log(`ok ${r.path} ${r.bytes} bytes`);
    }
  }
  console.log(`\n${sizeTable(results)}`);
  const count = results.reduce((n, r) => n + r.findings.length, 0);
  if (count) console.log(`\n${count} finding(s): the bundle will not run correctly on Espruino`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
