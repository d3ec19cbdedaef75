import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from './run-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advice } from '../src/advice/advise';
import { createCollector, createSqliteStore } from '../src/index';
import { sampleData, sampleOutcomesCsv } from '../src/sample';

/** `advise` as users run it (the built bin) and GET /api/advice, on the demo's 30 days of sample data. */
const TOKEN = 'advice-admin-token-0123456789';

describe('advise on the demo’s sample month', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-advise-'));
  const db = join(dir, 'leadbeacon.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // As the demo seeds it (scripts/demo-sample.mjs): 30 days, 1,500 visits, seed 12, and the CRM's file imported.
    const now = new Date();
    const { events, outcomes } = sampleData({ days: 30, visits: 1500, seed: 12, now });
    const store = createSqliteStore({ path: db });
    for (let i = 0; i < events.length; i += 500) await store.insert(events.slice(i, i + 500), { receivedAt: now, userAgent: 'demo' });
    await store.close();
    writeFileSync(join(dir, 'outcomes.csv'), sampleOutcomesCsv(outcomes));
    const imported = run(['import', 'outcomes', join(dir, 'outcomes.csv'), '--db', db]);
    expect(await imported.code, imported.stderr()).toBe(0);
  });

  it('prints the table, each step’s reason and the advice; --json gives the fixed interface', { timeout: 30_000 }, async () => {
    const text = run(['advise', '--db', db]);
    expect(await text.code, text.stderr()).toBe(0);
    console.log(`advise on the demo's month:\n${text.stdout()}`);
    expect(text.stdout()).toMatch(/^step +count +last 30 d +median d +p90 d +to won +learned VND +configured +role$/m);
    expect(text.stdout()).toMatch(/^qualified +\d+ +\d+ .* primary$/m);
    expect(text.stdout()).toContain('Bid on qualified: make it the primary conversion');

    const json = run(['advise', '--db', db, '--json']);
    expect(await json.code, json.stderr()).toBe(0);
    const advice = JSON.parse(json.stdout()) as Advice;
    expect(Object.keys(advice).sort()).toEqual(['advice', 'currency', 'primary', 'since', 'steps', 'until', 'valueDataDays']);
    expect(advice).toMatchObject({ currency: 'VND', primary: 'qualified', valueDataDays: 0 });
    expect(Date.parse(advice.until) - Date.parse(advice.since)).toBe(90 * 86_400_000);
    expect(advice.steps.map((s) => s.step)).toEqual(['form_submit', 'call_click', 'email_click', 'chat_start', 'qualified', 'won']);
    for (const s of advice.steps) {
      expect(s).toEqual(
        expect.objectContaining({
          count: expect.any(Number),
          last30: expect.any(Number),
          lagMedianDays: expect.any(Number),
          lagP90Days: expect.any(Number),
          rateToWon: expect.any(Number),
          role: s.step === 'qualified' ? 'primary' : 'secondary',
          reason: expect.stringMatching(new RegExp(`^${s.step}: `)),
        }),
      );
      expect(s.learnedValue === null || typeof s.learnedValue === 'number').toBe(true);
    }
    // The tracker's configured values of the sample site (VND).
    expect(advice.steps.find((s) => s.step === 'form_submit')!.configuredValue).toBe(200_000);
  });

  it('GET /api/advice answers the same, behind the admin token', async () => {
    const store = createSqliteStore({ path: db });
    const collector = await createCollector({ store, port: 0, adminToken: TOKEN });
    try {
      expect((await fetch(`${collector.url}/api/advice`)).status).toBe(401);
      const until = '2026-12-31T00:00:00Z';
      const res = await fetch(`${collector.url}/api/advice?until=${until}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const fromApi = (await res.json()) as Advice;
      const json = run(['advise', '--db', db, '--json', '--until', until]);
      expect(await json.code, json.stderr()).toBe(0);
      expect(fromApi).toEqual(JSON.parse(json.stdout()));
      const bad = await fetch(`${collector.url}/api/advice?since=yesterday`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(bad.status).toBe(400);
    } finally {
      await collector.close();
      await store.close();
    }
  });

  it('refuses a bad date with a usage error', async () => {
    const r = run(['advise', '--db', db, '--since', 'yesterday']);
    expect(await r.code).toBe(2);
    expect(r.stderr()).toContain('--since must be a date');
  });
});
