import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Shortest admin token accepted: guessing 16 random characters over the network is hopeless. */
export const MIN_TOKEN_LENGTH = 16;
export const SESSION_COOKIE = 'leadbeacon_admin';
/** A dashboard sign-in lasts 30 days. */
export const SESSION_MAX_AGE_S = 30 * 86_400;

/** Whether a read may go ahead, and if not, why. */
export type Access = 'ok' | 'missing' | 'wrong' | 'not-loopback';

export interface AdminAuth {
  /** True when a token is configured; otherwise reads answer only on loopback. */
  readonly enabled: boolean;
  /** Checks a request: the Bearer token, and the sign-in cookie where `cookie` allows it. */
  access(req: IncomingMessage, options: { cookie: boolean }): Access;
  /** Constant-time comparison of a token typed into the sign-in form. */
  matches(token: string): boolean;
  /** The sign-in cookie's value: derived from the token, so it never reveals it and dies with it. */
  readonly session: string;
}

/** Refuses a token too short to be safe; the message says what to do. */
export function checkAdminToken(token: string): string {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(`the admin token must be at least ${MIN_TOKEN_LENGTH} characters without spaces, e.g. from \`openssl rand -hex 24\``);
  }
  return token;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Equal-length digests compared in constant time: the time taken says nothing about the token. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/**
 * Loopback, and not relayed: a reverse proxy on the same machine connects from 127.0.0.1 for
 * everyone, but says so in a forwarding header.
 */
export function isLoopback(req: IncomingMessage): boolean {
  const addr = req.socket.remoteAddress ?? '';
  const local = addr === '::1' || /^(::ffff:)?127\./.test(addr);
  const h = req.headers;
  return local && !h['x-forwarded-for'] && !h.forwarded && !h['x-real-ip'];
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function createAdminAuth(token: string | undefined): AdminAuth {
  if (token === undefined) {
    return {
      enabled: false,
      access: (req) => (isLoopback(req) ? 'ok' : 'not-loopback'),
      matches: () => false,
      session: '',
    };
  }
  const expected = digest(checkAdminToken(token));
  const session = createHmac('sha256', token).update('leadbeacon dashboard session v1').digest('base64url');
  const expectedSession = digest(session);
  return {
    enabled: true,
    session,
    matches: (given) => sameSecret(given, expected),
    access(req, { cookie }) {
      const header = req.headers.authorization;
      if (header !== undefined) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
        return m && sameSecret(m[1]!, expected) ? 'ok' : 'wrong';
      }
      const fromCookie = cookie ? cookieValue(req, SESSION_COOKIE) : undefined;
      if (fromCookie !== undefined) return sameSecret(fromCookie, expectedSession) ? 'ok' : 'wrong';
      return 'missing';
    },
  };
}

/** The Set-Cookie header for a sign-in (or, with `value` '', a sign-out). */
export function sessionCookie(value: string, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${value ? SESSION_MAX_AGE_S : 0}`];
  if (secure) attributes.push('Secure');
  return `${SESSION_COOKIE}=${value}; ${attributes.join('; ')}`;
}
