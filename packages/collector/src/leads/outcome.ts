import { createHash } from 'node:crypto';
import { isDateTime } from '@leadbeacon/wire';
import { googleEmail, googlePhone, metaEmail, metaPhone, sha256Hex } from '../platforms/identifiers';

/** Statuses every collector knows; more come from `--status` (`statuses` in code). */
export const BUILT_IN_STATUSES = ['qualified', 'won', 'lost'] as const;
/** Accepted too: they mark the lead spam (quality/crm-spam.ts). */
export const SPAM_STATUSES = ['spam', 'junk'] as const;

/**
 * How an outcome names its lead. Email and phone are kept only as the SHA-256 of their
 * normalised form by Google's rules, as the tracker hashes them, so they match the leads' hashes.
 */
export interface OutcomeRef {
  eventId?: string;
  userId?: string;
  anonymousId?: string;
  hashedEmail?: string;
  hashedPhone?: string;
  /** An ad click id the CRM recorded (gclid, gbraid, wbraid, fbclid, msclkid…): matched against the leads' click ids. */
  clickId?: string;
}

/**
 * The order in which references are tried when matching, the most specific first: the lead's id
 * (or the user id the site gave it), its ad click id, the hashed email, the hashed phone, and last
 * the browser's anonymous id (one browser may be several people's, or one person's several leads).
 */
export const REF_KEYS = ['eventId', 'userId', 'clickId', 'hashedEmail', 'hashedPhone', 'anonymousId'] as const;
export type RefKey = (typeof REF_KEYS)[number];

/** A reference's name in reports (CLI, API, dashboard). */
export const REF_KEY_NAMES: Record<RefKey, string> = {
  eventId: 'leadId',
  userId: 'userId',
  clickId: 'clickId',
  hashedEmail: 'email',
  hashedPhone: 'phone',
  anonymousId: 'anonymousId',
};

/** The keys an outcome id was made of before click ids and record ids: kept, so re-imports find their outcomes. */
const ID_KEYS = ['eventId', 'userId', 'anonymousId', 'hashedEmail', 'hashedPhone'] as const;

export interface Outcome {
  /** Stable id from the reference, status and time: importing the same row again finds it. */
  id: string;
  ref: OutcomeRef;
  /** Lowercase: qualified, won, lost or a configured name. */
  status: string;
  /** UTC ISO 8601. */
  time: string;
  value?: number;
  currency?: string;
  /** SHA-256 of the CRM's email/phone by Meta's rules (the ref holds Google's): what Meta exports send. */
  metaHashedEmail?: string;
  metaHashedPhone?: string;
  /** The CRM's own record id (deal, opportunity, lead): with the status, it makes the outcome's id. */
  recordId?: string;
}

/** An outcome as stored: with its lead once matched. */
export interface StoredOutcome extends Outcome {
  leadEventId?: string;
  /** The reference its lead was found by (outcomes matched before this was kept have none). */
  matchedBy?: RefKey;
  receivedAt: string;
  /**
   * Which of its values `value`/`currency` are: 1 for the first, one more each time an import
   * gave the same outcome another value or currency (every revision is kept: `outcomeRevisions`).
   */
  revision: number;
}

export interface OutcomeOptions {
  /** Statuses accepted besides qualified, won and lost. */
  statuses?: readonly string[];
  /** ISO country for national phone numbers, e.g. 'VN' (as the tracker's `defaultCountry`). */
  defaultCountry?: string;
  /** Currency for a value given without one. */
  defaultCurrency?: string;
  /** The collector's clock: outcomes dated later (beyond CLOCK_SKEW_MS) are refused. */
  now?: Date;
}

/** The fields of one outcome as they arrive (a CSV row or a JSON object), by the documented names. */
export type OutcomeInput = Record<string, unknown>;

export type OutcomeParse = { ok: true; outcome: Outcome } | { ok: false; reason: string };

const STATUS_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
/** The ISO 4217 codes Node knows (Intl, from ICU): `XYZ` is not one. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** How far past the collector's clock an outcome may be dated: a CRM's clock may run a little ahead. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether `code` (uppercase) is an ISO 4217 currency code. */
export const isCurrency = (code: string): boolean => CURRENCIES.has(code);
const MAX_REF = 200;

