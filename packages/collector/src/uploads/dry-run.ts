/**
 * `sync --dry-run`: the conversions a pass would send (no ledger row yet, or waiting), judged
 * the same way, sent to Google with validateOnly (nothing stored) and to Meta only with the
 * config's testEventCode (shown in Test Events, never counted). The ledger is only read: an
 * outcome's new value is judged as a pass would (revisions.ts), its earlier values left as they are.
 */
import type { Conversion } from '../exports/conversions';
import type { EventStore } from '../store/types';
import type { Upload } from '../store/upload-types';
import { chunks } from './attempt';
import { conversionKey, pendingConversions, type Channel } from './pending';
import { earlierIds, revisionGate, uploadId } from './revisions';
import type { PassTally } from './summary';

/** A conversion as a pass would judge it; a later value of an outcome by the earlier ones' rows (read, none given up). */
function judged(channel: Channel<unknown>, conversion: Conversion, ledger: Map<string, Upload>, now: Date) {
  const earlier = earlierIds(conversion).flatMap((id) => {
    const u = ledger.get(conversionKey(id, conversion.step));
    return u ? [u] : [];
  });
  const gate = earlier.length ? revisionGate(channel.destination, earlier, now) : undefined;
  return gate && !('go' in gate) ? gate : channel.verdict(conversion, channel.steps[conversion.step]!, now);
}

export async function dryRunChannel(store: EventStore, channel: Channel<unknown>, tally: PassTally, now: Date): Promise<void> {
  const conversions = await pendingConversions(store, channel, now);
  const ledger = new Map(
    (await store.uploads({ destination: channel.destination })).map((u) => [conversionKey(u.conversionId, u.step), u]),
  );
  const ready: { conversion: Conversion; payload: unknown }[] = [];
  const waiting: Upload[] = [];
  for (const [key, conversion] of conversions) {
    const row = ledger.get(key);
    if (row && row.state !== 'waiting') continue;
    const verdict = judged(channel, conversion, ledger, now);
    if ('send' in verdict) ready.push({ conversion, payload: verdict.send });
    else if ('giveUp' in verdict) tally.givenUp.set(verdict.giveUp, (tally.givenUp.get(verdict.giveUp) ?? 0) + 1);
    else
      waiting.push({
        conversionId: uploadId(conversion),
        step: conversion.step,
        destination: channel.destination,
        state: 'waiting',
        attempts: 0,
        reason: verdict.reason,
        waitingUntil: verdict.waitUntil.toISOString(),
      });
  }
  tally.countWaiting(waiting);
  if (channel.destination === 'meta' && !channel.hasTestCode) {
    tally.dryRun = { valid: 0, skipped: 'no testEventCode in the config' };
    return;
  }
  tally.dryRun = { valid: 0 };
  for (const batch of chunks(ready, channel.maxBatch)) {
    const attempt = await channel.send(batch, true);
    if (attempt.kind === 'taken') tally.dryRun.valid += batch.length;
    else if (attempt.kind === 'refused') tally.rejected.set(attempt.reason, (tally.rejected.get(attempt.reason) ?? 0) + batch.length);
    else {
      tally.stopped = attempt.reason;
      return;
    }
  }
}
