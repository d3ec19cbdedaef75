/**
 * A detector on its own: a DetectorContext whose `emit` records what the detector emitted.
 * The end-to-end path (tracker, wire format, switches) is covered with `harness` in each file.
 */
import { vi } from 'vitest';
import { interpretEvent } from '@leadbeacon/collector';
import { bundled } from '../src/features/bundled';
import type { Detector, DetectorContext, EmitInput, Props, TrackerConfig } from '../src/types';

/**
 * An emitted lead with its props as the collector stores them (wire format version 2
 * interpreted by the collector's own code: a call's number in E.164, from its `country`).
 */
export function asStored<T extends { type: string; props?: Props } | undefined>(input: T): T {
  if (!input || !input.props) return input;
  const landing = { landingPage: '', ts: '2026-11-23T08:00:00.000Z' };
  const event = { v: 2, type: input.type, ts: landing.ts, props: input.props, attribution: { first: landing, last: landing } };
  return { ...input, props: interpretEvent(event as never).props };
}

const teardowns: (() => void)[] = [];

/** Tears down every detector `run` started (afterEach). */
export function stopAll() {
  for (const td of teardowns.splice(0)) td();
}

export function run(detector: Detector, config: Partial<TrackerConfig> & Record<string, unknown> = {}) {
  const emitted: EmitInput[] = [];
  const warn = vi.fn();
  const ctx: DetectorContext = {
    window,
    config: { endpoint: 'https://c.test/e', ...config },
    emit: (e) => void emitted.push(e),
    log: { warn, debug() {} },
    guard:
      (fn) =>
      (...args) => {
        try {
          fn(...args);
        } catch (e) {
          warn('internal error (ignored)', e);
        }
      },
    // The clock and timers vitest fakes; deferred work runs at once; no track() calls here.
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    onTrack: () => () => {},
    later: (fn) => fn(),
    stamp: () => ({ now: Date.now(), url: location.href, path: location.pathname, title: document.title, referrer: document.referrer }),
    load: (name, use) => bundled.load(name, use),
  };
  const td = detector.setup(ctx);
  let stopped = false;
  const stop = () => {
    if (!stopped && typeof td === 'function') td();
    stopped = true;
  };
  teardowns.push(stop);
  return {
    emitted,
    warn,
    stop,
    /** Props of the emitted events of `type`. */
    props: (type: string): Props[] => emitted.filter((e) => e.type === type).map((e) => e.props || {}),
  };
}

/** Puts `html` in the body and returns the first element matching `selector`. */
export function html(markup: string, selector = '*'): HTMLElement {
  document.body.innerHTML = markup;
  return document.body.querySelector(selector) as HTMLElement;
}

export const middleClick = (el: Element, button = 1) =>
  el.dispatchEvent(new MouseEvent('auxclick', { bubbles: true, cancelable: true, composed: true, button }));
