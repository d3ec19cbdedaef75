import { randomBytes } from 'node:crypto';

// The Graph API error envelope [ISSUE-FB][M-SUP]: {error: {message, type, code, error_subcode?,
// is_transient?, error_user_title?, error_user_msg?, fbtrace_id}}.

export interface MetaErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

/** A refusal: the HTTP status and the envelope's fields. */
export interface MetaRefusal {
  status: number;
  message: string;
  code: number;
  type?: string;
  subcode?: number;
  title?: string;
  userMessage?: string;
  transient?: boolean;
}

export const fbtraceId = () => randomBytes(12).toString('base64url').slice(0, 23);

export function metaErrorBody(refusal: MetaRefusal): MetaErrorBody {
  const error: MetaErrorBody['error'] = {
    message: refusal.message,
    type: refusal.type ?? 'OAuthException',
    code: refusal.code,
    fbtrace_id: fbtraceId(),
  };
  if (refusal.subcode !== undefined) error.error_subcode = refusal.subcode;
  error.is_transient = refusal.transient ?? false;
  if (refusal.title !== undefined) error.error_user_title = refusal.title;
  if (refusal.userMessage !== undefined) error.error_user_msg = refusal.userMessage;
  return { error };
}

/** An "Invalid parameter" (code 100) about one event, as Meta reports payload errors. */
export function invalidParameter(subcode: number | undefined, title: string, userMessage: string): MetaRefusal {
  return { status: 400, message: 'Invalid parameter', code: 100, subcode, title, userMessage };
}

/** Meta's access-token refusals (code 190 OAuthException; 463 = expired session). */
export const TOKEN_REFUSALS = {
  missing: { status: 400, message: 'An access token is required to request this resource.', code: 104 },
  unknown: { status: 400, message: 'Invalid OAuth access token - Cannot parse access token', code: 190 },
  expired: {
    status: 400,
    message: 'Error validating access token: Session has expired on Monday, 07-Dec-26 10:00:00 PST.',
    code: 190,
    subcode: 463,
  },
} satisfies Record<string, MetaRefusal>;

/** A server fault: code 1 (unknown error) for 500, code 2 (temporarily unavailable) otherwise; both transient. */
export function serverFault(status: number): MetaRefusal {
  return status === 500
    ? { status, message: 'An unknown error occurred', code: 1, transient: true }
    : { status, message: 'An unexpected error has occurred. Please retry your request later.', code: 2, transient: true };
}

/**
 * A rate limit: code 4 (application request limit) or 17 (user request limit), transient.
 * UNVERIFIED: the HTTP status (Graph is seen answering 400 or 403, not 429) — the fake lets the test choose.
 */
export function rateLimited(status: number, code: 4 | 17): MetaRefusal {
  const message = code === 4 ? '(#4) Application request limit reached' : '(#17) User request limit reached';
  return { status, message, code, transient: true };
}
