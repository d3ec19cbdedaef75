import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoogleDataManager, startMetaConversionsApi } from '@leadbeacon/test-utils/ad-platforms';
import type { GoogleDataManager, MetaConversionsApi } from '@leadbeacon/test-utils/ad-platforms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDestinations } from '../src/uploads/check';
import { ConfigError, configPath, readDestinationsConfig } from '../src/uploads/config';

/** The destinations config file and `destinations check`, against the Google and Meta test servers. */
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-destinations-'));
let google: GoogleDataManager;
let meta: MetaConversionsApi;
beforeAll(async () => {
  [google, meta] = await Promise.all([startGoogleDataManager(), startMetaConversionsApi()]);
});
afterAll(async () => {
  await Promise.all([google.close(), meta.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(destinations: Record<string, unknown>, name = 'leadbeacon.config.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ destinations }));
  return file;
}

const googleEntry = (extra: Record<string, unknown> = {}) => ({
  operatingAccountId: '1234567890',
  conversionActions: { form_submit: '111', won: '444' },
  credentials: google.serviceAccountKey(dir).path,
  apiUrl: google.url,
  ...extra,
});
const metaEntry = (extra: Record<string, unknown> = {}) => ({
  pixelId: '1234567890123456',
  accessToken: 'env:TEST_META_TOKEN',
  events: { form_submit: 'Lead', won: 'Purchase' },
  apiUrl: meta.url,
  ...extra,
});
const env = { TEST_META_TOKEN: 'meta-test-token' };

describe('destinations config', () => {
  it('reads both destinations, env: secrets and defaults', () => {
    const file = writeConfig({ google: googleEntry({ apiUrl: undefined }), meta: metaEntry() });
    const config = readDestinationsConfig(file, env);
    expect(config.google?.problems).toEqual([]);
    expect(config.google?.config).toMatchObject({ operatingAccountId: '1234567890', apiUrl: 'https://datamanager.googleapis.com' });
    expect(config.google?.config?.credentials).toMatchObject({ kind: 'service_account', tokenUri: google.tokenUri });
    expect(config.meta?.config).toMatchObject({ accessToken: 'meta-test-token', apiVersion: 'v24.0', events: { won: 'Purchase' } });
  });

  it('names each wrong or missing key, never a secret', () => {
    const file = writeConfig({
      google: { operatingAccountId: '123-456-7890', conversionActions: { won: 'abc' }, credentials: join(dir, 'nope.json') },
      meta: metaEntry({ accessToken: 'env:NOT_SET_ANYWHERE', pixelId: undefined }),
    });
    const config = readDestinationsConfig(file, env);
    expect(config.google?.config).toBeUndefined();
    expect(config.google?.problems).toEqual([
      'destinations.google.operatingAccountId must be the 10-digit Google Ads customer id, without dashes',
      'destinations.google.conversionActions.won must be a conversion action id (digits)',
      `destinations.google.credentials: cannot read the service account key file ${join(dir, 'nope.json')} (no such file)`,
    ]);
    expect(config.meta?.problems).toEqual([
      'destinations.meta.pixelId is missing: must be the dataset (pixel) id, digits only',
      'destinations.meta.accessToken: environment variable NOT_SET_ANYWHERE is not set',
    ]);
  });

  it('takes an OAuth refresh token object; refuses an unknown destination or a file that is no config', () => {
    const user = google.oauthUser();
    const credentials = {
      clientId: user.clientId,
      clientSecret: 'env:G_SECRET',
      refreshToken: user.refreshToken,
      tokenUri: google.tokenUri,
    };
    const file = writeConfig({ google: googleEntry({ credentials }) });
    const config = readDestinationsConfig(file, { G_SECRET: user.clientSecret });
    expect(config.google?.config?.credentials).toMatchObject({ kind: 'refresh_token', clientSecret: user.clientSecret });
    expect(() => readDestinationsConfig(writeConfig({ tiktok: {} }, 'x.json'))).toThrow(/unknown destination 'tiktok'/);
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => readDestinationsConfig(join(dir, 'bad.json'))).toThrow(ConfigError);
  });

  it('defaults to leadbeacon.config.json beside a SQLite database when there is one', () => {
    writeConfig({ meta: metaEntry() });
    expect(configPath(undefined, join(dir, 'leadbeacon.sqlite'))).toBe(join(dir, 'leadbeacon.config.json'));
    expect(configPath(undefined, join(tmpdir(), 'nowhere', 'x.sqlite'))).toBeUndefined();
    expect(configPath('other.json', join(dir, 'x.sqlite'))).toMatch(/other\.json$/);
  });
});

describe('destinations check', () => {
  it('says what is configured and dry-runs Google with validateOnly and Meta with the test code: nothing counted', async () => {
    const file = writeConfig({ google: googleEntry(), meta: metaEntry({ testEventCode: 'TEST123' }) });
    const report = await checkDestinations(readDestinationsConfig(file, env));
    expect(report.ok).toBe(true);
    const text = report.lines.join('\n');
    expect(text).toMatch(/google: configured\n {2}operating account 1234567890/);
    expect(text).toContain('dry run (validateOnly, one synthetic form_submit event): passed');
    expect(text).toContain('dry run (test event code TEST123, one synthetic Lead event): passed');
    expect(text).not.toContain('meta-test-token');
    expect(google.conversionsCounted()).toEqual([]);
    expect(meta.testEvents()).toHaveLength(1);
    expect(meta.eventsCounted()).toEqual([]);
  });

  it('with google.retractions: a validateOnly retraction of a made-up conversion reaches the Google Ads API; a wrong developer token fails it; a missing one is named', async () => {
    const retractions = (developerToken: string) => ({ developerToken, apiUrl: google.url });
    const good = await checkDestinations(
      readDestinationsConfig(writeConfig({ google: googleEntry({ retractions: retractions('env:TEST_ADS_TOKEN') }) }), {
        ...env,
        TEST_ADS_TOKEN: 'fake-developer-token',
      }),
    );
    expect(good.ok).toBe(true);
    const text = good.lines.join('\n');
    expect(text).toContain(`retractions: Google Ads API ${google.url}/v23, developer token set (not shown)`);
    expect(text).toContain(
      'dry run (validateOnly, one retraction of a made-up conversion): passed (the made-up conversion refused as expected: CONVERSION_NOT_FOUND)',
    );
    expect(text).not.toContain('fake-developer-token');
    expect(google.retractions()).toEqual([]);
    const wrong = await checkDestinations(
      readDestinationsConfig(writeConfig({ google: googleEntry({ retractions: retractions('nope') }) }), env),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.lines.join('\n')).toMatch(
      /one retraction of a made-up conversion\): failed: the Google Ads API refused the request \(HTTP 401 DEVELOPER_TOKEN_INVALID\)/,
    );
    const missing = readDestinationsConfig(writeConfig({ google: googleEntry({ retractions: { apiVersion: 'v23' } }) }), env);
    expect(missing.google?.problems).toEqual([
      'destinations.google.retractions.developerToken is missing: the Google Ads API developer token, e.g. "env:GOOGLE_ADS_DEVELOPER_TOKEN"',
    ]);
  });

  it('reports a refused dry run, a missing key and a skipped Meta run', async () => {
    const file = writeConfig({ google: googleEntry({ conversionActions: { form_submit: '999' } }), meta: metaEntry() });
    const report = await checkDestinations(readDestinationsConfig(file, env));
    expect(report.ok).toBe(false);
    const text = report.lines.join('\n');
    expect(text).toContain('dry run (validateOnly, one synthetic form_submit event): failed: INVALID_CONVERSION_ACTION_ID');
    expect(text).toContain('dry run skipped: no testEventCode in the config');
    const missing = await checkDestinations(readDestinationsConfig(writeConfig({ google: { operatingAccountId: '1234567890' } }), env));
    expect(missing.lines.join('\n')).toContain('missing or wrong: destinations.google.conversionActions is missing');
    expect(missing.lines.join('\n')).toContain('meta: not configured');
  });
});
