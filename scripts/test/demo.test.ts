import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leadbeacon/test-utils';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'leadbeacon-demo-test-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const ENV = {
  ...process.env,
  SITE_PORT: '0',
  COLLECTOR_PORT: '0',
  LEADBEACON_DB: ':memory:',
  LEADBEACON_DEMO_CRM: join(TMP, 'memory-crm.csv'),
};
delete (ENV as Record<string, string | undefined>).LEADBEACON_ADMIN_TOKEN;

interface Demo {
  process: ChildProcess;
  site: string;
  collector: string;
  dashboard: string;
  token: string;
}

/** Starts `npm run demo` (without the build) and reads the URLs and token it prints. */
async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
  const child = spawn('node', ['scripts/demo.mjs', '--no-build'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise<Demo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo did not print its URLs:\n' + out)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const site = /Site \(.*\)\s+(http:\/\/\S+?)\/?\n/.exec(out)?.[1];
      const collector = /Collector live page\s+(http:\/\/\S+?)\/?\n/.exec(out)?.[1];
      const dashboard = /Dashboard \(signs you in\)\s+(http:\/\/\S+)\n/.exec(out)?.[1];
      const token = /Admin token\s+(\S+)\n/.exec(out)?.[1];
      if (site && collector && dashboard && token) {
        clearTimeout(timer);
        resolve({ process: child, site, collector, dashboard, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

async function stopDemo(demo: Demo | undefined): Promise<void> {
  if (!demo || demo.process.exitCode !== null) return;
  const exited = new Promise((r) => demo.process.on('exit', r));
  demo.process.kill('SIGINT');
  await exited;
}

describe('npm run demo', () => {
  it('--smoke: serves the site and the script, the collector stores a batch, the dashboard needs the token', () => {
    const r = spawnSync('node', ['scripts/demo.mjs', '--smoke', '--no-build'], { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('demo smoke ok');
    expect(r.status).toBe(0);
  });

  describe('the example landing page in Chromium', () => {
    let demo: Demo;
    let browser: Browser;

    beforeAll(async () => {
      demo = await startDemo(ENV);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await stopDemo(demo);
    });

    type Listed = { id: string; type: string; name: string; props: Record<string, unknown>; page: { path: string } };
    // The demo seeds sample traffic (ids sample-…): only what this test's clicks sent counts here.
    const events = async (): Promise<Listed[]> =>
      (
        (await (await fetch(demo.collector + '/events?limit=10000', { headers: { authorization: `Bearer ${demo.token}` } })).json()) as {
          events: Listed[];
        }
      ).events.filter((e) => !e.id.startsWith('sample-'));
    const until = async (check: (es: Listed[]) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const es = await events();
        if (check(es)) return es;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('events did not arrive: ' + JSON.stringify(await events(), null, 1));
    };
    const fresh = async (): Promise<Page> => (await browser.newContext()).newPage();

    it.each([
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fREADME.md',
      '/..%5c..%5cpackage.json',
      '/.git/config',
      '/%00',
      '/leadbeacon.min.js/../../../../package.json',
    ])('serves nothing outside its folders: %s', async (path) => {
      // Raw request: fetch() would resolve the dot segments before sending.
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${demo.site}/`, { path }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end();
      });
      // Dot segments the URL itself resolves (/../x is /x) may name a file of the site: that one, or nothing.
      const inside = join(ROOT, 'examples', 'plain-html', new URL(path, 'http://site').pathname);
      if (status === 200) expect(body).toBe(readFileSync(inside, 'utf8'));
      else expect([400, 404]).toContain(status);
      expect(body).not.toContain('leadbeacon-monorepo');
      expect(body).not.toContain('[core]');
    });

    it('records every lead action of the page, and no lead for the site search', async () => {
      // One tel:/mailto: click per page (headless Chromium holds the page after an external protocol).
      let page = await fresh();
      await page.goto(demo.site + '/');
      await page.click('.hero a[href^="tel:"]');
      page = await fresh();
      await page.goto(demo.site + '/');
      await page.click('a[href^="mailto:"]');
      page = await fresh();
      await page.goto(demo.site + '/');
      await page.click('.hero a[href^="https://wa.me"]');
      await page.fill('#q', 'cleaning');
      await Promise.all([page.waitForURL('**/services.html?q=cleaning'), page.press('#q', 'Enter')]);
      await page.goto(demo.site + '/');
      await page.fill('#name', 'Tran Thi B');
      await page.fill('#phone', '0912 345 678');
      await page.fill('#email', 'b@example.com');
      await page.selectOption('#service', { index: 1 });
      await Promise.all([page.waitForURL('**/thanks.html'), page.click('#contact [type=submit]')]);
      const es = await until(
        (all) =>
          ['call_click', 'email_click', 'chat_start', 'form_submit'].every((t) => all.some((e) => e.type === t)) &&
          all.some((e) => e.name === 'landing_viewed'),
      );
      await new Promise((r) => setTimeout(r, 1000));
      const all = await events();
      const of = (t: string) => all.filter((e) => e.type === t);
      expect(of('call_click').map((e) => e.props.phone)).toEqual(['+84901234567']);
      expect(of('email_click').map((e) => e.props.email)).toEqual(['hello@saigonaircon.example']);
      expect(of('chat_start').map((e) => [e.props.provider, e.props.via])).toEqual([['whatsapp', 'link']]);
      expect(of('form_submit').map((e) => [e.props.formId, e.props.via])).toEqual([['contact', 'native']]);
      expect(JSON.stringify(all)).not.toContain('Tran Thi B');
      expect(es.length).toBeGreaterThan(4);

      // The live page lists what arrived, once signed in with the printed link.
      const live = await fresh();
      await live.goto(demo.dashboard);
      await live.goto(demo.collector + '/');
      await live.getByText('form_submit').first().waitFor();
    });
  });

  describe('the loop as packages/collector/README.md walks through it', () => {
    const readme = readFileSync(join(ROOT, 'packages', 'collector', 'README.md'), 'utf8');
    // The walkthrough's commands, run here against a database and CRM file of the test's own.
    const COMMANDS = [
      'npx leadbeacon-collector import outcomes examples/crm/hubspot-deals.csv --db .demo/leadbeacon.sqlite --preset hubspot-deals --map examples/crm/hubspot-mapping.json --timezone Asia/Ho_Chi_Minh',
      'npx leadbeacon-collector export google-ads --db .demo/leadbeacon.sqlite --timezone Asia/Ho_Chi_Minh --name form_submit="Lead form" --name call_click="Phone call" --name won=Sale --out .demo/google-ads.csv',
      'npx leadbeacon-collector export google-ads-enhanced-leads --db .demo/leadbeacon.sqlite --timezone Asia/Ho_Chi_Minh --name won=Sale --out .demo/enhanced-leads.csv',
      'npx leadbeacon-collector export meta-capi --db .demo/leadbeacon.sqlite --out .demo/meta-capi.json',
    ];
    const dir = join(TMP, 'loop');
    const crm = join(TMP, 'crm', 'hubspot-deals.csv');
    let demo: Demo;
    let browser: Browser;
    let page: Page;
    let bookedLead = '';

    beforeAll(async () => {
      demo = await startDemo({ ...ENV, LEADBEACON_DB: join(dir, 'leadbeacon.sqlite'), LEADBEACON_DEMO_CRM: crm });
      browser = await launchChromium();
      page = await (await browser.newContext()).newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await stopDemo(demo);
    });

    const run = (command: string) =>
      spawnSync('sh', ['-c', command.replaceAll('.demo/', dir + '/').replace('examples/crm/hubspot-deals.csv', crm)], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const figure = async (kpi: string) => Number((await page.locator(`[data-kpi=${kpi}]`).textContent())!.replace(/,/g, ''));

    it('README shows these exact commands', () => {
      for (const command of COMMANDS) expect(readme).toContain(command);
    });

    it('signs in from the printed link; the seeded leads show, outcomes not yet', async () => {
      await page.goto(demo.dashboard);
      expect(page.url()).toMatch(/\/dashboard$/);
      expect(await figure('leads')).toBeGreaterThan(50);
      expect(await figure('visits')).toBeGreaterThan(1000);
      expect(await figure('won')).toBe(0);
      expect(readFileSync(crm, 'utf8').split('\n')[0]).toBe(
        'Record ID,Deal Name,Pipeline,Deal Stage,Amount,Currency,Close Date,Associated Contact,lb_lead_id,lb_gclid',
      );
    });

    it('a booking on the site becomes a deal in the CRM file, carrying the lead id its hidden field was given', async () => {
      const visitor = await (await browser.newContext()).newPage();
      await visitor.goto(demo.site + '/?utm_source=google&utm_medium=cpc&gclid=CjDemoClick');
      await visitor.fill('#name', 'Le Van C');
      await visitor.fill('#phone', '0912 345 678');
      await visitor.fill('#email', 'c@example.com');
      await visitor.selectOption('#service', { index: 1 });
      await Promise.all([visitor.waitForURL('**/thanks.html'), visitor.click('#contact [type=submit]')]);
      const last = readFileSync(crm, 'utf8').trim().split('\n').at(-1)!.split(',');
      expect(last[3]).toBe('Qualified To Buy');
      expect(last[7]).toBe('Le Van C (c@example.com)');
      expect(last[8]).toMatch(/^[0-9a-f-]{36}$/);
      expect(last[9]).toBe('CjDemoClick');
      bookedLead = last[8]!;
      // The lead the tracker sent has that id.
      for (let i = 0; i < 100; i++) {
        const res = await fetch(demo.collector + '/events?type=form_submit&limit=10000', {
          headers: { authorization: `Bearer ${demo.token}` },
        });
        if (((await res.json()) as { events: { id: string }[] }).events.some((e) => e.id === bookedLead)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the lead ' + bookedLead + ' did not arrive');
    });

    it('imports the sample CRM file: every outcome matched, the booking by its lead id; the dashboard then shows qualified and won leads', async () => {
      const r = run(COMMANDS[0]!);
      const byKey = /matched by: (.*)/.exec(r.stdout)?.[1];
      console.log(`demo import, matched by: ${byKey}`);
      expect(byKey).toMatch(/^leadId \d+, email \d+$/);
      expect(r.status, r.stderr).toBe(0);
      const rows = readFileSync(crm, 'utf8').trim().split('\n').length - 1;
      expect(r.stdout).toContain(`${rows} outcomes read: ${rows} new, 0 updated, 0 unchanged, 0 rejected`);
      expect(r.stdout).toContain(`${rows} matched to a lead, 0 kept without a lead`);
      await page.reload();
      expect(await figure('qualified')).toBeGreaterThan(0);
      expect(await figure('won')).toBeGreaterThan(0);
    });

    it('exports a file for each platform, with its report beside it', () => {
      for (const [command, file] of [
        [COMMANDS[1]!, 'google-ads.csv'],
        [COMMANDS[2]!, 'enhanced-leads.csv'],
        [COMMANDS[3]!, 'meta-capi.json'],
      ] as const) {
        const r = run(command);
        expect(r.status, r.stderr).toBe(0);
        const written = Number(/: (\d+) written/.exec(r.stdout)?.[1]);
        expect(written, `${file}: ${r.stdout}`).toBeGreaterThan(0);
        const text = readFileSync(join(dir, file), 'utf8');
        if (file.endsWith('.json')) expect((JSON.parse(text) as { data: unknown[] }).data).toHaveLength(written);
        else expect(text.trim().split('\n')).toHaveLength(written + 2); // the time zone row and the header
        expect(readFileSync(join(dir, file.replace(/\.\w+$/, '.report.csv')), 'utf8')).toMatch(/^Reason,Step,/);
      }
      expect(readFileSync(join(dir, 'google-ads.csv'), 'utf8')).toContain('Lead form');
    });
  });
});
