/**
 * Submissions of forms, from the submit (or a plugin's signal) until they are counted or
 * forgotten: a state machine that needs no DOM. The forms detector feeds it what it sees;
 * it decides what is one lead.
 */
import { dedupe } from '../../helpers/dedupe';
import type { Stamp } from '../../types';

/**
 * How long after a submission a request counts as its evidence, and how long after a lead
 * another submission of the same form is the same lead (double click, second handler).
 */
export const EVIDENCE_MS = 5000;

export type Via = 'native' | 'script';

/**
 * Learns whether a request that may carry the waiting submission went through. `readAnswer`: the
 * status says nothing, its answer must be read (a form plugin's: HTTP 200 whatever the outcome).
 */
export type RequestOutcome = ((ok: boolean) => void) & { readAnswer?: boolean };

/** One submission of one form (`F`: the form itself, opaque here). */
export interface Submission<F> {
  form: F | null;
  formId: string;
  /** The plugin the form belongs to: its own success signal is the evidence. */
  plugin?: string;
  submittedAt: number;
  /** Requests started for it and not answered yet. */
  requestsOut: number;
  /** Counted: no other lead comes from it. */
  counted?: boolean;
  /** What the detector read at the submission, for the lead (email and phone to hash). */
  values?: unknown;
  /** Where and when it was submitted: the lead carries that page and time. */
  at?: Stamp;
  /** Its lead id, from the form's hidden field (`fillFields`): the lead's event id. */
  id?: string;
}

export interface SubmissionOptions<F> {
  now(): number;
  /** Records the lead. */
  lead(s: Submission<F>, via: Via, leaving: boolean): void;
  /** True once the plugins' own signals are heard: then a plugin form's request proves nothing. */
  pluginSignals(): boolean;
}

/** The submissions of a page's forms; the forms detector feeds it what it sees. */
export interface Submissions<F> {
  /**
   * The submission of this form: the waiting one (a plugin signal without a form matches by
   * plugin), or a new one. None when the form was counted a moment ago (a double click, a
   * second handler).
   */
  of(form: F | null, formId: string, plugin?: string): Submission<F> | undefined;
  /** Submitted (the event was seen): it waits for evidence from now. */
  submitted(s: Submission<F>): void;
  /**
   * Not prevented: the browser sends it, and the page goes with it when `leaves`. A plugin
   * posting into its own frame (Gravity Forms) reports success by its own signal instead.
   */
  native(s: Submission<F>, leaves: boolean): void;
  /** An invalid field (reportValidity, a failed attempt) ends the waiting submission of its form. */
  invalid(form: F): void;
  /** A plugin's success signal. */
  pluginSuccess(s: Submission<F>): void;
  /**
   * A request that may carry the waiting submission started: within 5 s of it, and not for a
   * plugin's form while its signals are heard (until they are, a plugin form's request counts
   * by what its answer says). Returns what learns whether it succeeded.
   */
  requestStarted(): RequestOutcome | undefined;
  /**
   * The site's own `track('form_submit', { formId })`: the lead of the waiting submission (or
   * of the only one, when it names none). After a lead we counted, a repeat: false drops it.
   */
  siteCall(formId: unknown): false | void;
  /** The page leaves with a request still out: it was sent. */
  leaving(): void;
  stop(): void;
}

export function createSubmissions<F>(o: SubmissionOptions<F>): Submissions<F> {
  /** Form ids counted in the last 5 s. */
  const counted = dedupe(o.now, EVIDENCE_MS);
  /** Submissions with requests in flight: counted if the page leaves before the answer. */
  const flying = new Set<Submission<F>>();
  /** The latest submission still waiting for evidence. */
  let waiting: Submission<F> | undefined;
  let stopped = false;

  const count = (s: Submission<F>) => {
    s.counted = true;
    flying.delete(s);
    counted.mark(s.formId);
    if (waiting === s) waiting = undefined;
  };
  const fire = (s: Submission<F>, via: Via, leaving = false) => {
    if (s.counted || stopped) return;
    count(s);
    o.lead(s, via, leaving);
  };

  return {
    of(form, formId, plugin) {
      if (counted.seen(formId)) return undefined;
      const w = waiting;
      return w && (w.formId === formId || (!form && w.plugin === plugin)) ? w : { form, formId, plugin, submittedAt: 0, requestsOut: 0 };
    },
    submitted(s) {
      waiting = s;
      s.submittedAt = o.now();
    },
    native(s, leaves) {
      if (leaves || !s.plugin) fire(s, 'native', leaves);
    },
    invalid(form) {
      if (waiting && waiting.form === form) waiting = undefined;
    },
    pluginSuccess: (s) => fire(s, 'script'),
    requestStarted() {
      const s = waiting;
      if (!s || (s.plugin && o.pluginSignals()) || o.now() - s.submittedAt > EVIDENCE_MS) return undefined;
      s.requestsOut++;
      flying.add(s);
      const outcome: RequestOutcome = (ok) => {
        if (!--s.requestsOut) flying.delete(s);
        if (ok) fire(s, 'script');
      };
      outcome.readAnswer = !!s.plugin;
      return outcome;
    },
    siteCall(formId) {
      const s = waiting;
      if (s && (!formId || formId === s.formId)) return count(s);
      // Not a string: its event is sent with formId "" (the stand-in), and counted as such.
      const id = typeof formId === 'string' ? formId : '';
      if (counted.seen(id)) return false;
      counted.mark(id);
    },
    leaving() {
      flying.forEach((s) => fire(s, 'script', true));
    },
    stop() {
      stopped = true;
    },
  };
}
