/**
 * The forms detector's optional features as the tracker and their lazy files share them: the
 * plugins' signals, the hashing, and the hidden fields (`fillFields`). Imports nothing of the core.
 */
import type { Props, TouchFacts } from '@leadbeacon/wire';

/** Form plugins' signals, once loaded: `hook()` looks again for a jQuery that came late. */
export interface PluginWatch {
  hook(): void;
  off(): void;
}

/** The email and phone fields' values of one submission (trimmed; each platform normalises them its way). */
export interface FormValues {
  email: string;
  phone: string;
}

/** Hashes of a form's email and phone fields, kept ready (detectors/forms/hashing.ts says how). */
export interface HashWatch {
  read(form: HTMLFormElement): FormValues;
  withHashes(values: FormValues, leaving: boolean, send: (hashed: Props) => void): void;
  off(): void;
}

/** What a lead form's hidden fields carry: the visitor's anonymous id, latest touch, and whether ads consent lets click ids go. */
export interface VisitorFacts {
  anonymousId: string;
  last: TouchFacts;
  ads: boolean;
}

/**
 * Hidden fields: the lead's ids written into the site's lead forms (`lb_lead_id`, `lb_gclid`,
 * `lb_source`, …), so the CRM record carries them. `true` fills the hidden inputs a form has;
 * `"add"` (or `{ add: true }`) adds the missing ones; `{ names }` maps a field to the form's name.
 * Loaded lazily (leadbeacon-fields.min.js).
 */
export type FillFields = boolean | 'add' | FillFieldsOptions;

/**
 * `FillFields`' object: `names` maps a documented field (`lb_lead_id`, `lb_gclid`, …) to
 * the name the site's form uses; `add: true` adds the hidden inputs a lead form lacks.
 */
export interface FillFieldsOptions {
  names?: Record<string, string>;
  add?: boolean;
}

/** Hidden fields, once loaded (detectors/forms/fields.ts). */
export interface FieldsWatch {
  /** Fills the form's fields now (a submit in the capture phase: before its data is read); returns its lead id. */
  fill(form: HTMLFormElement): string | undefined;
  /** A lead left with this id: the form's next submission gets a new one. */
  spent(id: string): void;
  off(): void;
}

/** The hidden fields' lazy feature (detectors/forms/fields.ts); `Ctx`: the detector context. */
export interface FieldsFeature<Ctx> {
  watchFields(ctx: Ctx, options: { include?: string; exclude?: string }, fill: FillFields): FieldsWatch;
}
