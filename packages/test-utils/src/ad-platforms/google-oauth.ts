import { randomBytes, verify } from 'node:crypto';
import { DATA_MANAGER_SCOPE } from './service-account';

/** An OAuth error as Google's token endpoint answers it (RFC 6749 §5.2). */
export interface TokenError {
  status: number;
  body: { error: string; error_description: string };
}

export type TokenAnswer =
  { status: 200; body: { access_token: string; expires_in: number; token_type: 'Bearer'; scope: string } } | TokenError;

/** A user's OAuth client and refresh token, as an installed-app or web flow leaves them. */
export interface OAuthUser {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

const refuse = (status: number, error: string, error_description: string): TokenError => ({ status, body: { error, error_description } });

/** The longest a service account assertion may live (Google: exp at most one hour after iat). */
const MAX_ASSERTION_SECONDS = 3600;
/** Clock skew tolerated on iat/exp. */
const SKEW_SECONDS = 300;

interface Jwt {
  header: { alg?: string; kid?: string };
  claims: { iss?: string; scope?: string; aud?: string; iat?: number; exp?: number };
  signingInput: string;
  signature: Buffer;
}

function parseJwt(assertion: string): Jwt | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const [header, claims] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return undefined;
  }
}

/** Why Google would refuse this assertion's claims, or undefined when they are sane. */
function claimsProblem(jwt: Jwt, tokenUri: string, nowSeconds: number): TokenError | undefined {
  const { aud, iat, exp, scope } = jwt.claims;
  if (aud !== tokenUri) return refuse(400, 'invalid_grant', `Invalid JWT: aud must be ${tokenUri}, got ${String(aud)}`);
  if (typeof iat !== 'number' || typeof exp !== 'number') return refuse(400, 'invalid_grant', 'Invalid JWT: iat and exp are required.');
  if (iat > nowSeconds + SKEW_SECONDS || exp < nowSeconds - SKEW_SECONDS || exp - iat > MAX_ASSERTION_SECONDS || exp <= iat)
    return refuse(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  if (
    !String(scope ?? '')
      .split(' ')
      .includes(DATA_MANAGER_SCOPE)
  )
    return refuse(
      400,
      'invalid_scope',
      `Invalid OAuth scope or ID token audience provided; the Data Manager API needs ${DATA_MANAGER_SCOPE}.`,
    );
  return undefined;
}

interface IssuedToken {
  expiresAt: number;
  subject: string;
  /** What the token may be used for: the assertion's scopes, or those the user granted. */
  scopes: string[];
}

/**
 * Google's OAuth 2.0 token endpoint for the fake: the JWT-bearer grant of service accounts it
 * trusts and the refresh-token grant of OAuth users it knows; it issues access tokens that expire.
 */
export class GoogleTokenIssuer {
  private readonly publicKeys = new Map<string, string>();
  private readonly users: (OAuthUser & { scopes: string[] })[] = [];
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly tokenUri: () => string,
    public lifetimeSeconds: number,
  ) {}

  trustServiceAccount(clientEmail: string, publicKeyPem: string): void {
    this.publicKeys.set(clientEmail, publicKeyPem);
  }

  /** An OAuth user who granted `scopes` (default: the Data Manager API's only). */
  addUser(user?: Partial<OAuthUser>, scopes: string[] = [DATA_MANAGER_SCOPE]): OAuthUser {
    const made: OAuthUser = {
      clientId: user?.clientId ?? `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`,
      clientSecret: user?.clientSecret ?? `GOCSPX-${randomBytes(12).toString('base64url')}`,
      refreshToken: user?.refreshToken ?? `1//${randomBytes(24).toString('base64url')}`,
    };
    this.users.push({ ...made, scopes });
    return made;
  }

  /** Answers one POST to the token endpoint (form-encoded body). */
  exchange(form: URLSearchParams): TokenAnswer {
    const grant = form.get('grant_type');
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return this.jwtBearer(form.get('assertion') ?? '');
    if (grant === 'refresh_token') return this.refresh(form);
    return refuse(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
  }

  private jwtBearer(assertion: string): TokenAnswer {
    const jwt = parseJwt(assertion);
    if (!jwt || jwt.header.alg !== 'RS256') return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
    const publicKey = this.publicKeys.get(jwt.claims.iss ?? '');
    if (!publicKey) return refuse(401, 'invalid_client', 'The OAuth client was not found.');
    if (!verify('RSA-SHA256', Buffer.from(jwt.signingInput), publicKey, jwt.signature))
      return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
    return (
      claimsProblem(jwt, this.tokenUri(), Math.floor(Date.now() / 1000)) ?? this.issue(jwt.claims.iss!, String(jwt.claims.scope).split(' '))
    );
  }

  private refresh(form: URLSearchParams): TokenAnswer {
    const user = this.users.find((u) => u.clientId === form.get('client_id'));
    if (!user || user.clientSecret !== form.get('client_secret')) return refuse(401, 'invalid_client', 'Unauthorized');
    if (user.refreshToken !== form.get('refresh_token')) return refuse(400, 'invalid_grant', 'Bad Request');
    return this.issue(user.clientId, user.scopes);
  }

  private issue(subject: string, scopes: string[]): TokenAnswer {
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { subject, scopes, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    return {
      status: 200,
      body: { access_token: token, expires_in: this.lifetimeSeconds, token_type: 'Bearer', scope: scopes.join(' ') },
    };
  }

  /** Whether a valid token of this Authorization header carries the scope. */
  hasScope(authorization: string | undefined, scope: string): boolean {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    return this.tokens.get(match?.[1] ?? '')?.scopes.includes(scope) ?? false;
  }

  /** 'valid', 'expired' or 'unknown' for an Authorization header. */
  check(authorization: string | undefined): 'valid' | 'expired' | 'missing' | 'unknown' {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match) return 'missing';
    const issued = this.tokens.get(match[1]!);
    if (!issued) return 'unknown';
    return issued.expiresAt > Date.now() ? 'valid' : 'expired';
  }

  /** Makes every token issued so far expire now (the next API call with one answers 401). */
  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expiresAt = 0;
  }
}
