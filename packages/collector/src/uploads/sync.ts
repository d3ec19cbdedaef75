/**
 * One sync pass per destination (issue 20): plan a ledger row for every due conversion whose step
 * the config names, then claim waiting rows under a lease, judge each by the platform's rules,
 * send the ready ones in batches and record what came of it; for Google, ask the verdict of sent
 * requests (requestStatus:retrieve) before and after sending.
 *
 * Sending nothing twice: a claimed row stays `waiting` and leased while its batch is on the wire.
 * If the collector dies there, the lease runs out (LEASE_MS) and a later pass sends the row again
 * with the same keys: Google's transactionId (same conversion action + transactionId is an
 * adjustment, not a second conversion) and Meta's event_name + event_id (counted once within
 * 48 h). The same holds when a platform stores a batch and then times out.
 *
 * An outcome whose value changed is a conversion per value (revisions.ts): only the newest is
 * sent, after the platform's own rules for it (Google: as an adjustment; Meta: not at all once an
 * earlier value may be there).
 */
import { randomUUID } from 'node:crypto';
import type { Conversion } from '../exports/conversions';
import type { EventStore } from '../store/types';
import type { Destination, Upload, UploadChange } from '../store/upload-types';
import type { DestinationsConfig } from './config-types';
import { dryRunChannel } from './dry-run';
import { changesFor, judgedChange } from './outcome';
import { conversionKey, googleChannel, metaChannel, pendingConversions, type Channel } from './pending';
import { pollGoogleStatus } from './google-status';
import { retractGoogle } from './retract';
import { PassTally } from './summary';
import { parseUploadId, passGate, SUPERSEDED, uploadId } from './revisions';
import { LEASE_MS, NOT_CONFIGURED_RECHECK_MS, STATUS_RECHECK_MS } from './timing';

/** Claim rounds per destination and pass: a bound, not a goal. */
const MAX_ROUNDS = 50;

export interface SyncOptions {
  store: EventStore;
  config: DestinationsConfig;
  /** Only this destination (default: every one configured). */
  only?: Destination;
  dryRun?: boolean;
  /** Who holds the leases; default a random id per process. */
  owner?: string;
  /** Per request, ms (default 30 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** The first retry's wait (default 1 min; doubles per attempt). */
  firstBackoffMs?: number;
  /** Channels built once by `channelsOf` (a collector syncing on an interval keeps its access token between passes). */
  channels?: ReturnType<typeof channelsOf>;
}

export const PROCESS_OWNER = `collector-${randomUUID()}`;

/** The channels to sync; a destination whose config is incomplete gets a stopped tally instead. */
export function channelsOf(o: SyncOptions): { channels: Channel<unknown>[]; incomplete: PassTally[] } {
  const channels: Channel<unknown>[] = [];
  const incomplete: PassTally[] = [];
  for (const destination of ['google', 'meta'] as const) {
    const entry = o.config[destination];
    if (!entry || (o.only && o.only !== destination)) continue;
    if (!entry.config) {
      const tally = new PassTally(destination);
      tally.stopped = `config incomplete: ${entry.problems.join('; ')}`;
      incomplete.push(tally);
      continue;
    }
    channels.push(
      destination === 'google' ? googleChannel(o.config.google!.config!, o.timeoutMs) : metaChannel(o.config.meta!.config!, o.timeoutMs),
    );
  }
  return { channels, incomplete };
}

/** One sync pass over every configured destination; resolves with each one's figures. */
export async function runSync(o: SyncOptions): Promise<PassTally[]> {
  const { channels, incomplete } = o.channels ?? channelsOf(o);
  const tallies = [...incomplete];
  for (const channel of channels) {
    const tally = new PassTally(channel.destination);
    tallies.push(tally);
    if (o.dryRun) await dryRunChannel(o.store, channel, tally, (o.now ?? (() => new Date()))());
    else await syncChannel(o, channel, tally);
  }
  return tallies;
}

