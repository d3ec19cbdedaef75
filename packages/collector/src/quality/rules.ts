/**
 * A lead's quality verdict: `ok`, `suspect` or `spam`, with the reasons, from what the browser
 * saw (the event's `quality`, booleans and numbers only) and what only the collector sees. Each
 * rule has one threshold, tunable (config.ts); README "Junk leads" documents them.
 * Each reason weighs: `spam` 2, `suspect` 1, `hint` ½ (a hint alone never flags a lead: a site
 * may not record page views, and people can fill a form fast). Their sum: 2 or more, spam; 1 or
 * more, suspect; else ok.
 */
import type { LeadQuality } from '@leadbeacon/wire';

export const VERDICTS = ['ok', 'suspect', 'spam'] as const;
export type QualityVerdict = (typeof VERDICTS)[number];

export interface Judgement {
  verdict: QualityVerdict;
  reasons: string[];
}

/** The thresholds (all times in ms); DEFAULT_QUALITY has the defaults. */
export interface QualityConfig {
  /** A form submitted less than this after its first interaction: `fast_form` (a hint: autofill, a password manager, pasted values and the keyboard are that fast). */
  minFormMs: number;
  /** A lead less than this after the page loaded: `fast_page` (suspect). */
  minPageMs: number;
  /** The same form or number this many times before within minutes (the browser counts): `repeat` (suspect). */
  maxRepeat: number;
  /** More leads than this from one address within `windowMs`: `address_burst` (suspect). */
  maxPerAddress: number;
  /** More leads than this from one visitor within `windowMs`: `visitor_burst` (suspect). */
  maxPerVisitor: number;
  /** Two form leads of one visitor closer than this: `faster_than_typing` (suspect). */
  minBetweenFormsMs: number;
  windowMs: number;
  /** Forms (formId) whose honeypot signal is ignored: a site's own script fills a hidden field. */
  noHoneypotForms: string[];
  /** Address ranges (CIDR) whose leads are always `ok`: the site's own office. */
  exempt: string[];
}

export const DEFAULT_QUALITY: QualityConfig = {
  minFormMs: 1000,
  minPageMs: 1500,
  maxRepeat: 3,
  maxPerAddress: 10,
  maxPerVisitor: 5,
  minBetweenFormsMs: 3000,
  windowMs: 10 * 60_000,
  noHoneypotForms: [],
  exempt: [],
};

/** Every rule: its reason, how heavy it is, and what it looks at. */
export const RULES = {
  honeypot: 'spam',
  automation: 'spam',
  bot_user_agent: 'spam',
  untrusted_event: 'suspect',
  no_trusted_input: 'suspect',
  fast_form: 'hint',
  fast_page: 'suspect',
  repeat: 'suspect',
  address_burst: 'suspect',
  visitor_burst: 'suspect',
  faster_than_typing: 'suspect',
  no_page_view: 'hint',
  no_signals: 'hint',
  no_tracker: 'suspect',
  crm_spam: 'spam',
} as const satisfies Record<string, 'spam' | 'suspect' | 'hint'>;
export type Reason = keyof typeof RULES;

/** What the collector knows of a lead besides its signals. */
export interface LeadContext {
  type: string;
  formId?: string;
  signals?: LeadQuality;
  /** The sender's User-Agent header. */
  userAgent?: string;
  /** Leads from the same address (this one included) within the window. */
  perAddress: number;
  /** Leads from the same visitor (this one included) within the window. */
  perVisitor: number;
  /** Ms since this visitor's previous form lead (undefined: none in the window). */
  sinceLastForm?: number;
  /** The session had a page view before the lead (or in the same batch). */
  pageViewSeen: boolean;
  /** A version-2 lead without `quality`: every version-2 tracker sends it with a lead. */
  signalsMissing?: boolean;
  /** The batch came from the leadbeacon tracker (`sdk.name`); undefined: not known (Segment route). */
  fromTracker?: boolean;
}

/** Crawlers, HTTP libraries and automation that announce themselves in the User-Agent. */
const BOT_UA =
  /bot\b|crawler|spider|slurp|headlesschrome|phantomjs|python-requests|python-urllib|curl\/|wget\/|go-http-client|node-fetch|axios\/|okhttp|java\/|libwww|httpclient|scrapy|puppeteer|playwright|selenium/i;

export const isBotUserAgent = (ua: string | undefined): boolean => !!ua && BOT_UA.test(ua);

/**
 * No trusted input before the lead. A click lead's own trusted click is trusted input (a screen
 * reader's click has no pointer or key event before it); a trusted submit is not: a script's
 * `requestSubmit()` fires one.
 */
const noTrustedInput = (type: string, s: LeadQuality): boolean =>
  s.trustedInput === false && !(type !== 'form_submit' && s.trustedEvent === true);

/** The browser's signals against the thresholds. */
function signalReasons(c: LeadContext, q: QualityConfig): Reason[] {
  const s = c.signals ?? {};
  const found: Reason[] = [];
  if (s.honeypot === true && !(c.formId && q.noHoneypotForms.includes(c.formId))) found.push('honeypot');
  if (s.automation === true) found.push('automation');
  if (s.trustedEvent === false) found.push('untrusted_event');
  if (noTrustedInput(c.type, s)) found.push('no_trusted_input');
  if (c.type === 'form_submit' && typeof s.formMs === 'number' && s.formMs < q.minFormMs) found.push('fast_form');
  if (typeof s.pageMs === 'number' && s.pageMs < q.minPageMs) found.push('fast_page');
  if (typeof s.repeat === 'number' && s.repeat >= q.maxRepeat) found.push('repeat');
  return found;
}

/** What only the collector sees. */
function collectorReasons(c: LeadContext, q: QualityConfig): Reason[] {
  const found: Reason[] = [];
  if (isBotUserAgent(c.userAgent)) found.push('bot_user_agent');
  if (c.perAddress > q.maxPerAddress) found.push('address_burst');
  if (c.perVisitor > q.maxPerVisitor) found.push('visitor_burst');
  if (c.type === 'form_submit' && c.sinceLastForm !== undefined && c.sinceLastForm < q.minBetweenFormsMs) found.push('faster_than_typing');
  if (!c.pageViewSeen) found.push('no_page_view');
  if (c.signalsMissing) found.push('no_signals');
  if (c.fromTracker === false) found.push('no_tracker');
  return found;
}

const WEIGHT = { spam: 2, suspect: 1, hint: 0.5 } as const;

/** The verdict of a list of reasons by their weights (see above). */
export function verdictOf(reasons: readonly Reason[]): QualityVerdict {
  const score = reasons.reduce((sum, r) => sum + WEIGHT[RULES[r]], 0);
  return score >= 2 ? 'spam' : score >= 1 ? 'suspect' : 'ok';
}

export function judgeLead(c: LeadContext, q: QualityConfig = DEFAULT_QUALITY): Judgement {
  const reasons = [...signalReasons(c, q), ...collectorReasons(c, q)];
  return { verdict: verdictOf(reasons), reasons };
}
