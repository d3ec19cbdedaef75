/** Replaced at build time: false in the script-tag build, so debug logging is compiled out. */
declare const __DEBUG__: boolean;
/** Replaced at build time with the package version. */
declare const __VERSION__: string;
