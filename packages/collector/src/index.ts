export { createCollector } from './server';
export type { Collector, CollectorOptions } from './server';
export { wireSchemaV1, validateBatch } from './schema';
export { segmentBatchSchema, validateSegmentBatch } from './segment/schema';
export type { SegmentBatch, SegmentMessage } from './segment/schema';
export { toNative as segmentToNative } from './segment/to-native';
export { fromNative as nativeToSegment, segmentBatch } from './segment/from-native';
export type { ValidationResult } from './schema';
export { createSqliteStore } from './store/sqlite';
export type { SqliteStoreOptions } from './store/sqlite';
export { createPostgresStore } from './store/pg';
export type { PostgresStoreOptions } from './store/pg';
export { openStore, isPostgresUrl } from './store/open';
export type { OpenStoreOptions } from './store/open';
export type {
  DashboardFacts,
  EventQuery,
  EventStore,
  FactsQuery,
  InsertMeta,
  InsertResult,
  LeadFact,
  LeadQuery,
  LeadRecord,
  OutcomeFact,
  OutcomeQuery,
  OutboxItem,
  OutcomeRecord,
  SaveOutcomeResult,
} from './store/types';
export { classifyChannel, sourceCategory, CHANNELS } from './leads/channels';
export type { ChannelInput, SourceCategory } from './leads/channels';
export { leadFromEvent, LEAD_TYPES } from './leads/lead';
export type { AdsConsent, ClickId, Lead, LeadTouch, LeadType } from './leads/lead';
export { parseOutcome, BUILT_IN_STATUSES } from './leads/outcome';
export type { Outcome, OutcomeInput, OutcomeOptions, OutcomeRef, StoredOutcome } from './leads/outcome';
export type { ConsentState, EventType, PageInfo, StoredEvent, Touch, WireBatch, WireEvent } from './types';