async function syncChannel(o: SyncOptions, channel: Channel<unknown>, tally: PassTally): Promise<void> {
  const now = o.now ?? (() => new Date());
  const owner = o.owner ?? PROCESS_OWNER;
  const conversions = await pendingConversions(o.store, channel, now());
  await o.store.planUploads(
    [...conversions.values()].map((c) => ({ conversionId: uploadId(c), step: c.step, destination: channel.destination })),
  );
  const outcomes = new Map([...conversions.values()].filter((c) => c.kind === 'outcome').map((c) => [c.id, c]));
  if (channel.google) await pollGoogleStatus(o.store, channel.google, owner, tally);
  for (let round = 0; round < MAX_ROUNDS && !tally.stopped; round++) {
    const rows = await o.store.claimUploads({
      destination: channel.destination,
      state: 'waiting',
      limit: channel.maxBatch,
      leaseMs: LEASE_MS,
      owner,
    });
    if (rows.length === 0) break;
    const again = await sendRows(channel, rows, {
      store: o.store,
      conversions,
      outcomes,
      owner,
      now: now(),
      tally,
      ...(o.firstBackoffMs ? { firstBackoffMs: o.firstBackoffMs } : {}),
    });
    if (!again) break;
  }
  if (channel.google && !tally.stopped) await pollGoogleStatus(o.store, channel.google, owner, tally);
  if (channel.google && !tally.stopped)
    await retractGoogle({
      store: o.store,
      client: channel.google,
      owner,
      tally,
      ...(o.firstBackoffMs ? { firstBackoffMs: o.firstBackoffMs } : {}),
    });
  tally.countWaiting(await o.store.uploads({ destination: channel.destination, state: 'waiting' }));
}

interface RoundContext {
  store: EventStore;
  conversions: Map<string, Conversion>;
  /** The outcomes among them by outcome id, at their current revision. */
  outcomes: Map<string, Conversion>;
  owner: string;
  now: Date;
  tally: PassTally;
  firstBackoffMs?: number;
}

type Ready = { row: Upload; conversion: Conversion; payload: unknown };

/**
 * A claimed row whose conversion is not among those of the pass: an earlier value of an outcome
 * that has a newer one (superseded, never sent), one newer than the pass read (another import
 * since: looked at again soon), else out of the platform's window.
 */
function missing(channel: Channel<unknown>, row: Upload, ctx: RoundContext): UploadChange {
  const { id, revision } = parseUploadId(row.conversionId);
  const current = ctx.outcomes.get(id);
  const known = current?.revision ?? 1;
  if (current && revision < known) return judgedChange(row.destination, row.conversionId, { giveUp: SUPERSEDED });
  if (current && revision > known) {
    const waitUntil = new Date(ctx.now.getTime() + STATUS_RECHECK_MS);
    return judgedChange(row.destination, row.conversionId, { waitUntil, reason: 'a new value imported during the pass' });
  }
  return judgedChange(row.destination, row.conversionId, { giveUp: `older than ${channel.days} days` });
}

/** Each claimed row judged: ready to send, or its change (waiting until…, given up). */
async function judge(
  channel: Channel<unknown>,
  rows: readonly Upload[],
  ctx: RoundContext,
): Promise<{ judged: UploadChange[]; ready: Ready[] }> {
  const judged: UploadChange[] = [];
  const ready: Ready[] = [];
  const batch = new Set(rows.map((r) => r.conversionId));
  for (const row of rows) {
    const conversion = ctx.conversions.get(conversionKey(row.conversionId, row.step));
    const name = channel.steps[row.step];
    if (name === undefined) {
      const waitUntil = new Date(ctx.now.getTime() + NOT_CONFIGURED_RECHECK_MS);
      judged.push(judgedChange(row.destination, row.conversionId, { waitUntil, reason: 'step not in the config' }));
    } else if (!conversion) judged.push(missing(channel, row, ctx));
    else {
      const gate = await passGate(channel.destination, conversion, { store: ctx.store, now: ctx.now, batch, tally: ctx.tally });
      const verdict = gate ?? channel.verdict(conversion, name, ctx.now);
      if ('send' in verdict) ready.push({ row, conversion, payload: verdict.send });
      else judged.push(judgedChange(row.destination, row.conversionId, verdict));
    }
  }
  return { judged, ready };
}

/** Judges and sends one claimed batch; resolves false when the pass should stop (the platform wants a pause, or refuses the credentials). */
async function sendRows(channel: Channel<unknown>, rows: Upload[], ctx: RoundContext): Promise<boolean> {
  const { judged, ready } = await judge(channel, rows, ctx);
  let changes = judged;
  let goOn = true;
  if (ready.length) {
    const attempt = await channel.send(ready, false);
    changes = [
      ...judged,
      ...changesFor(
        ready.map((r) => r.row),
        attempt,
        channel.takenState,
        ctx.firstBackoffMs,
      ),
    ];
    if (attempt.kind === 'taken' && channel.takenState === 'accepted') ctx.tally.countSent(ready.length);
    if (attempt.kind === 'taken') for (const r of ready) ctx.tally.note(channel.note?.(r.conversion, r.payload) ?? null);
    if (attempt.kind === 'credentials') ctx.tally.stopped = `credentials refused: ${attempt.reason}`;
    goOn = attempt.kind === 'taken' || attempt.kind === 'refused';
  }
  await ctx.store.recordUploads(ctx.owner, changes);
  ctx.tally.count(changes);
  return goOn;
}
