import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { advise } from '../src/advice/advise';
import { runExport } from '../src/exports/run';
import { checkDestinations } from '../src/uploads/check';
import { readDestinationsConfig } from '../src/uploads/config';
import { runSync } from '../src/uploads/sync';
import { DAY, issueExample, seed } from './advice-fixture';
import { STORE_KINDS, storeTracker } from './stores';
import { startPlatforms, type Platforms } from './sync-fixture';

/** Learned values used (issue 24, point 4): a sync with `"values": "learned"` and the exports' `--values learned`. */
const stores = storeTracker();
const platforms: Platforms[] = [];
afterEach(async () => {
  await stores.closeAll();
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

/** The test servers, with `"values": "learned"` for Google only: Meta keeps the configured values. */
async function learnedForGoogle(): Promise<Platforms> {
  const p = await startPlatforms();
  platforms.push(p);
  const file = JSON.parse(readFileSync(p.configFile, 'utf8')) as { destinations: { google: Record<string, unknown> } };
  file.destinations.google.values = 'learned';
  writeFileSync(p.configFile, JSON.stringify(file));
  return { ...p, config: readDestinationsConfig(p.configFile) };
}

describe.each(STORE_KINDS)('%s store: learned values in uploads and exports', (kind) => {
  it('Google gets each step with its learned value for the lead’s channel; Meta the configured one; a won sale keeps its own', async () => {
    const p = await learnedForGoogle();
    expect(p.config.google!.config!.values).toBe('learned');
    expect(p.config.meta!.config!.values).toBeUndefined();
    const store = await stores.open(kind);
    const now = new Date();
    await seed(store, now, [
      ...issueExample(),
      // Fresh leads (young: out of the rates, so the learned values stay the issue's).
      { id: 'fresh-g', ageDays: 2, paid: true, value: 50, outcomes: [{ status: 'qualified', after: 1 }] },
      { id: 'fresh-m', ageDays: 1, meta: true, value: 50 },
    ]);
    await runSync({ store, config: p.config, timeoutMs: 2000, firstBackoffMs: 50 });
    const google = (transactionId: string) => p.google.accepted().find((e) => e.transactionId === transactionId)?.event;
    // form_submit, Paid Search: (100·150 + 100·100) / 200 = 125; qualified, Paid Search: 384.62 (advice.test.ts).
    expect(google('fresh-g:form_submit')).toMatchObject({ conversionValue: 125, currency: 'USD' });
    expect(google('won-0:form_submit')).toMatchObject({ conversionValue: 125, currency: 'USD' });
    expect(google('won-19:form_submit')).toBeUndefined(); // direct, no click id: not a Google conversion
    const qualified = p.google.accepted().filter((e) => e.conversionActionId === '333' && e.transactionId.length > 40);
    expect(qualified.map((e) => e.event.conversionValue)).toContain(384.62);
    const won = p.google.accepted().filter((e) => e.conversionActionId === '444');
    expect(won.length).toBe(15);
    expect(won.every((e) => e.event.conversionValue === 1000)).toBe(true);
    // Meta: configured, so the tracker's 50.
    const lead = p.meta.accepted().find((e) => e.event.event_id === 'fresh-m')!.event;
    expect(lead).toMatchObject({ event_name: 'Lead', custom_data: { value: 50, currency: 'USD' } });

    // The learned values change (10 more won): nothing already uploaded is sent again with the new value.
    const before = p.google.accepted().length;
    await seed(
      store,
      now,
      Array.from({ length: 10 }, (_, j) => ({
        id: `late-${j}`,
        ageDays: 30 + j,
        paid: true,
        outcomes: [{ status: 'won', after: 5, value: 5000 }],
      })),
    );
    expect((await advise(store, { until: now })).steps[0]!.learnedValue).not.toBe(100);
    await runSync({ store, config: p.config, timeoutMs: 2000, firstBackoffMs: 50 });
    const again = p.google.accepted().slice(before);
    expect(again.some((e) => e.transactionId === 'fresh-g:form_submit' || e.transactionId === 'won-0:form_submit')).toBe(false);
    expect(again.every((e) => e.transactionId.startsWith('late-') || e.conversionActionId === '444')).toBe(true);

    // Days of value data: counted from the first upload of a valued step.
    expect((await advise(store, { until: new Date(now.getTime() + 12.5 * DAY) })).valueDataDays).toBe(12);
  });

  it('exports take --values learned', async () => {
    const store = await stores.open(kind);
    const now = new Date('2026-12-01T00:00:00Z');
    await seed(store, now, issueExample());
    const options = { since: new Date(now.getTime() - 90 * DAY), until: now, now };
    const configured = await runExport(store, 'google-ads', options);
    const learned = await runExport(store, 'google-ads', { ...options, values: 'learned' });
    const row = (text: string, gclid: string) => text.split('\n').find((l) => l.startsWith(`${gclid},`));
    expect(row(configured.text, 'G-plain-0')).toMatch(/,form_submit,[^,]+,50,USD$/);
    expect(row(learned.text, 'G-plain-0')).toMatch(/,form_submit,[^,]+,125,USD$/);
    expect(learned.written).toBe(configured.written);
  });
});

describe('"values" in the config', () => {
  it('is configured by default, learned when asked, and a problem when anything else', async () => {
    const p = await learnedForGoogle();
    const report = await checkDestinations(p.config, 2000);
    expect(report.lines.find((l) => l.includes('conversion actions'))).toMatch(/\(values: learned\)$/);
    expect(report.lines.find((l) => l.includes('  events '))).not.toContain('values');
    const file = JSON.parse(readFileSync(p.configFile, 'utf8')) as { destinations: { meta: Record<string, unknown> } };
    file.destinations.meta.values = 'guessed';
    writeFileSync(p.configFile, JSON.stringify(file));
    const config = readDestinationsConfig(p.configFile);
    expect(config.meta).toEqual({ problems: ['destinations.meta.values must be "configured" or "learned"'] });
    expect(config.google!.config!.values).toBe('learned');
  });
});
