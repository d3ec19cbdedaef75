/**
 * `destinations check`: per destination, what the config file sets and lacks, then a dry run
 * with one synthetic event (Google: validateOnly, nothing stored; Meta: only with the config's
 * testEventCode, so nothing is counted). Secrets are never printed: only where they come from.
 */
import { randomUUID } from 'node:crypto';
import type { Conversion } from '../exports/conversions';
import { SYSTEM_ACTION_SOURCE, type MetaEvent } from '../exports/meta-capi';
import { sha256Hex } from '../platforms/identifiers';
import type { Attempt } from './attempt';
import type { DestinationEntry, DestinationsConfig, GoogleConfig, MetaConfig } from './config-types';
import { GoogleClient } from './google';
import { MetaClient } from './meta';
import { checkRetractions } from './retract';

export interface CheckReport {
  lines: string[];
  /** Every configured destination is complete and its dry run passed (or was skipped for want of a test code). */
  ok: boolean;
}

const steps = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([step, v]) => `${step}=${v}`)
    .join(', ');

function describeAttempt(a: Attempt): { ok: boolean; text: string } {
  if (a.kind === 'taken') return { ok: true, text: 'passed' };
  return { ok: false, text: `failed: ${a.reason}` };
}

/** A conversion made up for the dry run: a lead with a hashed email, an hour ago. */
function syntheticConversion(step: string): Conversion {
  return { step, kind: 'lead', time: new Date(Date.now() - 3_600_000).toISOString(), id: `leadbeacon-check-${randomUUID()}` };
}

export const CHECK_EMAIL_HASH = sha256Hex('leadbeacon-check@example.com');

async function checkGoogle(g: GoogleConfig, timeoutMs?: number): Promise<{ ok: boolean; lines: string[] }> {
  const c = g.credentials;
  const lines = [
    `  operating account ${g.operatingAccountId}${g.loginAccountId ? `, login account ${g.loginAccountId}` : ''}`,
    `  conversion actions ${steps(g.conversionActions)}${g.values === 'learned' ? ' (values: learned)' : ''}`,
    `  credentials ${c.kind === 'service_account' ? `service account ${c.clientEmail} (key file ${c.file})` : `OAuth refresh token of client ${c.clientId}`}, token from ${c.tokenUri}`,
    `  API ${g.apiUrl}`,
  ];
  const step = Object.keys(g.conversionActions)[0]!;
  const client = new GoogleClient(g, timeoutMs);
  const attempt = await client.ingest([{ conversion: syntheticConversion(step), ready: { email: CHECK_EMAIL_HASH } }], true);
  const { ok, text } = describeAttempt(attempt);
  lines.push(`  dry run (validateOnly, one synthetic ${step} event): ${text}`);
  if (!g.retractions) return { ok, lines };
  const retraction = await checkRetractions(client);
  lines.push(`  retractions: Google Ads API ${g.retractions.apiUrl}/${g.retractions.apiVersion}, developer token set (not shown)`);
  lines.push(`  dry run (validateOnly, one retraction of a made-up conversion): ${retraction.text}`);
  return { ok: ok && retraction.ok, lines };
}

async function checkMeta(m: MetaConfig, timeoutMs?: number): Promise<{ ok: boolean; lines: string[] }> {
  const lines = [
    `  pixel ${m.pixelId}, API ${m.apiUrl}/${m.apiVersion}`,
    `  events ${steps(m.events)}${m.values === 'learned' ? ' (values: learned)' : ''}`,
    '  access token set (not shown)',
  ];
  if (!m.testEventCode) {
    lines.push('  dry run skipped: no testEventCode in the config (Events Manager > Test events gives one)');
    return { ok: true, lines };
  }
  const [step, name] = Object.entries(m.events)[0]!;
  const c = syntheticConversion(step);
  const event: MetaEvent = {
    event_name: name,
    event_time: Math.floor(Date.parse(c.time) / 1000),
    event_id: c.id,
    action_source: SYSTEM_ACTION_SOURCE,
    user_data: { em: [CHECK_EMAIL_HASH] },
    custom_data: { value: 1, currency: 'USD' },
  };
  const { ok, text } = describeAttempt(await new MetaClient(m, timeoutMs).send([event], m.testEventCode));
  lines.push(`  dry run (test event code ${m.testEventCode}, one synthetic ${name} event): ${text}`);
  return { ok, lines };
}

async function checkOne<T>(
  name: string,
  entry: DestinationEntry<T> | undefined,
  run: (config: T) => Promise<{ ok: boolean; lines: string[] }>,
): Promise<{ ok: boolean; lines: string[] }> {
  if (!entry) return { ok: true, lines: [`${name}: not configured (no destinations.${name}): nothing is sent there`] };
  if (!entry.config)
    return {
      ok: false,
      lines: [`${name}: incomplete, nothing is sent until fixed:`, ...entry.problems.map((p) => `  missing or wrong: ${p}`)],
    };
  const result = await run(entry.config);
  return { ok: result.ok, lines: [`${name}: configured`, ...result.lines] };
}

export async function checkDestinations(config: DestinationsConfig, timeoutMs?: number): Promise<CheckReport> {
  const google = await checkOne('google', config.google, (g) => checkGoogle(g, timeoutMs));
  const meta = await checkOne('meta', config.meta, (m) => checkMeta(m, timeoutMs));
  return { lines: [`config ${config.file}`, ...google.lines, ...meta.lines], ok: google.ok && meta.ok };
}
