/** The fault proxy's answers spoilt on their way back from the collector, and the headers it relays. */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * How a forwarded answer is spoilt on its way back (the collector has stored the batch):
 * - `slow`: relayed after `delayMs`;
 * - `reset`: the status line, headers and half the body, then the connection is reset;
 * - `garbage`: the collector's status with a body of random bytes in place of its JSON;
 * - `nocors`: relayed without any Access-Control-* header, as a collector on another origin
 *   that forgot CORS: the browser hides the answer from the page (a network error to fetch).
 */
export type Spoil = 'slow' | 'reset' | 'garbage' | 'nocors';

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'];

export function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** Relays an answer spoilt as `how` says. */
export function spoilt(res: ServerResponse, upRes: IncomingMessage, { how, delayMs = 0 }: { how: Spoil; delayMs?: number }) {
  const chunks: Buffer[] = [];
  upRes.on('data', (c: Buffer) => chunks.push(c));
  upRes.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = withoutHopByHop(upRes.headers);
    if (how === 'nocors') for (const h of Object.keys(headers)) if (h.startsWith('access-control-')) delete headers[h];
    if (how === 'slow') return void setTimeout(() => (res.writeHead(upRes.statusCode ?? 502, headers), res.end(body)), delayMs);
    if (how === 'garbage') {
      const junk = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x3c, 0x68, 0x74, 0x6d, 0x6c]);
      return void (res.writeHead(upRes.statusCode ?? 502, { ...headers, 'content-length': junk.length }), res.end(junk));
    }
    if (how === 'reset') {
      res.writeHead(upRes.statusCode ?? 502, { ...headers, 'content-length': Math.max(2, body.length) });
      res.write(body.subarray(0, Math.max(1, body.length >> 1)));
      return void setTimeout(() => res.socket?.resetAndDestroy(), 20);
    }
    res.writeHead(upRes.statusCode ?? 502, headers);
    res.end(body);
  });
}
