/** The package version, replaced at build time by rollup (and by vitest's `define` in tests). */
declare const __VERSION__: string;
/** A file's text, inlined by the build (scripts/rollup/factories.mjs `rawText`) and by Vite in tests. */
declare module '*?raw' {
  const text: string;
  export default text;
}
