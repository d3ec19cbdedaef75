/**
 * Cheap checks on a request body before it is parsed: V8's JSON.parse spends ~100 ms on a
 * megabyte of `[[[[…` and the store cannot hold a NUL character (PostgreSQL text refuses it),
 * so both are refused from the raw bytes, in one pass that stops at the first fault. The same pass
 * notes `\uD800`–`\uDFFF` escapes: a page title cut in the middle of an emoji reaches us as a lone
 * surrogate, which PostgreSQL refuses; such strings are mended (U+FFFD) rather than the batch lost.
 */

/** Deepest nesting a batch may have: a wire event is 5 levels deep, props a few more. */
export const MAX_JSON_DEPTH = 32;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LETTER_U = 0x75;
const DIGIT_0 = 0x30;

/** `\u0000` at `i` (the backslash): the only way a NUL can appear inside valid JSON text. */
const isNulEscape = (b: Uint8Array, i: number) =>
  b[i + 1] === LETTER_U && b[i + 2] === DIGIT_0 && b[i + 3] === DIGIT_0 && b[i + 4] === DIGIT_0 && b[i + 5] === DIGIT_0;

/** `\uD…` at `i` (the backslash): the escape of a UTF-16 surrogate, maybe a lone one. */
const isSurrogateEscape = (b: Uint8Array, i: number) => {
  const third = b[i + 3] ?? 0;
  // \uD800 to \uDFFF: 'd' or 'D', then 8, 9 or a to f in either case.
  return (
    b[i + 1] === LETTER_U &&
    (b[i + 2] === 0x44 || b[i + 2] === 0x64) &&
    (third === 0x38 || third === 0x39 || ((third | 0x20) >= 0x61 && (third | 0x20) <= 0x66))
  );
};

export interface JsonScan {
  /** The first structural fault, if any. */
  fault?: string;
  /** Some string holds a surrogate escape (maybe unpaired). */
  surrogates: boolean;
}

/** The first structural fault of `bytes` as JSON text. Not a full parser: JSON.parse follows. */
export function scanJson(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): JsonScan {
  let depth = 0;
  let inString = false;
  let surrogates = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === BACKSLASH) {
        if (isNulEscape(bytes, i)) return { fault: 'strings must not contain the NUL character (\\u0000)', surrogates };
        if (!surrogates && isSurrogateEscape(bytes, i)) surrogates = true;
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return { fault: `JSON nested deeper than ${maxDepth} levels`, surrogates };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return { surrogates };
}

type WellFormed = string & { toWellFormed(): string };

/** Every string of `value` (keys too) with lone surrogates replaced by U+FFFD; depth is bounded by the scan. */
export function mendSurrogates(value: unknown): unknown {
  if (typeof value === 'string') return (value as WellFormed).toWellFormed();
  if (Array.isArray(value)) return value.map(mendSurrogates);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" key stays a key, as JSON.parse made it.
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, (k as WellFormed).toWellFormed(), {
        value: mendSurrogates(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** The body as JSON: valid UTF-8, not too deep, no NUL, then JSON.parse. */
export function parseJsonBody(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): ParsedBody {
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  const scan = scanJson(bytes, maxDepth);
  if (scan.fault) return { ok: false, reason: scan.fault };
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value: scan.surrogates ? mendSurrogates(value) : value };
  } catch (err) {
    return { ok: false, reason: `body is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Content types a batch may come as: text/plain (sendBeacon and fetch without a CORS preflight),
 * application/json (Segment clients, curl), or none, and any of `more` a route takes (`/v1/batch`:
 * application/x-www-form-urlencoded, the label RudderStack's Node SDK puts on its gzipped JSON);
 * in UTF-8 when a charset is named.
 */
export function contentTypeFault(header: string | undefined, more: readonly string[] = []): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const [type = '', ...params] = header
    .toLowerCase()
    .split(';')
    .map((s) => s.trim());
  if (type !== 'text/plain' && type !== 'application/json' && !more.includes(type)) {
    return `content type ${type || header} not accepted: send the batch as text/plain or application/json`;
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `charset ${charset} not accepted: send UTF-8`;
  return undefined;
}
