import type { IncomingMessage } from 'node:http';
import { validBatch } from '@leadbeacon/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector } from '../src/index';
import type { Collector, CollectorOptions } from '../src/index';
import { createAdminAuth, isLoopback } from '../src/auth';

const TOKEN = 'test-admin-token-0123456789';
const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
async function start(options: CollectorOptions = {}): Promise<Collector & { lines: string[] }> {
  const lines: string[] = [];
  const c = await createCollector({ port: 0, dbPath: ':memory:', log: (l) => lines.push(l), ...options });
  open.push(c);
  return Object.assign(c, { lines });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every route that reads leads, and how a refusal looks on it. */
const READS: [string, 'html' | 'json'][] = [
  ['/', 'html'],
  ['/dashboard', 'html'],
  ['/events', 'json'],
  ['/events/stream', 'json'],
  ['/api/dashboard', 'json'],
  ['/exports/google-ads', 'json'],
  ['/exports/meta-capi/report', 'json'],
];

describe('with an admin token', () => {
  it.each(READS)('%s answers 401 without the token and 200 with it as Bearer', async (path, kind) => {
    const c = await start({ adminToken: TOKEN });
    const refused = await fetch(c.url + path);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="leadbeacon"');
    if (kind === 'html')
      expect(await refused.text()).toContain('name="token"'); // the sign-in form
    else expect(await refused.json()).toEqual({ error: 'admin token required' });
    const ok = await fetch(c.url + path, { headers: bearer(TOKEN) });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it('POST /api/outcomes needs the Bearer token; the sign-in cookie is not enough', async () => {
    const c = await start({ adminToken: TOKEN });
    const body = JSON.stringify({ outcomes: [{ event_id: 'x', status: 'won', time: '2026-11-02T00:00:00Z' }] });
    expect((await fetch(c.url + '/api/outcomes', { method: 'POST', body })).status).toBe(401);
    const signIn = await fetch(c.url + '/login', { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(c.url + '/api/outcomes', { method: 'POST', body, headers: { cookie } })).status).toBe(401);
    expect((await fetch(c.url + '/api/outcomes', { method: 'POST', body, headers: bearer(TOKEN) })).status).toBe(200);
  });

  it('logs a wrong token without the token, and refuses it', async () => {
    const c = await start({ adminToken: TOKEN });
    const wrong = 'wrong-token-guess-' + 'x'.repeat(20);
    const res = await fetch(c.url + '/events', { headers: bearer(wrong) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'wrong admin token' });
    await fetch(c.url + '/login', { method: 'POST', body: new URLSearchParams({ token: wrong }) });
    expect(c.lines).toContain('GET /events 401 wrong admin token');
    expect(c.lines).toContain('POST /login 401 wrong admin token');
    expect(c.lines.join('\n')).not.toContain(wrong);
  });

  it('signs in with the form: an HttpOnly, SameSite cookie that is not the token, then the dashboard opens', async () => {
    const c = await start({ adminToken: TOKEN });
    const form = await fetch(c.url + '/login');
    expect(await form.text()).toContain('<form method="post" action="login">');
    const res = await fetch(c.url + '/login', {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN, next: '/dashboard?type=call_click' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard?type=call_click');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^leadbeacon_admin=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    for (const path of ['/dashboard', '/', '/events', '/exports/google-ads']) {
      expect((await fetch(c.url + path, { headers: { cookie } })).status, path).toBe(200);
    }
    expect((await fetch(c.url + '/dashboard', { headers: { cookie: 'leadbeacon_admin=forged' } })).status).toBe(401);
    // Behind a TLS proxy the cookie is Secure.
    const viaProxy = await fetch(c.url + '/login', {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN }),
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure$/);
    // Signing out clears it.
    const out = await fetch(c.url + '/logout', { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.headers.get('set-cookie')).toMatch(/^leadbeacon_admin=; .*Max-Age=0/);
  });

  it('signs in from a link with ?token= and never redirects to another site', async () => {
    const c = await start({ adminToken: TOKEN });
    const res = await fetch(`${c.url}/login?token=${TOKEN}`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/dashboard']);
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const r = await fetch(`${c.url}/login?token=${TOKEN}&next=${encodeURIComponent(next)}`, { redirect: 'manual' });
      expect(r.headers.get('location'), next).toBe('/dashboard');
    }
    const wrong = await fetch(`${c.url}/login?token=nope-nope-nope-nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('wrong admin token');
  });

  it('keeps POST /collect and /health open', async () => {
    const c = await start({ adminToken: TOKEN });
    expect((await fetch(c.url + '/collect', { method: 'POST', body: JSON.stringify(validBatch()) })).status).toBe(200);
    expect((await fetch(c.url + '/health')).status).toBe(200);
  });

  it('refuses a token shorter than 16 characters at start', async () => {
    await expect(start({ adminToken: 'short' })).rejects.toThrow(/at least 16 characters/);
  });
});

describe('without an admin token', () => {
  it.each(READS)('%s answers on loopback, and 403 through a proxy (a forwarded request)', async (path) => {
    const c = await start();
    const local = await fetch(c.url + path);
    expect(local.status).toBe(200);
    await local.body?.cancel();
    for (const header of [
      ['x-forwarded-for', '203.0.113.9'],
      ['forwarded', 'for=203.0.113.9'],
      ['x-real-ip', '203.0.113.9'],
    ] as [string, string][]) {
      const proxied = await fetch(c.url + path, { headers: [header] });
      expect(proxied.status).toBe(403);
      await proxied.body?.cancel();
    }
  });

  it('treats only 127.0.0.0/8 and ::1 as loopback', () => {
    const req = (remoteAddress: string) => ({ socket: { remoteAddress }, headers: {} }) as unknown as IncomingMessage;
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map((a) => isLoopback(req(a)))).toEqual([true, true, true, true]);
    expect(['192.0.2.2', '10.0.0.1', '::ffff:192.0.2.2', 'fd00::2', ''].map((a) => isLoopback(req(a)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const auth = createAdminAuth(undefined);
    expect(auth.access(req('192.0.2.2'), { cookie: true })).toBe('not-loopback');
  });
});
