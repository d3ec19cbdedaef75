/**
 * What the browser saw about how a lead was made (version 2, on lead events only): booleans and
 * numbers, never a value anyone typed. The collector turns them, with what only it sees, into a
 * verdict (`ok`, `suspect`, `spam`). Every field is optional: a tracker sends what it measured.
 */
export interface LeadQuality {
  /** A field hidden from people (CSS, off-screen, aria-hidden/tabindex=-1, a plugin's honeypot name) was not empty. */
  honeypot?: boolean;
  /** Milliseconds from the first interaction with the form to its submit. */
  formMs?: number;
  /** Milliseconds from the page's load to the lead. */
  pageMs?: number;
  /** Whether any trusted pointer, touch or key input reached the page before the lead. */
  trustedInput?: boolean;
  /** `isTrusted` of the click or submit that made the lead. */
  trustedEvent?: boolean;
  /** The browser says it is automated (`navigator.webdriver`, a headless user agent). */
  automation?: boolean;
  /** How many times before this one the same form was submitted, or the same link clicked, within minutes. */
  repeat?: number;
}

const ms = { type: 'number', minimum: 0 };

/** JSON Schema (draft-07) of `quality` (open, like every object of the wire format). */
export const qualitySchema = {
  type: 'object',
  properties: {
    honeypot: { type: 'boolean' },
    formMs: ms,
    pageMs: ms,
    trustedInput: { type: 'boolean' },
    trustedEvent: { type: 'boolean' },
    automation: { type: 'boolean' },
    repeat: { type: 'integer', minimum: 0 },
  },
} as const;
