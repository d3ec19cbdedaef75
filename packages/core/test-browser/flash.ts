/**
 * What a visitor saw of the business number, frame by frame (issue 23, "no flash of the wrong
 * number"): an init script samples each place at every animation frame (a rAF callback sees the
 * DOM and styles that frame paints) as absent, hidden, showing the business number or showing
 * another, and notes the first contentful paint, the layout shifts and when the hiding style
 * came; `flashOf` turns the frames into the time each place showed the business number on screen.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** The places a measured page has, by element id: a tel: link, a marked element, bare text. */
export const PLACES = ['link', 'marked', 'bare'] as const;
export type Place = (typeof PLACES)[number];
type State = 'absent' | 'hidden' | 'business' | 'other';

export interface FlashLog {
  /** Per frame: its rAF time, when the callback ran, whether the hiding style was there, each place's state. */
  frames: { t: number; at: number; hiding: boolean; states: State[] }[];
  fcp?: number;
  cls: number;
  /** When the hiding style (#lb-n-hide) was added to the page, if it was. */
  hiddenAt?: number;
  /** When it was removed. */
  revealedAt?: number;
}

/** The init script (serialised into the page): samples until `window.stopFlash()` or 6 s. */
export function SAMPLE(places: readonly string[]): void {
  const w = window as unknown as { flash: FlashLog; stopFlash(): void };
  const log: FlashLog = (w.flash = { frames: [], cls: 0 });
  let on = true;
  w.stopFlash = () => (on = false);
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') log.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) log.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => {
    const style = document.getElementById('lb-n-hide');
    if (style && log.hiddenAt === undefined) log.hiddenAt = performance.now();
    if (!style && log.hiddenAt !== undefined && log.revealedAt === undefined) log.revealedAt = performance.now();
  }).observe(document, { subtree: true, childList: true });
  const state = (id: string): State => {
    const el = document.getElementById(id);
    if (!el) return 'absent';
    if (getComputedStyle(el).visibility !== 'visible') return 'hidden';
    return /5678/.test(el.textContent || '') ? 'business' : 'other';
  };
  const frame = (t: number) => {
    log.frames.push({ t, at: performance.now(), hiding: !!document.getElementById('lb-n-hide'), states: places.map(state) });
    if (on && t < 6000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Starts sampling in every page of `context` (before any of the page's own scripts). */
export const sampleIn = (context: BrowserContext) => context.addInitScript(SAMPLE, PLACES);

export const flashLog = (page: Page) => page.evaluate(() => (window as unknown as { flash: FlashLog }).flash);

export interface PlaceFlash {
  /** ms the business number was on screen, from the first contentful paint on. */
  visibleMs: number;
  /** ms the place was hidden after the first contentful paint. */
  hiddenMs: number;
  /** ms after the first contentful paint when it first showed another number (undefined: never). */
  swappedAt?: number;
  /** The frames that showed the business number after the first paint. */
  businessFrames: FlashLog['frames'];
}

/** Each place's flash: frame i lasts until frame i + 1 and counts from the first contentful paint. */
export function flashOf(log: FlashLog): Record<Place, PlaceFlash> {
  const fcp = log.fcp ?? 0;
  const out = {} as Record<Place, PlaceFlash>;
  PLACES.forEach((place, p) => {
    const r: PlaceFlash = { visibleMs: 0, hiddenMs: 0, businessFrames: [] };
    for (let i = 0; i + 1 < log.frames.length; i++) {
      const f = log.frames[i]!;
      const { t, states } = f;
      const ms = Math.max(0, log.frames[i + 1]!.t - Math.max(t, fcp));
      if (!ms) continue;
      if (states[p] === 'business') r.visibleMs += ms;
      if (states[p] === 'business') r.businessFrames.push(f);
      if (states[p] === 'hidden') r.hiddenMs += ms;
      if (states[p] === 'other' && r.swappedAt === undefined) r.swappedAt = Math.max(0, t - fcp);
    }
    r.visibleMs = Math.round(r.visibleMs);
    r.hiddenMs = Math.round(r.hiddenMs);
    if (r.swappedAt !== undefined) r.swappedAt = Math.round(r.swappedAt);
    out[place] = r;
  });
  return out;
}

/** Network conditions Chromium emulates (CDP), applied to every request of the page. */
export interface Connection {
  name: string;
  /** Round trip added to each request, ms. */
  latency: number;
  /** bits per second (0: not limited). */
  down: number;
  up: number;
}

export const CONNECTIONS: Connection[] = [
  { name: '127.0.0.1', latency: 0, down: 0, up: 0 },
  { name: '4G (20 ms RTT, 9 Mbit/s)', latency: 20, down: 9e6, up: 1.5e6 },
  { name: 'slow 4G / fast 3G (150 ms RTT, 1.6 Mbit/s)', latency: 150, down: 1.6e6, up: 750e3 },
];

/** Emulates `c` in `page` (for this page's requests and those of the pages it navigates to). */
export async function emulate(page: Page, c: Connection): Promise<void> {
  if (!c.latency) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: c.latency,
    downloadThroughput: c.down / 8,
    uploadThroughput: c.up / 8,
  });
}
