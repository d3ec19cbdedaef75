import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoogleDataManager, startMetaConversionsApi } from '@leadbeacon/test-utils/ad-platforms';
import type { GoogleDataManager, GoogleDataManagerOptions, MetaConversionsApi } from '@leadbeacon/test-utils/ad-platforms';
import { BUILT_IN_STATUSES, parseOutcome } from '../src/index';
import type { EventStore } from '../src/index';
import { readDestinationsConfig } from '../src/uploads/config';
import type { DestinationsConfig } from '../src/uploads/config-types';
import { sha } from './export-fixture';
import { googleClick, leadEvent } from './helpers';

export const UA = 'Mozilla/5.0 (X11; Linux x86_64)';
const HOUR = 3_600_000;
export const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** The Google and Meta test servers and a config file pointing at them. */
export interface Platforms {
  google: GoogleDataManager;
  meta: MetaConversionsApi;
  configFile: string;
  config: DestinationsConfig;
  close(): Promise<void>;
}

export async function startPlatforms(
  googleOptions: GoogleDataManagerOptions = {},
  metaExtra: Record<string, unknown> = {},
): Promise<Platforms> {
  const [google, meta] = await Promise.all([
    startGoogleDataManager({ processingPolls: 0, invalidClickIds: ['BAD-GCLID'], ...googleOptions }),
    startMetaConversionsApi(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-sync-'));
  const configFile = join(dir, 'leadbeacon.config.json');
  const destinations = {
    google: {
      operatingAccountId: '1234567890',
      conversionActions: { form_submit: '111', call_click: '222', qualified: '333', won: '444' },
      credentials: google.serviceAccountKey(dir).path,
      apiUrl: google.url,
    },
    meta: {
      pixelId: '1234567890123456',
      accessToken: 'meta-test-token',
      events: { form_submit: 'Lead', call_click: 'Contact', qualified: 'QualifiedLead', won: 'Purchase' },
      apiUrl: meta.url,
      ...metaExtra,
    },
  };
  writeFileSync(configFile, JSON.stringify({ destinations }, null, 2));
  return {
    google,
    meta,
    configFile,
    config: readDestinationsConfig(configFile),
    close: async () => void (await Promise.all([google.close(), meta.close()])),
  };
}

/**
 * Demo-like leads, times relative to now:
 * A form 2 days ago, gclid, hashed email (both platforms'), 100 USD; won 1 day ago for 500 USD.
 * B form 2 h ago, gclid clicked 2 h ago (Google: waits until 6 h), Meta hash.
 * C form 1 day ago, gclid, ads consent denied: sent nowhere.
 * D call 1 day ago, a gclid Google does not know, no hash: Google rejects it; nothing for Meta.
 */
export async function seedLeads(store: EventStore): Promise<void> {
  const hashes = (email: string) => ({ hashedEmail: sha(email), metaHashedEmail: sha(email) });
  await store.insert(
    [
      leadEvent({
        id: 'A',
        ts: ago(47),
        value: 100,
        currency: 'USD',
        touch: googleClick(ago(48), { gclid: 'GCLID-A' }),
        props: hashes('a@example.com'),
      }),
      leadEvent({ id: 'B', ts: ago(2), touch: googleClick(ago(2), { gclid: 'GCLID-B' }), props: hashes('b@example.com') }),
      leadEvent({ id: 'C', ts: ago(24), touch: googleClick(ago(25), { gclid: 'GCLID-C' }), consent: { ads: 'denied' } }),
      leadEvent({ id: 'D', type: 'call_click', ts: ago(24), touch: googleClick(ago(25), { gclid: 'BAD-GCLID' }) }),
    ],
    { receivedAt: new Date(), userAgent: UA },
  );
  const parsed = await parseOutcome({ event_id: 'A', status: 'won', time: ago(24), value: '500', currency: 'USD' }, BUILT_IN_STATUSES, {});
  if (!parsed.ok) throw new Error(parsed.reason);
  await store.saveOutcomes([parsed.outcome], { receivedAt: new Date() });
}
