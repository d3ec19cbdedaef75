/** The package version, replaced at build time by rollup (and by vitest's `define` in tests). */
declare const __VERSION__: string;
