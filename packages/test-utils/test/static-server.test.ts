import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-static-test-'));
const root = join(dir, 'site');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(dir, 'secret.txt'), 'top secret');
writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title><body>home</body>');
writeFileSync(join(root, 'sub', 'index.html'), '<title>sub</title>');
for (const [name, text] of Object.entries({ 'a.js': 'x()', 'b.mjs': 'export {}', 'c.css': 'p{}', 'd.json': '{}', 'e.svg': '<svg/>' })) {
  writeFileSync(join(root, name), text);
}
symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Raw request: fetch would normalise the dot segments these tests need to send. */
function raw(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('serveStatic', () => {
  it('serves files with their content types, directory index pages and 404s', async () => {
    const s = await serveStatic(root);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const types: Record<string, string> = {
        '/': 'text/html',
        '/sub/': 'text/html',
        '/a.js': 'text/javascript',
        '/b.mjs': 'text/javascript',
        '/c.css': 'text/css',
        '/d.json': 'application/json',
        '/e.svg': 'image/svg+xml',
      };
      for (const [path, type] of Object.entries(types)) {
        const res = await fetch(s.url + path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toContain(type);
      }
      expect(await (await fetch(`${s.url}/sub`)).text()).toContain('sub');
      expect((await fetch(`${s.url}/missing.js`)).status).toBe(404);
      expect((await fetch(`${s.url}/a.js`, { method: 'POST' })).status).toBe(405);
    } finally {
      await s.close();
    }
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/sub/..%2f..%2fsecret.txt', '/link.txt', '/%00'])(
    'never serves outside the root: %s',
    async (path) => {
      const s = await serveStatic(root);
      try {
        const res = await raw(s.url, path);
        expect(res.status).toBe(404);
        expect(res.body).not.toContain('top secret');
      } finally {
        await s.close();
      }
    },
  );

  it('runs extra routes before files and rewrites HTML', async () => {
    const posted: string[] = [];
    const s = await serveStatic(root, {
      routes: {
        '/leadbeacon.min.js': (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/javascript' });
          res.end('window.tracker = 1');
        },
        'POST /thanks': (_req, res, { body }) => {
          posted.push(body);
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<h1>Thank you</h1>');
        },
      },
      transformHtml: (html, path) =>
        html.replace('<body>', `<body data-path="${path}"><script src="/leadbeacon.min.js" data-endpoint="http://x/collect"></script>`),
    });
    try {
      expect(await (await fetch(`${s.url}/leadbeacon.min.js`)).text()).toBe('window.tracker = 1');
      const home = await (await fetch(`${s.url}/`)).text();
      expect(home).toContain('<body data-path="/"><script src="/leadbeacon.min.js" data-endpoint="http://x/collect"></script>');
      const res = await fetch(`${s.url}/thanks`, { method: 'POST', body: new URLSearchParams({ name: 'Ada' }) });
      expect(await res.text()).toBe('<h1>Thank you</h1>');
      expect(posted).toEqual(['name=Ada']);
      expect((await fetch(`${s.url}/thanks`)).status).toBe(404); // method-specific route
      await s.close();
      await s.close();
    } finally {
      await s.close();
    }
  });
});
