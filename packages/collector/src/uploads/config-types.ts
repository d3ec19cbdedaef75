/** The destinations config's shapes (config.ts reads and checks the file). */
import type { ValueSource } from '../advice/apply';

/** A service account's key file (its token is fetched from the file's token_uri), or an OAuth user's refresh token. */
export type GoogleCredentials =
  | { kind: 'service_account'; file: string; clientEmail: string; privateKey: string; tokenUri: string }
  | { kind: 'refresh_token'; clientId: string; clientSecret: string; refreshToken: string; tokenUri: string };

export interface GoogleConfig {
  operatingAccountId: string;
  loginAccountId?: string;
  /** Step (form_submit, qualified…) → conversion action id; a step not listed is not sent. */
  conversionActions: Record<string, string>;
  credentials: GoogleCredentials;
  apiUrl: string;
  /** `learned`: each step goes with its value learned from the outcomes (issue 24); absent: `configured`. */
  values?: ValueSource;
  /** Taking back conversions whose lead turned out spam, by the Google Ads API (retract.ts); absent: not taken back. */
  retractions?: GoogleRetractionConfig;
}

/** The Google Ads API's ConversionAdjustmentUploadService: a developer token, the API's URL and version. */
export interface GoogleRetractionConfig {
  developerToken: string;
  apiUrl: string;
  apiVersion: string;
}

export interface MetaConfig {
  pixelId: string;
  accessToken: string;
  apiVersion: string;
  /** Step → Meta event name; a step not listed is not sent. */
  events: Record<string, string>;
  apiUrl: string;
  /** Events Manager's Test Events code: `destinations check` and `sync --dry-run` send with it. */
  testEventCode?: string;
  /** As Google's. */
  values?: ValueSource;
}

/** One destination as the file gives it: its settings when complete, and what is wrong or missing. */
export interface DestinationEntry<T> {
  config?: T;
  problems: string[];
}

export interface DestinationsConfig {
  file: string;
  google?: DestinationEntry<GoogleConfig>;
  meta?: DestinationEntry<MetaConfig>;
}
