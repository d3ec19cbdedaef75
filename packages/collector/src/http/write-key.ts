import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The optional public write key. It is no secret (it sits in the site's page); it only lets a
 * collector refuse batches that did not come from its own sites' trackers. It travels where a
 * browser can put it without a CORS preflight: in the body, as the batch's `writeKey` field
 * (native and Segment format alike), or, for Segment clients, as the user name of HTTP Basic auth.
 */
export type WriteKeyCheck = (req: IncomingMessage, body: unknown) => 'ok' | 'missing' | 'wrong';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The key a request carries: the body's `writeKey`, else the user name of `Authorization: Basic`. */
export function writeKeyOf(req: IncomingMessage, body: unknown): string | undefined {
  const inBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as { writeKey?: unknown }).writeKey : undefined;
  if (typeof inBody === 'string') return inBody;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

/** Accepts any of `keys` (several allow a key to be replaced without a gap); none configured: everything. */
export function createWriteKeyCheck(keys: readonly string[] | undefined): WriteKeyCheck {
  if (!keys?.length) return () => 'ok';
  const expected = keys.map(digest);
  return (req, body) => {
    const given = writeKeyOf(req, body);
    if (given === undefined) return 'missing';
    const d = digest(given);
    // Every key compared, in constant time each: the time taken tells nothing about which matched.
    let ok = false;
    for (const e of expected) ok = timingSafeEqual(d, e) || ok;
    return ok ? 'ok' : 'wrong';
  };
}

/** A write key must be usable in a data- attribute and a URL as is. */
export function checkWriteKey(key: string): string {
  if (!/^[\w.~-]{8,200}$/.test(key)) {
    throw new Error('a write key must be 8 to 200 characters of letters, digits, _ . ~ -, e.g. from `openssl rand -hex 16`');
  }
  return key;
}
