/**
 * Google access tokens for the Data Manager API. The official client's service account path
 * (gtoken) hard-codes Google's token URL, so it cannot use a key file's own `token_uri` (a test
 * server, a proxy): the collector signs the service account's JWT itself (RS256, RFC 7523) and
 * posts it to the key file's `token_uri`; an OAuth user's refresh token goes to its `tokenUri`.
 * The token is kept until a minute before it expires, or until the API answers 401.
 */
import { createSign } from 'node:crypto';
import type { GoogleCredentials } from './config-types';
import { request } from './http';

export const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';
/** The Google Ads API's scope, asked as well when the config takes conversions back (retract.ts). */
export const ADWORDS_SCOPE = 'https://www.googleapis.com/auth/adwords';

/** The credentials were refused (or the token endpoint cannot be used): the operator must fix them. */
export class CredentialsError extends Error {}

const base64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

function serviceAccountAssertion(c: Extract<GoogleCredentials, { kind: 'service_account' }>, scope: string, now: number): string {
  const iat = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: c.clientEmail, scope, aud: c.tokenUri, iat, exp: iat + 3600 }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(c.privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

function grant(c: GoogleCredentials, scope: string, now: number): URLSearchParams {
  if (c.kind === 'service_account')
    return new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: serviceAccountAssertion(c, scope, now),
    });
  return new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: c.clientId,
    client_secret: c.clientSecret,
    refresh_token: c.refreshToken,
  });
}

export class GoogleTokens {
  private token?: { value: string; until: number };

  /** `scopes`: what a service account asks for (an OAuth user's refresh token has the scopes it was granted). */
  constructor(
    private readonly credentials: GoogleCredentials,
    private readonly scopes: readonly string[] = [DATA_MANAGER_SCOPE],
  ) {}

  /** Who the credentials are, for messages (never a secret). */
  describe(): string {
    const c = this.credentials;
    return c.kind === 'service_account' ? `service account ${c.clientEmail}` : `OAuth client ${c.clientId}`;
  }

  /** A valid access token: the cached one, else a new one from the token endpoint. */
  async get(): Promise<string> {
    const now = Date.now();
    if (this.token && this.token.until > now) return this.token.value;
    const answer = await request(this.credentials.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: grant(this.credentials, this.scopes.join(' '), now).toString(),
    });
    const { access_token: value, expires_in: expiresIn, error, error_description: description } = answer.body;
    if (answer.status !== 200 || typeof value !== 'string') {
      const why =
        typeof error === 'string' ? `${error}${typeof description === 'string' ? `: ${description}` : ''}` : `HTTP ${answer.status}`;
      throw new CredentialsError(`the token endpoint refused the ${this.describe()} (${why})`);
    }
    const lifetime = typeof expiresIn === 'number' ? expiresIn : 3600;
    this.token = { value, until: now + Math.max(0, lifetime - 60) * 1000 };
    return value;
  }

  /** Forgets the token (the API said 401): the next `get` fetches a new one. */
  invalidate(): void {
    this.token = undefined;
  }
}
