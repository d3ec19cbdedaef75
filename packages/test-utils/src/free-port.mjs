// Plain JavaScript, so that postgres-cluster.mjs (loaded by vitest's global setup) can import it too.
import { createServer } from 'node:net';

/** A 127.0.0.1 port nobody listens on now, for a server started as another process. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
