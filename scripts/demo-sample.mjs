// The demo's sample data: four weeks of visits and leads in the demo database (once), and the
// CRM export that goes with them, written where README's walkthrough imports it from.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const SAMPLE = { days: 30, visits: 1500, seed: 12 };
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';

/**
 * Seeds `store` with sample traffic unless the database already holds it, and writes the matching
 * CRM file (a HubSpot deals export) to `crmPath`. The time the sample was made is kept beside the database file, so a
 * later run writes the same CRM file for the same stored leads.
 */
export async function seedSample({ store, dbPath, crmPath, timeZone, now = new Date() }) {
  const { sampleData, sampleHubspotDealsCsv } = await import('@leadbeacon/collector/sample');
  const marker = dbPath === ':memory:' ? null : `${dbPath}.sample.json`;
  let made = now;
  let seeded = false;
  if (marker && existsSync(marker)) {
    made = new Date(JSON.parse(await readFile(marker, 'utf8')).now);
  } else {
    const { events } = sampleData({ ...SAMPLE, now });
    for (let i = 0; i < events.length; i += 500) {
      await store.insert(events.slice(i, i + 500), { receivedAt: now, userAgent: USER_AGENT });
    }
    if (marker) await writeFile(marker, JSON.stringify({ now: now.toISOString(), ...SAMPLE }) + '\n');
    seeded = true;
  }
  const { outcomes } = sampleData({ ...SAMPLE, now: made });
  await mkdir(dirname(crmPath), { recursive: true });
  // As HubSpot exports deals (one row per deal, its latest stage), with the hidden fields' lb_lead_id.
  await writeFile(crmPath, sampleHubspotDealsCsv(outcomes, timeZone));
  return { seeded, made, outcomes: outcomes.length };
}
