import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { parseJsonBody } from './json-guard';

/** How long a client that sent too much may keep uploading before its socket is cut. */
const DRAIN_MS = 5_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A fresh nonce for a page's one inline script. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * An HTML page with headers that keep injected markup harmless: no script but the page's own
 * (by nonce), nothing loaded from elsewhere, forms posting only to this collector.
 */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  options: { nonce?: string; headers?: OutgoingHttpHeaders } = {},
): void {
  const script = options.nonce ? `'nonce-${options.nonce}'` : "'none'";
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; script-src ${script}; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...options.headers,
  });
  res.end(html);
}

/** A file to download: the same bytes the CLI writes, its content type and its name. */
export interface Download {
  body: string;
  contentType: string;
  fileName: string;
}

export function sendFile(res: ServerResponse, { body, contentType, fileName }: Download, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** Reads the body, or returns null as soon as it is known to exceed `limit` (nothing more is buffered). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => onError(new Error('request aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * After an early 413 the client may still be uploading; closing at once would reset the
 * connection before it reads the answer. Discard (never buffer) the rest for a while instead.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  timer.unref();
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** The body as JSON, or an HttpError (413 over `limit`, 400 not JSON or not fit to store). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  if (!body) {
    discardRest(req);
    throw new HttpError(413, `body over ${limit} bytes`);
  }
  // The same checks as a batch: UTF-8, depth, no NUL, lone surrogates mended.
  const parsed = parseJsonBody(body);
  if (!parsed.ok) throw new HttpError(400, parsed.reason);
  return parsed.value;
}

/** Escapes text for HTML content and attribute values. */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
