import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';

/** The fields of a Google service account key file (JSON) that a client uses. */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  /** PKCS#8 PEM, as in Google's files. */
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
}

export interface ServiceAccountKeyFile {
  /** Where the key file was written. */
  path: string;
  key: ServiceAccountKey;
  /** SPKI PEM of the key pair, what the token endpoint verifies JWTs with. */
  publicKey: string;
}

/**
 * Generates an RSA key pair and writes a service account key file shaped like Google's whose
 * `token_uri` is `tokenUri` (a fake's token endpoint). `dir` defaults to a new temporary directory.
 */
export function makeServiceAccountKey(tokenUri: string, dir?: string): ServiceAccountKeyFile {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const id = randomBytes(4).toString('hex');
  const key: ServiceAccountKey = {
    type: 'service_account',
    project_id: `leadbeacon-test-${id}`,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: `uploader-${id}@leadbeacon-test-${id}.iam.gserviceaccount.com`,
    client_id: String(BigInt('0x' + randomBytes(8).toString('hex'))),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
  };
  const path = join(dir ?? mkdtempSync(join(tmpdir(), 'leadbeacon-sa-')), `service-account-${id}.json`);
  writeFileSync(path, JSON.stringify(key, null, 2) + '\n', { mode: 0o600 });
  return { path, key, publicKey };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export interface AssertionClaims {
  scope?: string;
  aud?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Seconds since the epoch; default iat + 3600. */
  exp?: number;
}

/**
 * The signed JWT a service account exchanges for an access token (RFC 7523, Google's
 * "OAuth 2.0 for server to server applications"): RS256, iss = client_email, aud = token_uri.
 */
export function signServiceAccountAssertion(key: ServiceAccountKey, claims: AssertionClaims = {}): string {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.private_key_id };
  const payload = {
    iss: key.client_email,
    scope: claims.scope ?? DATA_MANAGER_SCOPE,
    aud: claims.aud ?? key.token_uri,
    iat,
    exp: claims.exp ?? iat + 3600,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.private_key);
  return `${signingInput}.${base64url(signature)}`;
}
