/**
 * Meta by the Conversions API: `POST {apiUrl}/{version}/{pixel}/events` with at most 1,000
 * events (shared/reference/meta-capi.md). The events are the export's (exports/meta-capi.ts
 * `metaEvent`): website leads with the page, user agent and browser event id, CRM outcomes as
 * `system_generated`. A 200 means Meta took them: the ledger marks them accepted.
 */
import type { MetaEvent } from '../exports/meta-capi';
import type { Attempt } from './attempt';
import type { MetaConfig } from './config-types';
import { isTransientStatus, NetworkError, request, type HttpAnswer } from './http';

export const META_MAX_EVENTS = 1000;

/** Graph error codes that mean "too many calls, later" (4, 17, 32, 613) and the token ones (102, 104, 190). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const TOKEN_CODES = new Set([102, 104, 190]);

type Json = Record<string, unknown>;

/** Meta's error envelope as an attempt: the event it names (`Event 3: …`, UNVERIFIED spelling) or the whole batch. */
function refusal(answer: HttpAnswer): Attempt {
  const error = (answer.body.error ?? {}) as Json;
  const code = Number(error.code);
  const message = [error.error_user_title, error.error_user_msg ?? error.message].filter((s) => typeof s === 'string' && s).join(': ');
  const reason = `${Number.isFinite(code) ? `(#${code}) ` : ''}${message || `HTTP ${answer.status}`}`;
  if (TOKEN_CODES.has(code) || answer.status === 401 || answer.status === 403) return { kind: 'credentials', reason };
  if (RATE_LIMIT_CODES.has(code) || error.is_transient === true || isTransientStatus(answer.status))
    return { kind: 'retry', reason, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) };
  const byIndex = new Map<number, string>();
  const named = /Event (\d+):/.exec(`${String(error.message ?? '')} ${String(error.error_user_msg ?? '')}`);
  if (named) byIndex.set(Number(named[1]), reason);
  return { kind: 'refused', reason, byIndex };
}

export class MetaClient {
  constructor(
    readonly config: MetaConfig,
    private readonly timeoutMs?: number,
  ) {}

  /** Sends up to 1,000 events; with `testEventCode` Meta shows them in Test Events and counts none. */
  async send(events: readonly MetaEvent[], testEventCode?: string): Promise<Attempt> {
    const { apiUrl, apiVersion, pixelId, accessToken } = this.config;
    const body = JSON.stringify({ data: events, access_token: accessToken, ...(testEventCode ? { test_event_code: testEventCode } : {}) });
    try {
      const answer = await request(
        `${apiUrl}/${apiVersion}/${encodeURIComponent(pixelId)}/events`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
        this.timeoutMs,
      );
      return answer.status === 200 ? { kind: 'taken' } : refusal(answer);
    } catch (err) {
      if (err instanceof NetworkError) return { kind: 'retry', reason: err.message };
      throw err;
    }
  }
}
