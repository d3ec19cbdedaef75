import { afterEach, describe, expect, it } from 'vitest';
import { advise } from '../src/advice/advise';
import { percentile } from '../src/advice/journeys';
import { adviceCache } from '../src/dashboard/advice-cache';
import { DAY, issueExample, seed, type SeedLead } from './advice-fixture';
import { STORE_KINDS, storeTracker } from './stores';

/** Issue 24 on synthetic stores with known rates, delays and values, each figure computed by hand. */
const stores = storeTracker();
afterEach(() => stores.closeAll());
const NOW = new Date('2026-12-01T00:00:00Z');

describe('percentile', () => {
  it('interpolates between the closest ranks (numpy and Excel PERCENTILE.INC)', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(percentile([0, 10], 0.9)).toBe(9);
  });
});

describe("the dashboard's advice cache", () => {
  it('computes the advice at most once a minute per range end; a range into today ends now', async () => {
    const store = await stores.open('sqlite');
    await seed(store, NOW, issueExample());
    const cached = adviceCache(store, 60_000);
    const t = NOW.getTime();
    const first = cached(new Date(t + DAY), t); // the range runs into today: until now
    expect(cached(new Date(t + 2 * DAY), t + 59_000)).toBe(first);
    expect((await first).until).toBe(NOW.toISOString());
    const later = cached(new Date(t + DAY), t + 60_000);
    expect(later).not.toBe(first);
    expect((await later).until).toBe(new Date(t + 60_000).toISOString());
    const past = cached(new Date(t - 40 * DAY), t + 60_000);
    expect((await past).until).toBe(new Date(t - 40 * DAY).toISOString());
    expect(cached(new Date(t - 40 * DAY), t + 61_000)).toBe(past);
  });
});

