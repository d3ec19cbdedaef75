export { createCollector } from './server';
export type { Collector, CollectorOptions } from './server';
// The wire format and the Segment batch are @leadbeacon/wire's: re-exported, so code written
// against this package before they moved there keeps working.
export { wireSchemaV1, wireSchemaV2, segmentBatchSchema, LEAD_TYPES } from '@leadbeacon/wire';
export type { ConsentState, EventType, LeadType, SegmentBatch, SegmentMessage } from '@leadbeacon/wire';
export { validateBatch } from './schema';
export { validateSegmentBatch } from './segment/validate';
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
  OutcomeRevision,
  SaveOutcomeResult,
  OutcomePreview,
} from './store/types';
export { DESTINATIONS, UPLOAD_STATES } from './store/upload-types';
export type {
  Destination,
  Upload,
  UploadChange,
  UploadClaim,
  UploadKey,
  UploadLedger,
  UploadQuery,
  UploadState,
} from './store/upload-types';
export { classifyChannel, sourceCategory, CHANNELS } from './leads/channels';
export type { ChannelInput, SourceCategory } from './leads/channels';
export { leadFromEvent } from './leads/lead';
export { interpretEvent, interpretTouch } from './ingest/facts';
export type { AdsConsent, ClickId, Lead, LeadTouch } from './leads/lead';
export { parseOutcome, BUILT_IN_STATUSES } from './leads/outcome';
export type { Outcome, OutcomeInput, OutcomeOptions, OutcomeRef, RefKey, StoredOutcome } from './leads/outcome';
export { importCrmFile } from './crm/import-file';
export type { CrmImportOptions } from './crm/import-file';
export type { CrmImportReport } from './crm/report';
export type { CrmMapping } from './crm/mapping';
export { PRESETS, PRESET_NAMES } from './crm/presets';
export type { PresetName } from './crm/presets';
export { readHooksConfig } from './crm/hooks-config';
export type { HookConfig, HookConfigs } from './crm/hooks-config';
export type { PageInfo, StoredEvent, Touch, WireBatch, WireEvent } from './types';
