/**
 * `@leadbeacon/wire`: the wire format, defined once. The tracker builds its events and batches
 * from these types and limits (version 2: facts); the collector validates against them (a batch's
 * envelope and each of its events apart, `wireEnvelopeSchema` and `wireEventSchemaV1` or
 * `wireEventSchemaV2` by the event's `v`; Segment batches likewise), interprets version 2's
 * touches with `trafficSource`, and types what it receives with `ReceivedBatch`. The Segment format's mapping is defined here
 * too, once: an event as a Segment message in the entry `@leadbeacon/wire/segment` (a file of its
 * own, so that a bundler loads it only in the tracker's lazy Segment chunk), and back with
 * `nativeEvent` here.
 */
export {
  EVENT_TYPES,
  LEAD_TYPES,
  CONSENT_STATES,
  isEventType,
  isLeadType,
  type EventType,
  type LeadType,
  type Props,
  type ConsentState,
  type EventConsent,
  type Page,
  type Touch,
  type Attribution,
  type Utm,
  type TouchFacts,
  type AttributionFacts,
  type WireEvent,
  type WireEventV2,
  type Batch,
  type BatchV2,
  type Open,
  type ReceivedEvent,
  type ReceivedBatch,
  type RejectedEvent,
  type CollectAnswer,
} from './events';
export {
  WIRE_VERSION,
  MAX_BATCH_EVENTS,
  MAX_EVENT_BYTES,
  MAX_ID_LENGTH,
  MAX_WRITE_KEY_LENGTH,
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  CURRENCY_PATTERN,
  CONTENT_TYPE,
} from './limits';
export { FORM_VIA, CHAT_VIA, WEB_VITAL_METRICS, REQUIRED_PROPS } from './props';
export { CLICK_IDS, isClickId } from './click-ids';
export { qualitySchema, type LeadQuality } from './quality';
export {
  wireSchemaV1,
  wireEnvelopeSchemaV1,
  wireEventSchemaV1,
  wireSchemaV2,
  wireEventSchemaV2,
  wireEnvelopeSchema,
  eventSchema,
  eventVersion,
  isDateTime,
  type JsonSchema,
  type WireVersion,
} from './schema';
export { trafficSource, referrerHost, UTM_KEYS, type TrafficSource } from './traffic-source';
export {
  segmentBatchSchema,
  segmentEnvelopeSchema,
  segmentMessageSchema,
  SEGMENT_CALL_TYPES,
  SEGMENT_MAX_BATCH_BYTES,
  SEGMENT_MAX_MESSAGE_BYTES,
  SEGMENT_MAX_BATCH_MESSAGES,
  SEGMENT_MAX_MESSAGE_ID_LENGTH,
  type SegmentCallType,
  type SegmentMessage,
  type SegmentBatch,
} from './segment';
export { nativeEvent, type SegmentReading } from './segment-event';
export { segmentTimeToRfc3339, isSegmentTime } from './segment-time';
