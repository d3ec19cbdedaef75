import { gunzip, inflate } from 'node:zlib';

/**
 * Request bodies compressed by the sender (`Content-Encoding`): RudderStack's Node SDK gzips every
 * batch by default, other senders deflate. Inflated with a ceiling: zlib stops, and the body is
 * refused, as soon as the output passes the route's body limit, so a small "zip bomb" never
 * becomes a large buffer.
 */
export type Decoded = { ok: true; bytes: Buffer } | { ok: false; fault: 'too large' | 'unknown encoding' | 'corrupt'; reason: string };

const INFLATERS = { gzip: gunzip, 'x-gzip': gunzip, deflate: inflate } as const;
type Encoding = keyof typeof INFLATERS;
const isKnown = (name: string): name is Encoding => Object.prototype.hasOwnProperty.call(INFLATERS, name);

/** `bytes` as sent with `Content-Encoding: header` (none, identity, gzip, x-gzip or deflate), at most `limit` bytes once inflated. */
export function decodeBody(bytes: Buffer, header: string | undefined, limit: number): Promise<Decoded> {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return Promise.resolve({ ok: true, bytes });
  if (!isKnown(encoding)) {
    return Promise.resolve({
      ok: false,
      fault: 'unknown encoding',
      reason: `content encoding ${encoding} not accepted: send gzip, deflate or none`,
    });
  }
  return new Promise((resolve) => {
    INFLATERS[encoding](bytes, { maxOutputLength: limit }, (err, out) => {
      if (!err) return resolve({ ok: true, bytes: out });
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      resolve(
        tooLarge
          ? { ok: false, fault: 'too large', reason: `body over ${limit} bytes once inflated` }
          : { ok: false, fault: 'corrupt', reason: `body is not valid ${encoding}: ${err.message}` },
      );
    });
  });
}
