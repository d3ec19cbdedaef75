import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leadbeacon/test-utils';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { ...process.env, SITE_PORT: '0', COLLECTOR_PORT: '0', LEADBEACON_DB: ':memory:' };

describe('npm run demo', () => {
  it('--smoke: serves the site and the script, and the collector stores a batch', () => {
    const r = spawnSync('node', ['scripts/demo.mjs', '--smoke', '--no-build'], { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('demo smoke ok');
    expect(r.status).toBe(0);
  });

  describe('the example landing page in Chromium', () => {
    let demo: ChildProcess;
    let browser: Browser;
    let site: string;
    let collector: string;

    beforeAll(async () => {
      demo = spawn('node', ['scripts/demo.mjs', '--no-build'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('demo did not print its URLs:\n' + out)), 20_000);
        demo.stdout!.on('data', (d: Buffer) => {
          out += d;
          const s = /Site \(.*\)\s+(http:\/\/\S+?)\/?\n/.exec(out);
          const c = /Collector live page\s+(http:\/\/\S+?)\/?\n/.exec(out);
          if (s && c) {
            clearTimeout(timer);
            site = s[1]!;
            collector = c[1]!;
            resolve();
          }
        });
        demo.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
      });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      if (demo && demo.exitCode === null) {
        const exited = new Promise((r) => demo.on('exit', r));
        demo.kill('SIGINT');
        await exited;
      }
    });

    const events = async (): Promise<{ type: string; name: string; props: Record<string, unknown>; page: { path: string } }[]> =>
      ((await (await fetch(collector + '/events')).json()) as { events: never[] }).events;
    const until = async (check: (es: Awaited<ReturnType<typeof events>>) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const es = await events();
        if (check(es)) return es;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('events did not arrive: ' + JSON.stringify(await events(), null, 1));
    };
    const fresh = async (): Promise<Page> => (await browser.newContext()).newPage();

    it('records every lead action of the page, and no lead for the site search', async () => {
      // One tel:/mailto: click per page (headless Chromium holds the page after an external protocol).
      let page = await fresh();
      await page.goto(site + '/');
      await page.click('.hero a[href^="tel:"]');
      page = await fresh();
      await page.goto(site + '/');
      await page.click('a[href^="mailto:"]');
      page = await fresh();
      await page.goto(site + '/');
      await page.click('.hero a[href^="https://wa.me"]');
      await page.fill('#q', 'cleaning');
      await Promise.all([page.waitForURL('**/services.html?q=cleaning'), page.press('#q', 'Enter')]);
      await page.goto(site + '/');
      await page.fill('#name', 'Tran Thi B');
      await page.fill('#phone', '0912 345 678');
      await page.fill('#email', 'b@example.com');
      await page.selectOption('#service', { index: 1 });
      await Promise.all([page.waitForURL('**/thanks.html'), page.click('#contact [type=submit]')]);
      const es = await until((all) => ['call_click', 'email_click', 'chat_start', 'form_submit'].every((t) => all.some((e) => e.type === t)) && all.some((e) => e.name === 'landing_viewed'));
      await new Promise((r) => setTimeout(r, 1000));
      const all = await events();
      const of = (t: string) => all.filter((e) => e.type === t);
      expect(of('call_click').map((e) => e.props.phone)).toEqual(['+84901234567']);
      expect(of('email_click').map((e) => e.props.email)).toEqual(['hello@saigonaircon.example']);
      expect(of('chat_start').map((e) => [e.props.provider, e.props.via])).toEqual([['whatsapp', 'link']]);
      expect(of('form_submit').map((e) => [e.props.formId, e.props.via])).toEqual([['contact', 'native']]);
      expect(JSON.stringify(all)).not.toContain('Tran Thi B');
      expect(es.length).toBeGreaterThan(4);

      // The live page lists what arrived.
      const live = await fresh();
      await live.goto(collector + '/');
      await live.getByText('form_submit').first().waitFor();
    });
  });
});
