import type { Logger } from './types';
import { INTERNAL_ERROR, warn } from './warnings';

/** A random id; `crypto.randomUUID` is missing on plain-http pages and old browsers. */
export function uid(random: () => number): string {
  try {
    return crypto.randomUUID();
  } catch {
    let s = '';
    for (let i = 0; i < 32; i++) s += ((random() * 16) | 0).toString(16);
    return s;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Runs `fn` and reports instead of throwing: nothing the tracker does may reach the host page. */
export function guarded<A extends unknown[]>(log: Logger, fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (e) {
      warn(log, INTERNAL_ERROR, e);
    }
  };
}

/** `addEventListener` that returns its own removal. */
export function listen(target: EventTarget, type: string, fn: (e: Event) => void, options?: AddEventListenerOptions | boolean): () => void {
  target.addEventListener(type, fn, options);
  return () => target.removeEventListener(type, fn, options);
}

/** Runs every function in `list` once and empties it. */
export function runAll(list: (() => void)[]): void {
  for (const fn of list.splice(0)) fn();
}

/** A JSON.stringify replacer: each array as it was before its `toJSON` ran (`this[key]`). */
function arraysAsTheyWere(this: Record<string, unknown>, key: string, converted: unknown): unknown {
  const raw = this[key];
  return Array.isArray(raw) ? raw : converted;
}

/**
 * `JSON.stringify` that ignores a `toJSON` the page put on arrays: Prototype.js 1.6 adds
 * `Array.prototype.toJSON`, which returns a string, so every array would go out (and be stored)
 * as a string of JSON. Only then is the replacer used (it doubles the cost): it hands each array
 * back as it was (a Date still goes through its own `toJSON`); the page's prototypes are never
 * touched.
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (([] as { toJSON?: unknown }).toJSON && arraysAsTheyWere) as typeof arraysAsTheyWere | undefined);

/**
 * The items of an array-like, copied with a loop: `Array.from` is replaced by pages' libraries
 * (Prototype.js's `$A`, MooTools' `Array.from`), which ignore a map function and read no iterables.
 */
export function toArray<T>(items: ArrayLike<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) out[i] = items[i]!;
  return out;
}

/** `key` is `o`'s own property: a key added to Object.prototype by the page is not. */
export const own = (o: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, key);

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `decodeURIComponent` that keeps malformed input as written. */
export function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * UTF-8 byte length without allocating an encoder: a native regex drops the ASCII runs, and the
 * loop visits only the other code points (none in most events): 2 bytes below U+0800, else 3,
 * and 4 for a surrogate pair (whose 2 UTF-16 units `s.length` counted already).
 */
export function byteLength(s: string): number {
  let n = s.length;
  // eslint-disable-next-line no-control-regex -- the ASCII range, control characters included
  for (const c of s.replace(/[\x00-\x7f]+/g, '')) n += c.charCodeAt(0) < 0x800 ? 1 : 2;
  return n;
}

/** `target` of a link or form says the page itself is replaced (no target, `_self`, `_top`, `_parent`). */
export const replacesPage = (target: string | null): boolean => !target || /^_(self|top|parent)$/i.test(target);
