// Builds one Espruino-ready bundle per board: dist/<board>.js (ES5, minified, ASCII).
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const boards = ['esp32', 'linux'];

export default boards.map((board) => ({
  input: `boards/${board}.ts`,
  output: {
    file: `dist/${board}.js`,
    format: 'iife',
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
      mangle: { reserved: ['of'] },
      format: { ascii_only: true },
    }),
  ],
}));
