/**
 * Wire format versions 1 and 2 side by side: a version-1 batch recorded from an old script
 * (fixtures/record-visit.mjs at commit 6ee177d, the last version-1 tracker) is stored exactly as
 * it came; the same visit recorded from today's tracker (version 2: facts) is stored with the
 * same source, medium, channel, click ids and E.164 number, so the leads that the dashboard,
 * exports and uploads read are the same.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { segmentMessage } from '@leadbeacon/wire/segment';
import { createCollector, type Collector, type StoredEvent } from '../src/index';

const open: Collector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const recorded = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { sentAt: string };

/** A collector that was sent the recording (its `sentAt` made now: the recording's clock was right). */
async function storeRecording(name: string): Promise<Collector> {
  const c = await createCollector({ port: 0, dbPath: ':memory:' });
  open.push(c);
  const body = JSON.stringify({ ...recorded(name), sentAt: new Date().toISOString() });
  const res = await fetch(`${c.url}/collect`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body });
  expect(await res.json()).toEqual({ accepted: 3, duplicates: 0 });
  return c;
}

/** What does not depend on the recording's moment: no ids, times or store fields. */
function timeless(e: StoredEvent) {
  const { id, ts, anonymousId, sessionId, seq, receivedAt, sentAt, ...rest } = e as StoredEvent & { sentAt?: string };
  const touch = ({ ts: _ts, ...t }: StoredEvent['attribution']['first']) => t;
  return { ...rest, attribution: { first: touch(e.attribution.first), last: touch(e.attribution.last) } };
}

describe('wire format versions 1 and 2', () => {
  it('stores a recorded version-1 batch from an old script exactly as it came', async () => {
    const c = await storeRecording('wire-v1-batch.json');
    const sent = (recorded('wire-v1-batch.json') as unknown as { events: StoredEvent[] }).events;
    const stored = await c.store.query();
    expect(stored.map(({ seq, receivedAt, ...e }) => e)).toEqual(sent);
    expect(stored[2]!.props).toEqual({ phone: '+84901234567', href: 'tel:0901%20234%20567', via: 'link' });
    const [form, call] = await c.store.leads();
    expect(call!.last).toMatchObject({ source: 'facebook', medium: 'paid_social', campaign: 'summer', channel: 'Paid Social' });
    expect(form!.clickIds.map((id) => [id.name, id.value])).toEqual([
      ['fbclid', 'IwAR_x1'],
      ['gclid', 'Cj0_G1'],
    ]);
  });

  it('stores the same visit sent in version 2 as version 1 stored it', async () => {
    const v1 = await storeRecording('wire-v1-batch.json');
    const v2 = await storeRecording('wire-v2-batch.json');
    const [old, now] = [await v1.store.query(), await v2.store.query()];
    expect(now.map(timeless)).toEqual(old.map(timeless));
    expect(now.every((e) => !('v' in e))).toBe(true);
    const lead = ({
      eventId,
      seq,
      ts,
      anonymousId,
      sessionId,
      first,
      last,
      clickIds,
      quality: _quality,
      ...l
    }: Awaited<ReturnType<Collector['store']['leads']>>[number]) => ({
      ...l,
      first: { ...first, ts: undefined },
      last: { ...last, ts: undefined },
      clickIds: clickIds.map(({ name, value }) => [name, value]),
    });
    expect((await v2.store.leads()).map(lead)).toEqual((await v1.store.leads()).map(lead));
    // Both ok; the version-2 recording predates `quality`, which every version-2 tracker now sends: a hint.
    expect((await v1.store.leads()).map((l) => l.quality)).toEqual([
      { verdict: 'ok', reasons: [] },
      { verdict: 'ok', reasons: [] },
    ]);
    expect((await v2.store.leads()).map((l) => l.quality?.verdict)).toEqual(['ok', 'ok']);
  });

  it('stores the version-2 visit sent in Segment\'s format (a tracker with format: "segment") as version 1 stored it', async () => {
    const v1 = await storeRecording('wire-v1-batch.json');
    const c = await createCollector({ port: 0, dbPath: ':memory:' });
    open.push(c);
    const sentAt = new Date().toISOString();
    const { events } = recorded('wire-v2-batch.json') as unknown as { events: Parameters<typeof segmentMessage>[0][] };
    const batch = events.map((e) => segmentMessage(e, sentAt, { name: 'leadbeacon', version: '0.1.0' }));
    const res = await fetch(`${c.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batch, sentAt }),
    });
    expect(await res.json()).toMatchObject({ success: true, accepted: 3 });
    const strip = (e: StoredEvent) => timeless(e).attribution;
    expect((await c.store.query()).map(strip)).toEqual((await v1.store.query()).map(strip));
    expect((await c.store.query())[2]!.props.phone).toBe('+84901234567');
  });
});
