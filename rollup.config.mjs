// Builds one Espruino-ready bundle per board: dist/<board>.js (ES5, minified, ASCII).
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const boards = ['esp32', 'linux'];

// No iife wrapper: the bundle's top level is Espruino's root scope. A function object costs more
// variable blocks the more functions enclose it (measured on 2v29, from Storage, per function
// without parameters: 4 blocks at the root, 5 inside one function, 8 inside two), and every one
// of them sat one level deeper inside the iife: 4 sections + MQTT at idle went from 5,487 to
// 4,727 blocks without it. The top-level names are then globals, so every mangled name starts
// with '$': none can shadow an Espruino global (E, the pins D0...) or be overwritten by a
// variable typed at the prompt (i, t, ...). The prefix costs bytes of flash, not blocks.
// (get is sent to terser's worker as source text: it must not use anything outside itself)
const dollarNames = {
  get(n) {
    const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const next = first + '0123456789_';
    let s = first[n % first.length];
    let k = Math.floor(n / first.length);
    while (k > 0) { k--; s += next[k % next.length]; k = Math.floor(k / next.length); }
    return '$' + s;
  },
};

export default boards.map((board) => ({
  input: `boards/${board}.ts`,
  output: {
    file: `dist/${board}.js`,
    // cjs, not es: the output is a plain script (no exports), and es would make terser assume
    // strict-mode module code; the terser plugin sets toplevel for cjs
    format: 'cjs',
    freeze: false,
    strict: false,
  },
  treeshake: { moduleSideEffects: false },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', noEmitOnError: true }),
    terser({
      ecma: 5,
      // inline 1: deeper inlining makes terser put a var after the return that uses it, and
      // Espruino does not hoist var (the gate's var-before-declaration rule).
      compress: { hoist_funs: true, passes: 3, inline: 1 },
      mangle: { reserved: ['of'], toplevel: true, nth_identifier: dollarNames },
      format: { ascii_only: true },
    }),
  ],
}));
