/**
 * `@leadbeacon/wire`: the wire format, defined once. The tracker builds its events and batches
 * from these types and limits; the collector validates against `wireSchemaV1` (and Segment
 * batches against `segmentBatchSchema`) and types what it receives with `ReceivedBatch`.
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
  type WireEvent,
  type Batch,
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
export { wireSchemaV1, isDateTime, type JsonSchema } from './schema';
export {
  segmentBatchSchema,
  SEGMENT_CALL_TYPES,
  SEGMENT_MAX_BATCH_BYTES,
  SEGMENT_MAX_MESSAGE_BYTES,
  type SegmentCallType,
  type SegmentMessage,
  type SegmentBatch,
} from './segment';
