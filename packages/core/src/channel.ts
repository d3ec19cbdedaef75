/**
 * `leadbeacon/channel`: a visit's source, medium and GA4 default channel group in the browser,
 * for a site that posts events to its own endpoint (the bundled collector names them itself).
 *   import { createTracker } from 'leadbeacon/core';
 *   createTracker({ endpoint, channel: true })   // every event leaves with them
 * or on an event you handle yourself: `withChannel(event)`.
 */
export { interpretTouch, withChannel } from './attribution/interpret';
export { classifyChannel, sourceCategory, type ChannelInput } from './attribution/channel';
export { trafficSource, type TrafficSource } from '@leadbeacon/wire';
export type { Touch, WireEvent } from './types';
