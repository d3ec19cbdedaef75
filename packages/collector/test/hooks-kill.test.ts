import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore, type EventStore } from '../src/index';
import { hmacSignature } from '../src/crm/signature';
import { freshPostgresDatabase, STORE_KINDS, type StoreKind } from './stores';

// kill -9 with webhook deliveries in flight, with the built bin, on both databases: a delivery
// the collector answered 200 is saved, one it never answered (its body half sent, or in flight)
// is not half saved, and the CRM's resend of every delivery leaves each outcome once.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const config = fileURLToPath(new URL('./fixtures/crm/hooks.config.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-hooks-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'zapier-secret';
const env = { ...process.env, TEST_HUBSPOT_CLIENT_SECRET: 'h', TEST_ZAPIER_SECRET: SECRET, TEST_PIPEDRIVE_BASIC: 'a:b' };

async function database(kind: StoreKind): Promise<{ arg: string; open: () => EventStore | Promise<EventStore> }> {
  if (kind === 'sqlite') {
    const path = join(dir, `hooks-${Date.now()}.sqlite`);
    createSqliteStore({ path }).close();
    return { arg: path, open: () => createSqliteStore({ path }) };
  }
  const url = await freshPostgresDatabase();
  return { arg: url, open: () => createPostgresStore({ url }) };
}

/** Starts `serve` and resolves with the child and its webhook base URL once it listens. */
async function serve(db: string): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the tests`);
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--db', db, '--config', config, '--rate-limit', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the collector did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /webhooks\s+(http:\/\/[\d.:]+)\/api\/hooks\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url, exited };
}

const delivery = (id: string) =>
  JSON.stringify({ deal: { id, stage: 'Won', updated: '2026-11-20 10:00' }, person: { email: `${id}@example.com` } });

const post = (url: string, id: string) => {
  const body = delivery(id);
  return fetch(`${url}/api/hooks/zapier`, { method: 'POST', headers: { 'x-leadbeacon-signature': hmacSignature(SECRET, body) }, body });
};

/** Sends the headers and half the body, and leaves the request hanging. */
function halfSent(url: string, id: string): void {
  const body = delivery(id);
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {});
  socket.write(
    `POST /api/hooks/zapier HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
      `X-Leadbeacon-Signature: ${hmacSignature(SECRET, body)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 40)}`,
  );
}

describe.each(STORE_KINDS)('%s: the collector killed with SIGKILL between receiving deliveries and answering them', (kind) => {
  it('keeps every delivery it answered 200, none half, and each once after the resends', { timeout: 60_000 }, async () => {
    const db = await database(kind);
    const first = await serve(db.arg);
    halfSent(first.url, 'partial');
    const ids = Array.from({ length: 30 }, (_, i) => `deal-${i}`);
    const answered = new Set<string>();
    const requests = ids.map((id) =>
      post(first.url, id).then(
        (res) => void (res.status === 200 && answered.add(id)),
        () => {},
      ),
    );
    // Killed as soon as the first delivery is answered: the others are in flight.
    for (let end = Date.now() + 10_000; answered.size === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 2));
    first.child.kill('SIGKILL');
    await Promise.all(requests);
    expect(await first.exited).toBe(null);
    expect(answered.size).toBeGreaterThan(0);

    const store = await db.open();
    const saved = new Set((await store.outcomes()).map((o) => o.recordId));
    await store.close();
    for (const id of answered) expect(saved.has(id)).toBe(true);
    expect(saved.has('partial')).toBe(false);

    // The CRM sends again every delivery it got no 2xx for (and, to be sure, all of them).
    const second = await serve(db.arg);
    const results = await Promise.all(
      [...ids, 'partial'].map(async (id) => (await (await post(second.url, id)).json()) as { inserted: number; unchanged: number }),
    );
    expect(results.every((r) => r.inserted + r.unchanged === 1)).toBe(true);
    expect(results.filter((r) => r.unchanged === 1).length).toBe(saved.size);
    second.child.kill('SIGTERM');
    await second.exited;
    const after = await db.open();
    const outcomes = await after.outcomes();
    await after.close();
    expect(outcomes.map((o) => o.recordId).sort()).toEqual([...ids, 'partial'].sort());
  });
});
