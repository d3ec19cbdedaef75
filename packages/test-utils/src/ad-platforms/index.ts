export { startGoogleDataManager } from './google-data-manager';
export type { GoogleBehaviour, GoogleDataManager, GoogleDataManagerOptions, HeldConversion } from './google-data-manager';
export type { IngestedEvent } from './google-processing';
export type { OAuthUser } from './google-oauth';
export { DATA_MANAGER_SCOPE, makeServiceAccountKey, signServiceAccountAssertion } from './service-account';
export type { AssertionClaims, ServiceAccountKey, ServiceAccountKeyFile } from './service-account';
export { startMetaConversionsApi } from './meta-conversions-api';
export type { MetaBehaviour, MetaConversionsApi, MetaConversionsApiOptions, ReceivedEvent } from './meta-conversions-api';
export type { FakeRequest } from './fake-server';
