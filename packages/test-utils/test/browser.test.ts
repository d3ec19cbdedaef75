import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, launchChromium, serveStatic, startCollector, validBatch, validEvent } from '../src/index';
import { extractNpmChromium } from '../src/npm-chromium';

async function withEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await run();
  } finally {
    apply(saved);
  }
}

describe('findChromium', () => {
  it('rejects a CHROME_PATH that does not exist', async () => {
    await withEnv({ CHROME_PATH: '/nonexistent/chrome', LEADBEACON_BROWSER: undefined }, async () => {
      await expect(findChromium()).rejects.toThrow(/CHROME_PATH is set to \/nonexistent\/chrome/);
    });
  });

  it('takes the first installed system browser, before the npm one', async () => {
    await withEnv({ CHROME_PATH: undefined, LEADBEACON_BROWSER: undefined }, async () => {
      const found = await findChromium({
        candidates: ['/nonexistent/chromium', process.execPath],
        npmChromium: () => Promise.reject(new Error('not asked')),
      });
      expect(found).toEqual({ executablePath: process.execPath, origin: 'system', env: {} });
    });
  });

  it('falls back to the Chromium inside the npm package when none is installed', async () => {
    await withEnv({ CHROME_PATH: undefined, LEADBEACON_BROWSER: undefined }, async () => {
      const found = await findChromium({ candidates: ['/nonexistent/chromium'] });
      expect(found.origin).toBe('npm');
      expect(found.executablePath).toMatch(/node_modules\/\.cache\/leadbeacon-chromium\/[\d.]+\/chromium$/);
      expect(existsSync(found.executablePath)).toBe(true);
      expect(existsSync(found.env.FONTCONFIG_FILE!)).toBe(true);
    });
  });

  it('LEADBEACON_BROWSER=npm chooses the npm Chromium over CHROME_PATH and installed ones', async () => {
    await withEnv({ CHROME_PATH: process.execPath, LEADBEACON_BROWSER: 'npm' }, async () => {
      expect((await findChromium({ candidates: [process.execPath] })).origin).toBe('npm');
    });
  });

  it('says how to get a browser when there is none and the npm one cannot be unpacked', async () => {
    await withEnv({ CHROME_PATH: undefined, LEADBEACON_BROWSER: undefined }, async () => {
      const failing = () => Promise.reject(new Error('ENOENT chromium.br'));
      await expect(findChromium({ candidates: ['/nonexistent/chromium'], npmChromium: failing })).rejects.toThrow(
        /No Chromium found \(looked at \/nonexistent\/chromium\).*ENOENT chromium\.br.*apt-get install chromium.*CHROME_PATH/,
      );
    });
  });

  it('unpacks into place once when several ask at the same time, leaving no partial copy', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'leadbeacon-chromium-test-'));
    try {
      const all = await Promise.all([extractNpmChromium(cache), extractNpmChromium(cache), extractNpmChromium(cache)]);
      expect(new Set(all.map((a) => a.executablePath)).size).toBe(1);
      expect(readdirSync(cache)).toHaveLength(1); // the version folder; every staging copy removed
      expect(statSync(all[0]!.executablePath).size).toBeGreaterThan(100_000_000);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('launchChromium', () => {
  it("drives the collector's live page: rows arrive over SSE, rendered as text", { timeout: 30_000 }, async () => {
    const collector = await startCollector();
    const browser = await launchChromium();
    try {
      const evil = '<img src=x onerror="window.pwned=1">';
      await fetch(`${collector.url}/collect`, {
        method: 'POST',
        body: JSON.stringify(validBatch([validEvent({ type: 'custom', name: `first ${evil}` })])),
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${collector.url}/`);
      await page.locator('#status[data-state=live]').waitFor();
      await fetch(`${collector.url}/collect`, {
        method: 'POST',
        body: JSON.stringify(
          validBatch([validEvent({ type: 'form_submit', props: { formId: evil, fieldNames: ['email'], via: 'native' } })]),
        ),
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

  it('a page keeps taking clicks after links to other applications (no "Open xdg-open?" dialog on any build)', async () => {
    const page = `<a id="tel" href="tel:0901">Call</a> <a id="mail" href="mailto:a@example.com">Mail</a>
      <span id="stop"><a id="sms" href="sms:0901">SMS</a></span> <div id="host"></div>
      <button id="count" onclick="window.clicks = (window.clicks || 0) + 1">count</button>
      <script>
        document.getElementById('stop').addEventListener('click', (e) => e.stopPropagation());
        document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<a id="inner" href="tel:0902">Call</a>';
      </script>`;
    const site = await serveStatic(tmpdir(), {
      routes: { 'GET /links.html': (_req, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page) },
    });
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`${site.url}/links.html`);
      for (const link of ['#tel', '#mail', '#sms', '#host >> #inner']) {
        await tab.click(link);
        await tab.waitForTimeout(500); // the dialog, where a build shows one, takes over after a moment
        await tab.click('#count');
      }
      await tab.click('#tel', { button: 'middle' });
      await tab.waitForTimeout(500);
      await tab.click('#count');
      expect(await tab.evaluate(() => (window as unknown as { clicks?: number }).clicks)).toBe(5);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
