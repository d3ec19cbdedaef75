/**
 * Which conversions a destination is to get: those of the last days the platform still takes
 * (Google: 90, Meta: 7) whose step the config names, each judged by the platform's rules.
 */
import { valuerFor, type ValueSource } from '../advice/apply';
import { collectConversions, type Conversion } from '../exports/conversions';
import { DAY_MS, GOOGLE_CLICK_DAYS } from '../exports/formats';
import { META_MAX_AGE_DAYS, missingHashNote, type MetaEvent } from '../exports/meta-capi';
import type { EventStore } from '../store/types';
import type { Destination } from '../store/upload-types';
import type { Attempt } from './attempt';
import type { GoogleConfig, MetaConfig } from './config-types';
import { GoogleClient, GOOGLE_MAX_EVENTS, type GoogleItem } from './google';
import { MetaClient, META_MAX_EVENTS } from './meta';
import { uploadId } from './revisions';
import { googleVerdict, metaVerdict, type GoogleReady, type Verdict } from './rules';

/** One destination as the sync pass sees it: its steps, its rules, and how a batch is sent. */
export interface Channel<T> {
  destination: Destination;
  /** Step → conversion action id (Google) or event name (Meta). */
  steps: Record<string, string>;
  /** How far back conversions are looked at. */
  days: number;
  maxBatch: number;
  /** What the ledger says of a batch the platform took: Google's verdict comes later (sent), Meta's 200 is it (accepted). */
  takenState: 'sent' | 'accepted';
  verdict(c: Conversion, name: string, now: Date): Verdict<T>;
  send(batch: { conversion: Conversion; payload: T }[], dryRun: boolean): Promise<Attempt>;
  google?: GoogleClient;
  /** Why an event goes without a field (Meta: em/ph of a lead hashed by Google's rules only), or null. */
  note?(c: Conversion, payload: T): string | null;
  /** Meta: the config has a testEventCode (a dry run sends with it, else skips). */
  hasTestCode?: boolean;
  /** Where the conversions' values come from (the config's `values`; default configured). */
  values?: ValueSource;
}

export function googleChannel(config: GoogleConfig, timeoutMs?: number): Channel<GoogleReady> {
  const client = new GoogleClient(config, timeoutMs);
  return {
    destination: 'google',
    steps: config.conversionActions,
    days: GOOGLE_CLICK_DAYS,
    maxBatch: GOOGLE_MAX_EVENTS,
    takenState: 'sent',
    ...(config.values ? { values: config.values } : {}),
    verdict: googleVerdict,
    send: (batch, dryRun) =>
      client.ingest(
        batch.map((b): GoogleItem => ({ conversion: b.conversion, ready: b.payload })),
        dryRun,
      ),
    google: client,
  };
}

/** Meta; in a dry run only with the config's testEventCode (the caller skips Meta without one). */
export function metaChannel(config: MetaConfig, timeoutMs?: number): Channel<MetaEvent> {
  const client = new MetaClient(config, timeoutMs);
  return {
    destination: 'meta',
    steps: config.events,
    days: META_MAX_AGE_DAYS,
    maxBatch: META_MAX_EVENTS,
    takenState: 'accepted',
    hasTestCode: !!config.testEventCode,
    ...(config.values ? { values: config.values } : {}),
    note: missingHashNote,
    verdict: metaVerdict,
    send: (batch, dryRun) =>
      client.send(
        batch.map((b) => b.payload),
        dryRun ? config.testEventCode : undefined,
      ),
  };
}

export const conversionKey = (conversionId: string, step: string): string => `${conversionId} ${step}`;

/**
 * The conversions of the channel's window whose step it sends, by conversion key (the ledger's
 * id: an outcome at its current revision); outcomes dated ahead are included (they wait). Each
 * carries the value it is sent with: its own, or with `"values": "learned"` its step's learned
 * value as of now (advice/apply.ts). A row already sent is never sent again for a value that
 * changed: learned values move daily, and that is no adjustment the platforms document.
 */
export async function pendingConversions(store: EventStore, channel: Channel<unknown>, now: Date): Promise<Map<string, Conversion>> {
  const range = { since: new Date(now.getTime() - channel.days * DAY_MS), until: new Date(now.getTime() + 30 * DAY_MS) };
  const valued = await valuerFor(store, channel.values, now);
  const byKey = new Map<string, Conversion>();
  for (const c of await collectConversions(store, range))
    if (c.step in channel.steps) byKey.set(conversionKey(uploadId(c), c.step), valued(c));
  return byKey;
}