/** A status name is lowercase letters, digits, '_' or '-', starting with a letter. */
export function checkStatusNames(names: readonly string[]): string[] {
  const bad = names.filter((n) => !STATUS_NAME.test(n));
  if (bad.length)
    throw new Error(
      `status names must be lowercase letters, digits, '_' or '-' (starting with a letter), got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  return [...new Set([...BUILT_IN_STATUSES, ...SPAM_STATUSES, ...names])];
}

function text(input: OutcomeInput, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`${key} must be text`);
  const s = String(v).trim();
  // No database text type takes it (PostgreSQL refuses it outright), and no CRM means it.
  if (s.includes('\u0000')) throw new Error(`${key} contains a NUL character`);
  return s === '' ? undefined : s;
}

/** The CRM's email and phone, hashed each platform's way: Google's in the reference, Meta's beside. */
function contactHashes(input: OutcomeInput, options: OutcomeOptions): Pick<OutcomeRef, 'hashedEmail' | 'hashedPhone'> & MetaHashes {
  const out: Pick<OutcomeRef, 'hashedEmail' | 'hashedPhone'> & MetaHashes = {};
  const email = text(input, 'email');
  if (email !== undefined) {
    const normalized = googleEmail(email);
    if (!normalized) throw new Error('email is not an email address');
    out.hashedEmail = sha256Hex(normalized);
    // Meta takes no inner whitespace (Google removes it): such an address has no Meta hash.
    const forMeta = metaEmail(email);
    if (forMeta) out.metaHashedEmail = sha256Hex(forMeta);
  }
  const phone = text(input, 'phone');
  if (phone !== undefined) {
    const normalized = googlePhone(phone, options.defaultCountry);
    if (!normalized)
      throw new Error(
        `phone cannot be written in E.164${options.defaultCountry ? '' : ' (a national number needs --default-country, e.g. VN)'}`,
      );
    out.hashedPhone = sha256Hex(normalized);
    out.metaHashedPhone = sha256Hex(metaPhone(phone, options.defaultCountry));
  }
  return out;
}

type MetaHashes = Pick<Outcome, 'metaHashedEmail' | 'metaHashedPhone'>;

function refOf(input: OutcomeInput, options: OutcomeOptions): { ref: OutcomeRef; meta: MetaHashes } {
  const ref: OutcomeRef = {};
  for (const [key, field] of [
    ['event_id', 'eventId'],
    ['user_id', 'userId'],
    ['anonymous_id', 'anonymousId'],
    ['click_id', 'clickId'],
  ] as const) {
    const v = text(input, key);
    if (v !== undefined && v.length > MAX_REF) throw new Error(`${key} is longer than ${MAX_REF} characters`);
    if (v !== undefined) ref[field] = v;
  }
  const { metaHashedEmail, metaHashedPhone, ...google } = contactHashes(input, options);
  Object.assign(ref, google);
  if (!REF_KEYS.some((k) => ref[k] !== undefined))
    throw new Error('no lead reference: give event_id, user_id, click_id, email, phone or anonymous_id');
  const meta: MetaHashes = {};
  if (metaHashedEmail) meta.metaHashedEmail = metaHashedEmail;
  if (metaHashedPhone) meta.metaHashedPhone = metaHashedPhone;
  return { ref, meta };
}

function money(input: OutcomeInput, options: OutcomeOptions): Pick<Outcome, 'value' | 'currency'> {
  const raw = text(input, 'value');
  const currency = text(input, 'currency')?.toUpperCase();
  if (currency !== undefined && !isCurrency(currency))
    throw new Error(`currency must be an ISO 4217 code such as USD or VND, got '${currency}'`);
  if (raw === undefined) return currency ? { currency } : {};
  // Plain decimal numbers only: '1,200' could mean 1.2 or 1200 depending on the CRM's locale.
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new Error(`value must be a number >= 0 written with digits and an optional '.', got '${raw}'`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`value must be a finite number, got one of ${raw.length} digits`);
  const cur = currency ?? options.defaultCurrency;
  if (!cur) throw new Error('value needs a currency (a currency column, or --currency)');
  return { value, currency: cur };
}

/** Refuses a time later than the collector's clock (beyond CLOCK_SKEW_MS): the ad platforms refuse it too. */
function checkNotFuture(time: string, raw: string, now: Date): void {
  if (Date.parse(time) <= now.getTime() + CLOCK_SKEW_MS) return;
  throw new Error(`time '${raw}' is in the future (the collector's clock says ${now.toISOString()}): check the CRM's time and time zone`);
}

/**
 * The stable id of an outcome: a hash of the CRM's record id and the status when the CRM gave one
 * (the same deal at the same stage is one outcome, whatever its time), else of its reference,
 * status and time.
 */
export function outcomeId(ref: OutcomeRef, status: string, time: string, recordId?: string): string {
  const parts = recordId !== undefined ? ['record', recordId, status] : [...ID_KEYS.map((k) => ref[k] ?? null), status, time];
  // A click id joins the key only when there is one, so outcomes without one keep their ids.
  if (recordId === undefined && ref.clickId !== undefined) parts.push(ref.clickId);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function recordIdOf(input: OutcomeInput): { recordId?: string } {
  const v = text(input, 'record_id');
  if (v !== undefined && v.length > MAX_REF) throw new Error(`record_id is longer than ${MAX_REF} characters`);
  return v === undefined ? {} : { recordId: v };
}

/** Checks and normalises one outcome; a reason names the field at fault. Plain emails/phones never leave this function. */
export async function parseOutcome(input: OutcomeInput, statuses: readonly string[], options: OutcomeOptions = {}): Promise<OutcomeParse> {
  try {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('an outcome must be an object');
    const { ref, meta } = refOf(input, options);
    const status = text(input, 'status')?.toLowerCase();
    if (status === undefined) throw new Error('status is missing');
    if (!statuses.includes(status)) throw new Error(`status '${status}' is not one of ${statuses.join(', ')} (add names with --status)`);
    const rawTime = text(input, 'time');
    if (rawTime === undefined) throw new Error('time is missing');
    if (!isDateTime(rawTime)) throw new Error(`time must be ISO 8601 with an offset, e.g. 2026-11-23T14:30:00+07:00, got '${rawTime}'`);
    const time = new Date(rawTime).toISOString();
    checkNotFuture(time, rawTime, options.now ?? new Date());
    const record = recordIdOf(input);
    const id = outcomeId(ref, status, time, record.recordId);
    return { ok: true, outcome: { id, ref, status, time, ...money(input, options), ...meta, ...record } };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
