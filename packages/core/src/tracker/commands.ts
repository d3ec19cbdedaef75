import { isEventType } from '@leadbeacon/wire';
import type { EmitInput, EventType, Logger, Props, Tracker } from '../types';
import { isObject } from '../util';
import type { Consent } from './consent';
import { FLUSH_FAILED, IDENTIFY_WITHOUT_ID, TRACK_WITHOUT_NAME, warn } from '../warnings';

export interface CommandOptions {
  log: Logger;
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  emit(input: EmitInput): void;
  /** Hooks that see each `track` first (detectors' `onTrack`); `false` drops the call. */
  trackHooks: ((name: string, props: Props) => boolean | void)[];
  consent: Consent;
  /** Sets the detectors up now, if they are not yet. */
  start(): void;
  identify(userId: string): void;
  flush(): Promise<void>;
  page(): void;
  destroy(): void;
}

const resolved = Promise.resolve();

/** The tracker's commands: each checks its arguments, warns about bad ones, and never throws into the page. */
export function createCommands(o: CommandOptions): Tracker {
  const { log, guard } = o;
  let destroyed = false;
  return {
    track: guard((name: string, props?: Props) => {
      if (typeof name !== 'string' || !name) return warn(log, TRACK_WITHOUT_NAME);
      const p: Props = isObject(props) ? { ...props } : {};
      const { value, currency } = p;
      delete p.value;
      delete p.currency;
      // A lead type's props are checked (and where they can be, fixed) when its event is built.
      const type: EventType = isEventType(name) && name !== 'page_view' && name !== 'web_vital' ? name : 'custom';
      // The forms detector pairs the site's own form_submit with the submission it waits on.
      if (name === 'form_submit') o.start();
      for (const hook of o.trackHooks) if (hook(name, p) === false) return;
      o.emit({
        type,
        name,
        props: p,
        value: typeof value === 'number' && isFinite(value) ? value : undefined,
        currency: typeof currency === 'string' ? currency : undefined,
      });
    }),
    identify: guard((userId: string, traits?: Props) => {
      if (typeof userId !== 'string' || !userId) return warn(log, IDENTIFY_WITHOUT_ID);
      if (o.consent.current().analytics === 'denied') return;
      o.identify(userId);
      o.emit({ type: 'identify', props: { traits: isObject(traits) ? traits : {} } });
    }),
    consent: guard(o.consent.set),
    flush: () => {
      try {
        return o.flush();
      } catch (e) {
        warn(log, FLUSH_FAILED, e);
        return resolved;
      }
    },
    page: guard(() => (o.start(), o.page())),
    destroy: guard(() => {
      if (!destroyed) o.destroy();
      destroyed = true;
    }),
  };
}

/** A tracker that does nothing: on the server, without a usable config, or beside a running one. */
export const inertTracker = (): Tracker => ({
  track() {},
  identify() {},
  consent() {},
  flush: () => resolved,
  page() {},
  destroy() {},
});
