import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { closer, listenLocal, readBody } from './http';

export interface RouteContext {
  url: URL;
  /** The request body as text (empty for GET). */
  body: string;
  /** The server's own base URL. */
  base: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => void | Promise<void>;

export interface StaticServerOptions {
  /** Keyed by 'METHOD /path' or '/path' (any method); matched on the path without query, before files. */
  routes?: Record<string, RouteHandler>;
  /** Rewrites every .html file served from `root`, e.g. to inject the tracker's script tag. */
  transformHtml?: (html: string, path: string) => string;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/** Resolves a URL path inside `root`, or null when it would leave it (.., encoded slashes, symlinks). */
async function fileFor(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let file = resolve(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const real = await realpath(file);
    return real === root || real.startsWith(root + sep) ? real : null;
  } catch {
    return null;
  }
}

/** A static file server for `root` on 127.0.0.1 and a free port, with optional extra routes. */
export async function serveStatic(root: string, { routes = {}, transformHtml }: StaticServerOptions = {}): Promise<StaticServer> {
  const realRoot = await realpath(resolve(root));
  let base = '';
  const server = createServer(async (req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    try {
      const url = new URL(req.url ?? '/', base);
      const route = routes[`${req.method} ${url.pathname}`] ?? routes[url.pathname];
      if (route) return await route(req, res, { url, body: (await readBody(req)).toString('utf8'), base });
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
      const file = await fileFor(realRoot, url.pathname);
      if (!file) return send(res, 404, `not found: ${url.pathname}\n`);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const data = await readFile(file);
      if (transformHtml && type.startsWith('text/html')) return send(res, 200, transformHtml(data.toString('utf8'), url.pathname), type);
      send(res, 200, data, type);
    } catch (err) {
      if (!res.headersSent) send(res, 500, `static server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      else res.end();
    }
  });
  base = await listenLocal(server);
  return { url: base, close: closer(server) };
}
