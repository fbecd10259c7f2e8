// The build step that reads functions' parameters from `arguments` (tools/params-to-arguments.mjs):
// what it rewrites, as a table; that rewritten code computes what the original did; and, on every
// built file, the rule that keeps it right on Espruino (where `arguments` inside a function finds
// an enclosing call's array once that call has read its own): no rewritten function is inside or
// around another that reads `arguments`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { paramsToArguments } from '../../tools/params-to-arguments.mjs';

// source -> what the build makes of it
const TABLE = [
  ['function f(a,b){return a+b}', 'function f(){var a=arguments[0],b=arguments[1];return a+b}'],
  ['function f(){return 1}', 'function f(){return 1}'],
  // the side with more parameters is rewritten, never both
  ['function f(a,b){return function(c){return a+c}}', 'function f(){var a=arguments[0],b=arguments[1];return function(c){return a+c}}'],
  ['function g(a){return function(b,c){return a+b+c}}', 'function g(a){return function(){var b=arguments[0],c=arguments[1];return a+b+c}}'],
  // a function that reads arguments itself: nothing around it or inside it is rewritten
  ['function h(a,b){return function(){return arguments[0]}}', 'function h(a,b){return function(){return arguments[0]}}'],
  ['function k(a){var x=function(b){return b}(a);return x.apply(null,arguments)}', 'function k(a){var x=function(b){return b}(a);return x.apply(null,arguments)}'],
  // accessors keep their syntax
  ['var o={set x(v){this.y=v},m:function(q){return q}}', 'var o={set x(v){this.y=v},m:function(){var q=arguments[0];return q}}'],
];

test('params-to-arguments: what it rewrites', () => {
  for (const [src, want] of TABLE) assert.equal(paramsToArguments(src), want, src);
});

test('params-to-arguments: the rewritten code computes the same', () => {
  const src = 'function add(a,b){return a+b}' +
    'function lib(){function q(x,y){return x*y}function r(p,s){return q(s,p)+"/"+p}return{r:r}}' +
    'function rest(a){return [].slice.call(arguments,1).length+a}' +
    'function outer(a,b){var inner=function(c,d){return [a,b,c,d].join(",")};return inner(b,a)}' +
    'result=[add(2,3),lib().r(4,5),rest(1,9,9),outer(1,2),add(1)];';
  const run = (code) => { const box = {}; new Function('result', code.replace('result=', 'this.result=')).call(box); return box.result; };
  assert.notEqual(paramsToArguments(src), src);
  assert.deepEqual(run(paramsToArguments(src)), run(src));
});

// Functions of a parsed file that read `arguments` in their own body, and those the build
// rewrote (they begin with `var <param>=arguments[0]`).
function readers(code) {
  const ast = acorn.parse(code, { ecmaVersion: 5, allowReturnOutsideFunction: true });
  const out = [];
  walk.fullAncestor(ast, (n, _s, anc) => {
    if (n.type !== 'Identifier' || n.name !== 'arguments') return;
    const fns = anc.filter((a) => a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression');
    out.push(fns[fns.length - 1]);
  });
  return [...new Set(out)];
}

test('params-to-arguments: in every built file, no function that reads arguments encloses another', () => {
  let files = 0;
  let rewritten = 0;
  for (const dir of ['dist/esp32', 'dist/linux']) {
    for (const name of readdirSync(dir)) {
      if (name !== '.bootcde' && !name.startsWith('ddns.')) continue;
      const code = readFileSync(join(dir, name), 'utf8');
      const fns = readers(code);
      files++;
      rewritten += (code.match(/\{var [$\w]+=arguments\[0\]/g) || []).length;
      for (const a of fns) {
        for (const b of fns) {
          if (a !== b && b.start > a.start && b.end <= a.end) {
            assert.fail(`${dir}/${name}: the function at ${b.start} reads arguments inside one that does (at ${a.start})`);
          }
        }
      }
    }
  }
  assert.ok(files >= 40, `built files seen: ${files} (run npm run build first)`);
  assert.ok(rewritten > 500, `functions rewritten in the build: ${rewritten}`);
});
