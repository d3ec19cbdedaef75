/** The tracker's console output: what every module warns and debugs through. */
export interface Logger {
  warn(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const PREFIX = '[leadbeacon]';

/**
 * Warnings always reach the console (the tracker's own through `warn()` in warnings.ts: a text or
 * a code); debug lines only when enabled. Call sites write `if (__DEBUG__) log.debug(…)` so the
 * script-tag build drops the messages themselves too.
 */
export function createLogger(debug: boolean): Logger {
  const c = typeof console !== 'undefined' ? console : undefined;
  return {
    warn: (message, ...rest) => c && c.warn(PREFIX + ' ' + message, ...rest),
    debug: (message, ...rest) => {
      if (__DEBUG__ && debug && c) c.debug(PREFIX + ' ' + message, ...rest);
    },
  };
}
