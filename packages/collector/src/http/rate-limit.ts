import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

export interface RateLimitOptions {
  /** Events per second a client may send, sustained. 0 turns the limit off. */
  rate: number;
  /** Events a client may send at once after a quiet spell (the bucket's size). */
  burst: number;
  /** Most clients remembered; the longest idle are forgotten first (a forgotten client starts full). */
  maxClients?: number;
  now?: () => number;
}

export interface RateLimiter {
  /** Whether `client` may send now (the request then costs one token); if not, the seconds until it may (for Retry-After). */
  admit(client: string): { ok: true } | { ok: false; retryAfterS: number };
  /** Charges a stored batch's events beyond the first to `client`; the bucket may go below zero. */
  charge(client: string, events: number): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client, counted in events: a client starts with `burst` events and earns
 * `rate` per second. A request is admitted while its client has at least one token and costs one
 * (so refused batches count too); a stored batch's other events are charged after reading, so a
 * large batch is taken whole and pushes the next request back instead of being cut. Memory is
 * bounded by `maxClients`.
 */
export function createRateLimiter({ rate, burst, maxClients = 100_000, now = Date.now }: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();

  function bucket(client: string): Bucket {
    const t = now();
    let b = buckets.get(client);
    if (b) {
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
      b.at = t;
      // Re-insert: Map order is then least recently seen first.
      buckets.delete(client);
    } else {
      b = { tokens: burst, at: t };
      if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value!);
    }
    buckets.set(client, b);
    return b;
  }

  return {
    admit(client) {
      if (rate <= 0) return { ok: true };
      const b = bucket(client);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / rate)) };
    },
    charge(client, events) {
      if (rate <= 0 || events <= 1) return;
      bucket(client).tokens -= events - 1;
    },
  };
}

/**
 * Who is sending: the socket's address, or, for a request relayed by a reverse proxy, the address
 * the proxy appended last to X-Forwarded-For (earlier entries are the client's own say). The
 * header is believed from a proxy on this machine (a loopback peer) always, and from any peer with
 * `trustProxy` (a load balancer elsewhere). IPv6 clients are keyed by their /64: one host usually
 * holds a whole /64.
 */
export function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  let addr = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && (trustProxy || addr === '::1' || addr.startsWith('127.'))) {
    const last = forwarded.split(',').pop()?.trim();
    if (last) addr = last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  }
  return isIPv6(addr) ? ipv6Prefix64(addr) : addr;
}

/** The first four groups of an IPv6 address, `::` expanded. */
function ipv6Prefix64(addr: string): string {
  const [head = '', tail] = addr.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}
