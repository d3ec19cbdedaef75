import type { Database } from 'better-sqlite3';

interface Pending<I, O> {
  item: I;
  resolve(result: O): void;
  reject(err: unknown): void;
}

/**
 * Group commit: the batches that arrive in one turn of the event loop are written in one
 * transaction, so they share one fsync (synchronous=FULL makes each commit wait for the disk,
 * and that wait, not the inserts, bounds how many batches a second one process can take).
 * Each caller still learns of its batch only after the commit. If the shared transaction fails,
 * each batch is tried again alone, so one bad batch never fails the others.
 */
export function groupCommit<I, O>(db: Database, write: (item: I) => O): (item: I) => Promise<O> {
  let queue: Pending<I, O>[] = [];
  const writeAll = db.transaction((items: Pending<I, O>[]) => items.map((p) => write(p.item)));
  const writeOne = db.transaction(write);

  function flush(): void {
    const group = queue;
    queue = [];
    let results: O[];
    try {
      results = writeAll(group);
    } catch {
      for (const p of group) {
        try {
          p.resolve(writeOne(p.item));
        } catch (err) {
          p.reject(err);
        }
      }
      return;
    }
    group.forEach((p, i) => p.resolve(results[i]!));
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (!queue.length) setImmediate(flush);
      queue.push({ item, resolve, reject });
    });
}
