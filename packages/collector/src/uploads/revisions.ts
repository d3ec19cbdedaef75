/**
 * An outcome whose value changed (issue 20): an import that gives a stored outcome another value
 * or currency makes a new revision of it, and each revision is its own conversion in the ledger:
 * `<outcome id>` for its first value, `<outcome id>~2`, `~3`… for the later ones. Only the
 * newest revision is ever sent; what it may do depends on the platform and on how far the
 * earlier revisions got (shared/reference google-data-manager.md §6, meta-capi.md):
 *
 * - An earlier revision still `waiting` (not being sent by anyone now) is never sent: given up,
 *   superseded. Whatever the platform, the newest value goes instead.
 * - Google matches a conversion action + `transactionId` it has seen as an adjustment that
 *   restates the value. Every revision carries the first one's `transactionId`, so the newest
 *   value replaces the earlier one, or is the first Google sees. It goes only once no earlier
 *   revision is on its way (being sent, or sent with the verdict pending): an earlier value
 *   arriving after it would restate the old value.
 * - Meta has no adjustment, and de-duplicates on event_name + event_id (48 h): once an earlier
 *   value may have reached Meta (accepted, or tried and not refused: a timeout may follow a stored
 *   event), the new value is given up with the reason; sending it would count the conversion
 *   twice, or be dropped as a duplicate. If no earlier value reached Meta, the newest is sent.
 */
import type { Conversion } from '../exports/conversions';
import type { EventStore } from '../store/types';
import type { Destination, Upload, UploadChange } from '../store/upload-types';
import { STATUS_RECHECK_MS } from './timing';

/** The ledger's conversion id of an outcome's revision: the outcome's id for its first value, `<id>~<n>` for the n-th. */
export const revisionId = (outcomeId: string, revision = 1): string => (revision > 1 ? `${outcomeId}~${revision}` : outcomeId);

/** The ledger's conversion id of a conversion: a lead's browser event id, an outcome's revision id. */
export const uploadId = (c: Conversion): string => (c.kind === 'outcome' ? revisionId(c.id, c.revision) : c.id);

const REVISION_ID = /^(.+)~([1-9]\d*)$/;

/** The outcome id and revision a ledger conversion id names; any other id is itself, revision 1. */
export function parseUploadId(conversionId: string): { id: string; revision: number } {
  const m = REVISION_ID.exec(conversionId);
  return m ? { id: m[1]!, revision: Number(m[2]) } : { id: conversionId, revision: 1 };
}

/** The ledger ids of the revisions before the conversion's (none for a lead or a first value). */
export function earlierIds(c: Conversion): string[] {
  const n = c.kind === 'outcome' ? (c.revision ?? 1) : 1;
  return Array.from({ length: n - 1 }, (_, i) => revisionId(c.id, i + 1));
}

export const SUPERSEDED = 'superseded by a new value of the outcome: never sent';
export const META_CANNOT_RESTATE =
  'new value not sent: Meta has the earlier value and cannot restate it (sending again would count the conversion twice)';
export const GOOGLE_VERDICT_PENDING = "waiting for Google's verdict on the earlier value";
export const EARLIER_BEING_SENT = 'waiting: the earlier value is being sent';

/** Whether the conversion of a row may be at the platform: taken, or tried and not refused (a timeout may follow a stored batch). */
const mayHaveReached = (r: Upload): boolean => r.state === 'sent' || r.state === 'accepted' || (r.state !== 'rejected' && r.attempts > 0);

export type RevisionGate =
  /** Judge it by the platform's rules, as any conversion; `supersede`: earlier rows to give up first. */
  { go: true; supersede: string[] } | { waitUntil: Date; reason: string } | { giveUp: string; supersede: string[] };

/** What a later revision may do, given the ledger rows of the earlier ones at its destination. */
export function revisionGate(destination: Destination, earlier: readonly Upload[], now: Date): RevisionGate {
  const supersede = earlier.filter((r) => r.state === 'waiting').map((r) => r.conversionId);
  if (destination === 'google') {
    if (earlier.some((r) => r.state === 'sent'))
      return { waitUntil: new Date(now.getTime() + STATUS_RECHECK_MS), reason: GOOGLE_VERDICT_PENDING };
    return { go: true, supersede };
  }
  if (earlier.some(mayHaveReached)) return { giveUp: META_CANNOT_RESTATE, supersede };
  return { go: true, supersede };
}

export interface GateContext {
  store: EventStore;
  now: Date;
  /** Rows of the batch being judged: leased by this pass, each judged on its own (an earlier revision there: superseded). */
  batch: ReadonlySet<string>;
  tally: { count(changes: readonly UploadChange[]): void };
}

/**
 * For a later revision in a claimed batch: undefined when it goes on to the platform's rules,
 * else its verdict (waits, or given up). The earlier revisions still waiting are given up here;
 * one that another collector is sending right now cannot be, and the new value waits for it.
 */
export async function passGate(
  destination: Destination,
  c: Conversion,
  ctx: GateContext,
): Promise<{ waitUntil: Date; reason: string } | { giveUp: string } | undefined> {
  const ids = earlierIds(c);
  if (!ids.length) return undefined;
  const earlier = await ctx.store.uploads({ destination, conversionIds: ids });
  const gate = revisionGate(destination, earlier, ctx.now);
  if ('waitUntil' in gate) return gate;
  const others = gate.supersede.filter((id) => !ctx.batch.has(id));
  const given = others.length ? await ctx.store.giveUpWaiting(destination, others, SUPERSEDED) : [];
  ctx.tally.count(given.map((conversionId) => ({ conversionId, destination, state: 'given_up', reason: SUPERSEDED })));
  if ('giveUp' in gate) return { giveUp: gate.giveUp };
  if (given.length < others.length) return { waitUntil: new Date(ctx.now.getTime() + STATUS_RECHECK_MS), reason: EARLIER_BEING_SENT };
  return undefined;
}
