// Google's REST error shape (google.rpc.Status as JSON): error.code = HTTP status, error.status =
// the gRPC code's name, error.details = typed messages; the Data Manager API's ErrorInfo carries
// its ErrorReason with domain datamanager.googleapis.com. [D-ERR][P-ERR]

export const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
export const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
export const DATA_MANAGER_DOMAIN = 'datamanager.googleapis.com';

/** One refused record or field: its path in the request (e.g. `events[3].transactionId`) and why. */
export interface Violation {
  field: string;
  reason: string;
  description: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details: Record<string, unknown>[] };
}

/**
 * A 400 INVALID_ARGUMENT naming every violation: one ErrorInfo per violation (reason, domain,
 * metadata.field; gax surfaces the first as GoogleError.reason) and a BadRequest with all field
 * violations. The exact field-path spelling Google uses is UNVERIFIED: this fake uses the request's
 * JSON names, e.g. `events[3].transactionId`.
 */
export function invalidArgument(violations: readonly Violation[]): GoogleErrorBody {
  const message = violations.map((v) => `${v.field}: ${v.description} (${v.reason})`).join('; ');
  return {
    error: {
      code: 400,
      message: `Request contains an invalid argument. ${message}`,
      status: 'INVALID_ARGUMENT',
      details: [
        ...violations.map((v) => ({ '@type': ERROR_INFO, reason: v.reason, domain: DATA_MANAGER_DOMAIN, metadata: { field: v.field } })),
        {
          '@type': BAD_REQUEST,
          fieldViolations: violations.map((v) => ({ field: v.field, description: `${v.reason}: ${v.description}` })),
        },
      ],
    },
  };
}

/** A Google error with one ErrorInfo, e.g. 401 UNAUTHENTICATED or 429 RESOURCE_EXHAUSTED. */
export function googleError(
  code: number,
  status: string,
  message: string,
  info?: { reason: string; domain?: string; metadata?: Record<string, string> },
): GoogleErrorBody {
  const details = info ? [{ '@type': ERROR_INFO, domain: DATA_MANAGER_DOMAIN, metadata: {}, ...info }] : [];
  return { error: { code, message, status, details } };
}

/** Google's 401 for a missing, unknown or expired access token. */
export function unauthenticated(why: 'expired' | 'missing' | 'unknown', method: string): GoogleErrorBody {
  return googleError(
    401,
    'UNAUTHENTICATED',
    why === 'missing'
      ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
      : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    {
      reason: why === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : why === 'missing' ? 'CREDENTIALS_MISSING' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
      domain: 'googleapis.com',
      metadata: { service: DATA_MANAGER_DOMAIN, method },
    },
  );
}

/** The gRPC code name Google pairs with an HTTP status in its error bodies. */
export function statusName(code: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return names[code] ?? 'UNKNOWN';
}
