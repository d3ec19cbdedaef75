import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCollector, validBatch, validEvent } from '../src/index';
import type { EventType } from '@leadbeacon/collector';

describe('startCollector', () => {
  it('runs the built collector on 127.0.0.1 with a temp database it removes on close', async () => {
    const c = await startCollector();
    expect(c.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(c.dbPath)).toBe(true);
    await c.close();
    await c.close();
    expect(existsSync(c.dbPath)).toBe(false);
  });

  it('stores fixtures of every type, and waits for them', async () => {
    const c = await startCollector();
    try {
      const types: EventType[] = ['page_view', 'form_submit', 'call_click', 'email_click', 'chat_start', 'web_vital', 'identify', 'custom'];
      const res = await fetch(`${c.url}/collect`, {
        method: 'POST',
        body: JSON.stringify(validBatch(types.map((type) => validEvent({ type })))),
      });
      expect(await res.json()).toEqual({ accepted: 8, duplicates: 0 });
      expect(await c.waitForEvents(8)).toHaveLength(8);
      const leads = await c.waitForEvents((es) => es.length === 2, { filter: { type: ['form_submit', 'call_click'] } });
      expect(leads.map((e) => e.type)).toEqual(['form_submit', 'call_click']);
      expect(await c.events({ type: 'custom', since: new Date(Date.now() - 60_000) })).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('waitForEvents throws with what it saw', async () => {
    const c = await startCollector();
    try {
      await fetch(`${c.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch([validEvent({ type: 'call_click' })])) });
      await expect(c.waitForEvents(2, { timeout: 150 })).rejects.toThrow(
        /waiting for 2 event\(s\); saw 1:\n {2}#1 call_click \/contact \{"phone":"\+14155550123"/,
      );
    } finally {
      await c.close();
    }
  });
});
