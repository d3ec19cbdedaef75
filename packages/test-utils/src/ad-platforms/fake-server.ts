import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { closer, listenLocal, readBody } from '../http';

/** One request a fake platform received, and what it answered. */
export interface FakeRequest {
  method: string;
  /** Path without the query, e.g. /v1/events:ingest. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as text (empty for GET). */
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** The HTTP status answered; undefined while the request hangs (or when it hung until closed). */
  status?: number;
  /** `hang` when the fake never answered; `stored` when it hung after storing the batch. */
  fault?: 'status' | 'hang' | 'hang-after-store';
}

/** What a route gets: the request, fully read, and the record the fake keeps of it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: FakeRequest;
}

export type Route = (exchange: Exchange) => void | Promise<void>;

/** Answers JSON and notes the status in the request's record. */
export function answerJson({ res, record }: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  record.status = status;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Leaves the request unanswered until the client gives up or the fake closes. */
export function hang(exchange: Exchange, hanging: Set<ServerResponse>, afterStore: boolean): void {
  exchange.record.fault = afterStore ? 'hang-after-store' : 'hang';
  hanging.add(exchange.res);
  exchange.res.on('close', () => hanging.delete(exchange.res));
}

export interface RunningFake {
  url: string;
  requests: FakeRequest[];
  hanging: Set<ServerResponse>;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 and a free port that records every request and hands it, fully
 * read, to `route`; a route that throws answers 500 with the error's message.
 */
export async function startFakeServer(route: Route): Promise<RunningFake> {
  const requests: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const at = Date.now();
    req.on('error', () => {});
    res.on('error', () => {});
    let body: string;
    try {
      body = (await readBody(req)).toString('utf8');
    } catch {
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: FakeRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, at };
    requests.push(record);
    try {
      await route({ req, res, record });
    } catch (error) {
      if (!res.headersSent) answerJson({ req, res, record }, 500, { error: { message: `fake server: ${String(error)}` } });
    }
  });
  const url = await listenLocal(server);
  const close = closer(server, () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  });
  return { url, requests, hanging, close };
}
