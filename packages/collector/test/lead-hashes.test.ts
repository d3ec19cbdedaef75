/**
 * A lead's hashes: a malformed one (the decimal byte values a tracker sent from a page whose
 * library replaced Array.from) is left out, and the collector's log says so, naming the event
 * and the field, never the value.
 */
import { describe, expect, it } from 'vitest';
import { createSqliteStore, leadFromEvent } from '../src/index';
import { leadEvent } from './helpers';

const HEX = 'a'.repeat(64);
const DECIMAL = '662541652552532292123823617375126198117687625146120217368416116814285441531104196';

describe('malformed hashes', () => {
  it('leadFromEvent leaves a malformed hash out and warns with the event id and the field', () => {
    const lines: string[] = [];
    const e = leadEvent({ id: 'ev-decimal-1', ts: '2026-11-23T08:00:00.000Z', props: { hashedEmail: DECIMAL, hashedPhone: HEX } });
    const lead = leadFromEvent(e, { seq: 1, warn: (l) => lines.push(l) });
    expect(lead).toMatchObject({ hashedPhone: HEX });
    expect(lead!.hashedEmail).toBeUndefined();
    expect(lines).toEqual([
      expect.stringMatching(/^event ev-decimal-1: props\.hashedEmail is not a SHA-256 hex digest \(got a string of 81 characters\)/),
    ]);
    expect(lines.join()).not.toContain(DECIMAL);
  });

  it('a well-formed hash or none: no warning', () => {
    const lines: string[] = [];
    leadFromEvent(leadEvent({ ts: '2026-11-23T08:00:00.000Z', props: { hashedEmail: HEX.toUpperCase() } }), {
      seq: 1,
      warn: (l) => lines.push(l),
    });
    leadFromEvent(leadEvent({ ts: '2026-11-23T08:00:00.000Z' }), { seq: 2, warn: (l) => lines.push(l) });
    expect(lines).toEqual([]);
  });

  it("the SQLite store's log hears of it once per stored event", async () => {
    const lines: string[] = [];
    const store = createSqliteStore({ path: ':memory:', log: (l) => lines.push(l) });
    try {
      const e = leadEvent({ id: 'ev-decimal-2', ts: '2026-11-23T08:00:00.000Z', props: { hashedPhone: 42 } });
      await store.insert([e], { receivedAt: new Date('2026-11-23T08:00:01.000Z') });
      await store.insert([e], { receivedAt: new Date('2026-11-23T08:00:02.000Z') }); // a retry: already stored
      expect(lines).toEqual([expect.stringContaining('event ev-decimal-2: props.hashedPhone is not a SHA-256 hex digest (got number)')]);
    } finally {
      await store.close();
    }
  });
});
