import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionCookie, type AdminAuth } from '../auth';
import { escapeHtml, HttpError, readBody, sendHtml, sendJson } from './util';

const LOGIN_BODY_LIMIT = 4096;

/** Only a path on this collector: never `//other.host` or a full URL. */
function safeNext(raw: string | null | undefined): string {
  return raw && /^\/(?![/\\])[\w\-./?=&%]*$/.test(raw) ? raw : '/dashboard';
}

/** Behind a TLS-terminating proxy the cookie must be Secure; on plain http (the demo) it cannot be. */
const viaHttps = (req: IncomingMessage) => req.headers['x-forwarded-proto'] === 'https' || 'encrypted' in req.socket;

export function renderLoginPage(options: { next: string; error?: string; enabled: boolean }): string {
  const body = options.enabled
    ? `<form method="post" action="login">
  <label for="token">Admin token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  <input type="hidden" name="next" value="${escapeHtml(options.next)}">
  <button type="submit">Sign in</button>
</form>`
    : `<p>This collector has no admin token: it shows the dashboard, events and exports only to this machine
(127.0.0.1). Start it with <code>--admin-token</code> (or <code>LEADBEACON_ADMIN_TOKEN</code>) to read from elsewhere.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · leadbeacon</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; color: #1a1a1a; display: grid; place-items: center; min-height: 90vh; margin: 0; background: #f6f7f9; }
  main { background: #fff; padding: 2rem; border-radius: 10px; box-shadow: 0 1px 4px #0002; width: min(26rem, 90vw); }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-bottom: .3rem; }
  input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #bbb; border-radius: 6px; }
  button { margin-top: 1rem; padding: .5rem 1.2rem; font: inherit; border: 0; border-radius: 6px; background: #1f5fbf; color: #fff; cursor: pointer; }
  .error { color: #b00020; margin: 0 0 1rem; }
</style>
</head>
<body>
<main>
<h1>leadbeacon dashboard</h1>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
${body}
</main>
</body>
</html>
`;
}

export interface AdminRoutes {
  /** Sends 401/403 and returns false unless the request may read; `html` pages answer with the sign-in form. */
  allowed(req: IncomingMessage, res: ServerResponse, kind: 'html' | 'json', options: { cookie: boolean }): boolean;
  login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  logout(req: IncomingMessage, res: ServerResponse): void;
}

export function adminRoutes(auth: AdminAuth, log: (line: string) => void): AdminRoutes {
  const refuse = (req: IncomingMessage, res: ServerResponse, kind: 'html' | 'json', why: 'missing' | 'wrong' | 'not-loopback') => {
    const path = new URL(req.url ?? '/', 'http://collector').pathname;
    // Never the token itself: only that one was wrong.
    if (why === 'wrong') log(`${req.method} ${path} 401 wrong admin token`);
    const status = why === 'not-loopback' ? 403 : 401;
    const message =
      why === 'not-loopback'
        ? 'reading is open only on this machine: start the collector with --admin-token'
        : why === 'wrong'
          ? 'wrong admin token'
          : 'admin token required';
    const headers = status === 401 ? { 'www-authenticate': 'Bearer realm="leadbeacon"' } : {};
    if (kind === 'json') return sendJson(res, status, { error: message }, headers);
    const next = safeNext(req.url);
    sendHtml(res, status, renderLoginPage({ next, enabled: auth.enabled, ...(why === 'missing' ? {} : { error: message }) }), { headers });
  };

  const signIn = (req: IncomingMessage, res: ServerResponse, token: string, next: string) => {
    if (!auth.enabled) return sendHtml(res, 400, renderLoginPage({ next, enabled: false }));
    if (!auth.matches(token)) {
      log(`${req.method} /login 401 wrong admin token`);
      return sendHtml(res, 401, renderLoginPage({ next, enabled: true, error: 'wrong admin token' }));
    }
    res.writeHead(303, {
      location: next,
      'set-cookie': sessionCookie(auth.session, viaHttps(req)),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  };

  return {
    allowed(req, res, kind, options) {
      const access = auth.access(req, options);
      if (access === 'ok') return true;
      refuse(req, res, kind, access);
      return false;
    },
    async login(req, res, url) {
      if (req.method === 'GET') {
        // A link with ?token= signs in at once (the demo prints one); the redirect drops it from the address bar.
        const token = url.searchParams.get('token');
        if (token !== null) return signIn(req, res, token, safeNext(url.searchParams.get('next')));
        return sendHtml(res, 200, renderLoginPage({ next: safeNext(url.searchParams.get('next')), enabled: auth.enabled }));
      }
      if (req.method !== 'POST') throw new HttpError(405, 'use GET or POST', { allow: 'GET, POST' });
      const body = await readBody(req, LOGIN_BODY_LIMIT);
      if (!body) throw new HttpError(413, 'sign-in form too large');
      const form = new URLSearchParams(body.toString('utf8'));
      signIn(req, res, form.get('token') ?? '', safeNext(form.get('next')));
    },
    logout(req, res) {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
      res.writeHead(303, { location: 'login', 'set-cookie': sessionCookie('', viaHttps(req)), 'cache-control': 'no-store' });
      res.end();
    },
  };
}
