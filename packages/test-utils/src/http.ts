import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on 127.0.0.1 and a free port; resolves to the base URL without trailing slash. */
export function listenLocal(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** An idempotent close that also cuts keep-alive and hanging connections, so tests never wait on them. */
export function closer(server: Server, before?: () => void): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      before?.();
      server.close(() => resolve());
      server.closeAllConnections();
    }));
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Polls `check` until it returns a value other than undefined, or throws `describe()` after `timeout` ms. */
export async function poll<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeout, interval, describe }: { timeout: number; interval: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(await describe());
    await new Promise((r) => setTimeout(r, interval));
  }
}
