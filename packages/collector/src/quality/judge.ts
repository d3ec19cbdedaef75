/**
 * The collector's side of a lead's verdict: for each lead event of a batch, what only the
 * collector sees (its address's and visitor's recent leads, a page view before it, the sender's
 * User-Agent, whether the tracker sent it) joined to the browser's signals, judged by rules.ts
 * and handed to the store (InsertMeta `verdicts`), which keeps it with the lead in the same
 * transaction as the event (the event itself is stored as it came).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { isLeadType, type LeadQuality } from '@leadbeacon/wire';
import type { WireEvent } from '../types';
import { DEFAULT_QUALITY, judgeLead, type Judgement, type QualityConfig } from './rules';
import { LeadWatch } from './watch';

/** What the judge needs of the request and its batch. */
export interface BatchContext {
  /** The rate limiter's client key: the address (an IPv6 address's /64). Counted by keyed hash only. */
  client: string;
  userAgent?: string;
  /** `sdk.name` of a native batch; undefined for other routes. */
  sdk?: string;
  /** Sessions already known to have had a page view (the store's). */
  sessionsSeen: ReadonlySet<string>;
}

export type QualityJudge = {
  /** The verdict of each lead event, by event id. */
  (events: readonly WireEvent[], context: BatchContext): Map<string, Judgement>;
  /** Sessions of the batch's leads to look up in the store. */
  sessionsToCheck(events: readonly WireEvent[]): string[];
};

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [net = '', bits] = range.split('/');
    const type = isIPv6(net) ? 'ipv6' : 'ipv4';
    if (!isIPv4(net) && !isIPv6(net)) throw new Error(`quality.exempt: '${range}' is not an address range (CIDR)`);
    if (bits === undefined) list.addAddress(net, type);
    else list.addSubnet(net, Number(bits), type);
  }
  return list;
}

function exempted(list: BlockList, client: string): boolean {
  if (isIPv4(client)) return list.check(client, 'ipv4');
  const v6 = isIPv6(client) ? client : `${client}::`;
  return isIPv6(v6) && list.check(v6, 'ipv6');
}

const signalsOf = (e: WireEvent): LeadQuality | undefined =>
  e.v === 2 && e.quality && typeof e.quality === 'object' ? (e.quality as LeadQuality) : undefined;

/** A judge with its own in-memory counts; `now` for tests. */
export function qualityJudge(config: QualityConfig = DEFAULT_QUALITY, now: () => number = Date.now): QualityJudge {
  const watch = new LeadWatch(config.windowMs);
  const exempt = blockList(config.exempt);
  const judge = (events: readonly WireEvent[], context: BatchContext): Map<string, Judgement> => {
    const viewed = new Set(context.sessionsSeen);
    const verdicts = new Map<string, Judgement>();
    for (const e of events) {
      if (e.type === 'page_view') viewed.add(e.sessionId);
      if (!isLeadType(e.type)) continue;
      const judgement: Judgement = exempted(exempt, context.client)
        ? { verdict: 'ok', reasons: ['exempt_address'] }
        : judgeLead(
            {
              type: e.type,
              ...(typeof e.props?.formId === 'string' ? { formId: e.props.formId } : {}),
              ...(signalsOf(e) ? { signals: signalsOf(e)! } : {}),
              ...(context.userAgent ? { userAgent: context.userAgent } : {}),
              ...watch.note(context.client, e.anonymousId, e.type === 'form_submit', now()),
              pageViewSeen: viewed.has(e.sessionId),
              signalsMissing: e.v === 2 && !signalsOf(e),
              ...(context.sdk !== undefined ? { fromTracker: context.sdk === 'leadbeacon' } : {}),
            },
            config,
          );
      verdicts.set(e.id, judgement);
    }
    return verdicts;
  };
  judge.sessionsToCheck = (events: readonly WireEvent[]) => [...new Set(events.filter((e) => isLeadType(e.type)).map((e) => e.sessionId))];
  return judge;
}

/** Judges a batch's leads, looking up in the store which of their sessions had a page view before. */
export async function judgeBatch(
  judge: QualityJudge,
  store: { sessionsWithPageView(ids: readonly string[]): Promise<Set<string>> },
  events: readonly WireEvent[],
  context: { client: string; userAgent?: string | undefined; sdk?: string | undefined },
): Promise<Map<string, Judgement>> {
  const sessions = judge.sessionsToCheck(events);
  if (!sessions.length) return new Map();
  const sessionsSeen = await store.sessionsWithPageView(sessions);
  return judge(events, {
    client: context.client,
    sessionsSeen,
    ...(context.userAgent ? { userAgent: context.userAgent } : {}),
    ...(context.sdk !== undefined ? { sdk: context.sdk } : {}),
  });
}
