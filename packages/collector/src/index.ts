export { createCollector } from './server';
export type { Collector, CollectorOptions } from './server';
export { wireSchemaV1, validateBatch } from './schema';
export type { ValidationResult } from './schema';
export { createSqliteStore } from './sqlite-store';
export type { SqliteStoreOptions } from './sqlite-store';
export type { EventStore, EventQuery, InsertMeta, InsertResult } from './store';
export type { EventType, PageInfo, StoredEvent, Touch, WireBatch, WireEvent } from './types';
