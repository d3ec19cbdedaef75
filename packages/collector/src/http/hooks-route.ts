import type { IncomingMessage, ServerResponse } from 'node:http';
import { ingestDelivery } from '../crm/hook-ingest';
import type { HookConfig, HookConfigs } from '../crm/hooks-config';
import { signatureFault } from '../crm/signature';
import type { OutcomeOptions } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { parseJsonBody } from './json-guard';
import { discardRest, errorMessage, HttpError, readBody, sendJson } from './util';

/** Most events one delivery may carry (HubSpot batches up to 100). */
export const MAX_HOOK_EVENTS = 1000;
const HOOK_BODY_LIMIT = 2_000_000;

export interface HooksOptions {
  store: EventStore;
  hooks: HookConfigs;
  statuses: readonly string[];
  outcomeOptions: OutcomeOptions;
  log: (line: string) => void;
}

/** The URL the sender called: the hook's configured one, else rebuilt from the request (a proxy's X-Forwarded-Proto counts). */
function calledUrl(req: IncomingMessage, hook: HookConfig): string {
  const path = req.url ?? '/';
  if (hook.url) return new URL(path, hook.url).href;
  const forwarded = req.headers['x-forwarded-proto'];
  const proto =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || ('encrypted' in req.socket ? 'https' : 'http');
  return `${proto}://${req.headers.host ?? 'localhost'}${path}`;
}

async function signedBody(req: IncomingMessage, hook: HookConfig): Promise<Buffer> {
  const body = await readBody(req, HOOK_BODY_LIMIT);
  if (!body) {
    discardRest(req);
    throw new HttpError(413, `body over ${HOOK_BODY_LIMIT} bytes`);
  }
  const fault = signatureFault(hook.signature, hook.secret, {
    method: req.method ?? 'POST',
    url: calledUrl(req, hook),
    headers: req.headers,
    body,
    now: Date.now(),
  });
  if (fault) throw new HttpError(401, `hook ${hook.name}: ${fault}`);
  return body;
}

function eventsOf(body: Buffer): unknown[] {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) throw new HttpError(400, parsed.reason);
  const events = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (events.length === 0) throw new HttpError(400, 'no events in the delivery');
  if (events.length > MAX_HOOK_EVENTS) throw new HttpError(413, `${events.length} events: at most ${MAX_HOOK_EVENTS} per delivery`);
  return events;
}

/**
 * POST /api/hooks/<name>: a CRM's webhook delivery, checked by its signature, saved before the
 * answer. 200 once every event is committed or refused for good (refusals listed: sending them
 * again cannot help); 503 when the store cannot save, so the CRM sends the delivery again.
 */
export function hooksRoute(o: HooksOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const name = url.pathname.slice('/api/hooks/'.length);
    const hook = Object.hasOwn(o.hooks, name) ? o.hooks[name] : undefined;
    if (!hook) throw new HttpError(404, `no hook ${name}: hooks are named in the config file's "hooks"`);
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    const events = eventsOf(await signedBody(req, hook));
    let report;
    try {
      report = await ingestDelivery(events, hook, o, { ...o.outcomeOptions, receivedAt: new Date() });
    } catch (err) {
      o.log(`POST /api/hooks/${name} 503 not saved: ${errorMessage(err)}`);
      throw new HttpError(503, 'the delivery could not be saved: send it again', { 'retry-after': '5' });
    }
    const { received, inserted, updated, unchanged, matched, matchedBy, unmatched, rejected, leftOut } = report;
    o.log(
      `POST /api/hooks/${name} 200 ${received} events: ${inserted} new, ${updated} updated, ${unchanged} unchanged, ${rejected.length} rejected${rejected[0] ? ` (first: ${rejected[0].reason})` : ''}, ${leftOut.length} left out`,
    );
    sendJson(res, 200, {
      received,
      inserted,
      updated,
      unchanged,
      matched,
      matchedBy,
      unmatched,
      rejected: rejected.map((r) => ({ index: r.at, reason: r.reason })),
      leftOut: leftOut.map((l) => ({ index: l.at, status: l.status })),
    });
  };
}
