import { describe, expect, it } from 'vitest';
import { findChromium, launchChromium, startCollector, validBatch, validEvent } from '../src/index';

describe('findChromium', () => {
  it('says how to install a browser when there is none', () => {
    const saved = process.env.CHROME_PATH;
    delete process.env.CHROME_PATH;
    try {
      expect(() => findChromium(['/nonexistent/chromium'])).toThrow(/apt-get install chromium.*CHROME_PATH/);
    } finally {
      if (saved !== undefined) process.env.CHROME_PATH = saved;
    }
  });

  it('rejects a CHROME_PATH that does not exist', () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = '/nonexistent/chrome';
    try {
      expect(() => findChromium()).toThrow(/CHROME_PATH is set to \/nonexistent\/chrome/);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
});

describe('launchChromium', () => {
  it("drives the collector's live page: rows arrive over SSE, rendered as text", { timeout: 30_000 }, async () => {
    const collector = await startCollector();
    const browser = await launchChromium();
    try {
      const evil = '<img src=x onerror="window.pwned=1">';
      await fetch(`${collector.url}/collect`, { method: 'POST', body: JSON.stringify(validBatch([validEvent({ type: 'custom', name: `first ${evil}` })])) });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${collector.url}/`);
      await page.locator('#status[data-state=live]').waitFor();
      await fetch(`${collector.url}/collect`, {
        method: 'POST',
        body: JSON.stringify(validBatch([validEvent({ type: 'form_submit', props: { formId: evil, fieldNames: ['email'], via: 'native' } })])),
      });
      await page.locator('#rows tr', { hasText: 'form_submit' }).waitFor();
      const rows = await page.locator('#rows tr').allInnerTexts();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain(`formId: ${evil}`); // newest on top, markup shown as text
      expect(rows[1]).toContain(`custom / first ${evil}`);
      expect(await page.locator('#count').innerText()).toBe('2');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('#rows img').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await collector.close();
    }
  });
});
