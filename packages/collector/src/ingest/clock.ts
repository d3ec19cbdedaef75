import type { Touch, WireEvent } from '../types';

/**
 * Below this gap between the batch's `sentAt` (client clock) and its arrival (our clock), the
 * gap is network time, not a wrong clock: events keep the time the client gave.
 */
export const CLOCK_TOLERANCE_MS = 30_000;

/** What the collector did to a client time, stored on the event beside the corrected `ts`. */
export interface ClockCorrection {
  /** `ts` exactly as the client sent it. */
  clientTs: string;
  /** Added to every client time of the event (`ts` and the touches' `ts`): receivedAt − sentAt. */
  offsetMs: number;
  /** The batch's `sentAt`, as sent. */
  sentAt: string;
}

const shift = (iso: string, ms: number): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + ms).toISOString();
};

const shiftTouch = (t: Touch | undefined, ms: number): Touch | undefined =>
  t && typeof t.ts === 'string' ? { ...t, ts: shift(t.ts, ms) } : t;

/**
 * Corrects events from a client whose clock is off, the way Segment does: the client stamped the
 * request `sentAt` when it left and we received it at `receivedAt`, so the difference is the
 * client's clock error (plus network time, hence the tolerance). Each event's `ts` and its touches'
 * `ts` are moved by that difference, and the event says so in `clockCorrection`, keeping the
 * client's own `ts`. Events from a client with a good clock come back unchanged (the same objects).
 */
export function correctClock(events: readonly WireEvent[], sentAt: string, receivedAt: Date): WireEvent[] {
  const sent = Date.parse(sentAt);
  const offsetMs = receivedAt.getTime() - sent;
  if (Number.isNaN(sent) || Math.abs(offsetMs) < CLOCK_TOLERANCE_MS) return [...events];
  return events.map((e) => {
    const attribution = e.attribution && {
      ...e.attribution,
      first: shiftTouch(e.attribution.first, offsetMs)!,
      last: shiftTouch(e.attribution.last, offsetMs)!,
    };
    const clockCorrection: ClockCorrection = { clientTs: e.ts, offsetMs, sentAt };
    return { ...e, ts: shift(e.ts, offsetMs), attribution, clockCorrection };
  });
}