describe.each(STORE_KINDS)('%s store: advise', (kind) => {
  it("the issue's example: the learned values, per channel, and qualified as the primary step", async () => {
    const store = await stores.open(kind);
    await seed(store, NOW, issueExample());
    const advice = await advise(store, { until: NOW });
    expect(advice).toMatchObject({
      since: new Date(NOW.getTime() - 90 * DAY).toISOString(),
      until: NOW.toISOString(),
      currency: 'USD',
      primary: 'qualified',
      valueDataDays: 0,
    });
    const [form, qualified, won] = advice.steps;
    // 20 of 200 won at 1,000: 0.1 × 1,000 = 100. Paid Search 15 of 100 (150), Direct 5 of 100 (50), k = 10 / 0.1 = 100 leads:
    // (100·150 + 100·100) / 200 = 125 and (100·50 + 100·100) / 200 = 75.
    expect(form).toMatchObject({
      step: 'form_submit',
      count: 200,
      last30: 74,
      lagMedianDays: 0,
      lagP90Days: 0,
      rateToWon: 0.1,
      learnedValue: 100,
      configuredValue: 50,
      role: 'secondary',
      byChannel: { Direct: 75, 'Paid Search': 125 },
    });
    expect(form!.reason).toBe(
      'form_submit: 74 in 30 days, median 0 days after the click: enough and soon enough, but qualified is deeper: secondary; learned value 100 USD: 20 of 200 won, 1,000 USD on average',
    );
    // 20 of 60 won: 333.33. Paid Search 15 of 35, Direct 5 of 25, k = 10 / (1/3) = 30:
    // (35·428.57 + 30·333.33) / 65 = 25,000 / 65 = 384.62 and (25·200 + 30·333.33) / 55 = 15,000 / 55 = 272.73.
    expect(qualified).toMatchObject({
      step: 'qualified',
      count: 60,
      last30: 40,
      lagMedianDays: 1,
      lagP90Days: 1,
      rateToWon: 0.3333,
      learnedValue: 333.33,
      role: 'primary',
      byChannel: { Direct: 272.73, 'Paid Search': 384.62 },
    });
    expect(qualified!.configuredValue).toBeUndefined();
    expect(qualified!.reason).toMatch(
      /^qualified: 40 in 30 days, median 1 day after the click: the deepest step with enough conversions soon enough: bid on it \(primary\); learned value 333\.33 USD/,
    );
    expect(won).toMatchObject({
      step: 'won',
      count: 20,
      last30: 0,
      lagMedianDays: 10,
      rateToWon: 1,
      learnedValue: 1000,
      configuredValue: 1000,
    });
    expect(won!.reason).toMatch(
      /^won: 0 in 30 days, median 10 days after the click: too few and too late to bid on; learned value 1,000 USD/,
    );
    expect(advice.advice[0]).toBe(
      'Bid on qualified: make it the primary conversion; keep form_submit, won as secondary (observed, not bid on).',
    );
  });

  it('no outcomes yet: no learned value, the configured one kept, the currency from the leads', async () => {
    const store = await stores.open(kind);
    const leads: SeedLead[] = Array.from({ length: 40 }, (_, j) => ({ id: `l${j}`, ageDays: 1 + (j % 9), value: 20 }));
    await seed(store, NOW, leads);
    const advice = await advise(store, { until: NOW });
    expect(advice).toMatchObject({ currency: 'USD', primary: 'form_submit' });
    expect(advice.steps).toEqual([
      expect.objectContaining({
        step: 'form_submit',
        count: 40,
        last30: 40,
        rateToWon: 0,
        learnedValue: null,
        configuredValue: 20,
        role: 'primary',
      }),
    ]);
    expect(advice.steps[0]!.reason).toContain('configured value kept: none of its leads won yet');
  });

  it('an empty store: no step, no currency, no primary', async () => {
    const store = await stores.open(kind);
    const advice = await advise(store, { until: NOW });
    expect(advice).toMatchObject({ currency: null, primary: null, steps: [], valueDataDays: 0 });
    expect(advice.advice[0]).toMatch(/^No step has 30 conversions in 30 days/);
  });

  it('one currency mixed with another: the most common one, the other left out of the average and counted', async () => {
    const store = await stores.open(kind);
    const leads: SeedLead[] = Array.from({ length: 30 }, (_, j) => ({
      id: `m${j}`,
      ageDays: 20 + j,
      outcomes:
        j < 12 ? [{ status: 'won', after: 2, value: 1000 }] : j < 15 ? [{ status: 'won', after: 2, value: 900, currency: 'EUR' }] : [],
    }));
    await seed(store, NOW, leads);
    const advice = await advise(store, { until: NOW });
    expect(advice.currency).toBe('USD');
    const form = advice.steps.find((s) => s.step === 'form_submit')!;
    // 15 of 30 won (the EUR ones count as won); the average is of the 12 USD ones: 0.5 × 1,000.
    expect(form).toMatchObject({ rateToWon: 0.5, learnedValue: 500 });
    expect(form.reason).toContain('3 won in EUR left out of the value (not converted)');
    expect(advice.steps.find((s) => s.step === 'won')).toMatchObject({ count: 15, learnedValue: 1000 });
  });

  it('a step with 3 leads: too few to bid on, and its configured value kept', async () => {
    const store = await stores.open(kind);
    const form: SeedLead[] = Array.from({ length: 50 }, (_, j) => ({
      id: `f${j}`,
      ageDays: 2 + j / 2,
      outcomes: j < 10 ? [{ status: 'won', after: 1, value: 200 }] : [],
    }));
    const chats: SeedLead[] = [0, 1, 2].map((j) => ({
      id: `c${j}`,
      type: 'chat_start',
      ageDays: 15 + j,
      value: 30,
      outcomes: j === 0 ? [{ status: 'won', after: 1, value: 500 }] : [],
    }));
    await seed(store, NOW, [...form, ...chats]);
    const advice = await advise(store, { until: NOW });
    expect(advice.steps.map((s) => s.step)).toEqual(['form_submit', 'chat_start', 'won']);
    const chat = advice.steps.find((s) => s.step === 'chat_start')!;
    expect(chat).toMatchObject({ count: 3, rateToWon: 0.3333, learnedValue: null, configuredValue: 30, role: 'secondary' });
    expect(chat.reason).toBe(
      'chat_start: 3 in 30 days, median 0 days after the click: too few to bid on (30 in 30 days needed); configured value kept: 1 won lead with a value behind it, 10 needed',
    );
    // 10 of 50 form leads won at 200: 40.
    expect(advice.steps[0]).toMatchObject({ learnedValue: 40, role: 'primary' });
  });

  it('young leads (younger than the 90th-percentile delay to won) are left out of the rates', async () => {
    const store = await stores.open(kind);
    const old: SeedLead[] = Array.from({ length: 100 }, (_, j) => ({
      id: `o${j}`,
      ageDays: 20 + (j % 60),
      outcomes: j < 10 ? [{ status: 'won', after: 10, value: 300 }] : [],
    }));
    const young: SeedLead[] = Array.from({ length: 50 }, (_, j) => ({ id: `y${j}`, ageDays: 2 + (j % 7) }));
    await seed(store, NOW, [...old, ...young]);
    const advice = await advise(store, { until: NOW });
    const form = advice.steps[0]!;
    // 10 of the 100 old enough, not 10 of 150: 0.1 × 300.
    expect(form).toMatchObject({ count: 150, rateToWon: 0.1, learnedValue: 30 });
    expect(form.reason).toContain('50 leads younger than 10 days (the 90th-percentile delay to won) left out of the rate');
  });

  it('lead types are equally deep: the one with the most in 30 days is primary; a custom status sits by its delay', async () => {
    const store = await stores.open(kind);
    const forms: SeedLead[] = Array.from({ length: 60 }, (_, j) => ({
      id: `f${j}`,
      ageDays: 5 + j / 4,
      outcomes: j < 20 ? [{ status: 'appointment', after: 3 }] : [],
    }));
    const calls: SeedLead[] = Array.from({ length: 40 }, (_, j) => ({ id: `c${j}`, type: 'call_click', ageDays: 5 + j / 4 }));
    await seed(store, NOW, [...forms, ...calls]);
    const advice = await advise(store, { until: NOW });
    expect(advice.steps.map((s) => [s.step, s.last30, s.lagMedianDays, s.role])).toEqual([
      ['form_submit', 60, 0, 'primary'],
      ['call_click', 40, 0, 'secondary'],
      ['appointment', 20, 3, 'secondary'],
    ]);
    expect(advice.steps[1]!.reason).toMatch(
      /^call_click: 40 in 30 days, median 0 days after the click: enough and soon enough, but form_submit is the stronger signal \(more in 30 days\): secondary;/,
    );
  });

  it('--since/--until bound the window; outcomes after until are not known yet', async () => {
    const store = await stores.open(kind);
    await seed(store, NOW, issueExample());
    const until = new Date(NOW.getTime() - 35 * DAY);
    const advice = await advise(store, { since: new Date(NOW.getTime() - 60 * DAY), until });
    // The 20 won leads are 40.5–59.5 days old (all in the window), won 30.5 + j days ago: before `until` (35 days ago) for j >= 5.
    const won = advice.steps.find((s) => s.step === 'won');
    expect(won?.count).toBe(15);
    await expect(advise(store, { since: NOW, until: NOW })).rejects.toThrow(/must be before/);
  });
});
