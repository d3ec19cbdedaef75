import type { Tracker } from '../src/index';

/** What the test asks the component to track next, and the tracker the component got. */
export const probe: { next?: { name: string; props?: Record<string, unknown> }; tracker?: Tracker } = {};
