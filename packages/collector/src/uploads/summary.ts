/**
 * The figures of one sync pass per destination, and its summary line:
 * `google: 12 sent, 11 accepted, 1 rejected (INVALID_GCLID), 3 waiting (click under 6 h)`.
 * sent/accepted/rejected/given up count what this pass did; waiting is the ledger's after it.
 */
import type { Destination, RetractionChange, Upload, UploadChange } from '../store/upload-types';

export class PassTally {
  sent = 0;
  accepted = 0;
  rejected = new Map<string, number>();
  givenUp = new Map<string, number>();
  /** Accepted rows of Google requests some of whose records were refused (PARTIAL_SUCCESS), by reason. */
  partly = new Map<string, number>();
  waiting = new Map<string, { count: number; until?: string }>();
  /** Events sent without a field, by why (Meta: only a Google-style hash of the email/phone). */
  notes = new Map<string, number>();
  /** Conversions taken back (retract.ts), and retractions refused by reason. */
  retracted = 0;
  retractionsRefused = new Map<string, number>();
  /** Why the pass stopped early for a reason the operator must fix (credentials, config). */
  stopped?: string;
  /** Dry run: events the platform found valid, or why it was skipped. */
  dryRun?: { valid: number; skipped?: string };

  constructor(readonly destination: Destination) {}

  count(changes: readonly UploadChange[]): void {
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const ch of changes) {
      if (ch.state === 'sent' && ch.requestId && !ch.waitingUntil) this.sent++;
      else if (ch.state === 'accepted') {
        this.accepted++;
        if (ch.reason) add(this.partly, ch.reason.replace(/^partly refused: /, ''));
      } else if (ch.state === 'rejected') add(this.rejected, ch.reason ?? 'no reason given');
      else if (ch.state === 'given_up') add(this.givenUp, ch.reason ?? 'no reason given');
    }
  }

  countRetractions(changes: readonly RetractionChange[]): void {
    for (const ch of changes) {
      if (ch.state === 'retracted') this.retracted++;
      else if (ch.state === 'refused')
        this.retractionsRefused.set(ch.reason ?? '', (this.retractionsRefused.get(ch.reason ?? '') ?? 0) + 1);
    }
  }

  note(why: string | null): void {
    if (why) this.notes.set(why, (this.notes.get(why) ?? 0) + 1);
  }

  /** Meta's accepted rows were sent too. */
  countSent(n: number): void {
    this.sent += n;
  }

  /** The ledger's waiting rows after the pass, by reason, with the earliest time one is due. */
  countWaiting(rows: readonly Upload[]): void {
    for (const r of rows) {
      const reason = (r.reason ?? 'not sent yet')
        .replace(/^retry: .*/, 'retry after an error')
        .replace(/^credentials refused: .*/, 'credentials refused');
      const w = this.waiting.get(reason) ?? { count: 0 };
      w.count++;
      if (r.waitingUntil && (!w.until || r.waitingUntil < w.until)) w.until = r.waitingUntil;
      this.waiting.set(reason, w);
    }
  }

  /** Nothing failed for a reason the operator must fix. */
  get ok(): boolean {
    return !this.stopped && this.rejected.size === 0 && this.partly.size === 0 && this.retractionsRefused.size === 0;
  }

  line(): string {
    const reasons = (m: Map<string, number>) =>
      m.size
        ? ` (${[...m]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .map(([r, n]) => (m.size > 1 ? `${n} ${r}` : r))
            .join(', ')})`
        : '';
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const waitingCount = [...this.waiting.values()].reduce((a, w) => a + w.count, 0);
    const waiting = [...this.waiting].map(
      ([r, w]) => `${this.waiting.size > 1 ? `${w.count} ` : ''}${r}${w.until ? `, first due ${w.until.slice(0, 16)}Z` : ''}`,
    );
    const parts = this.dryRun
      ? [this.dryRun.skipped ? `dry run skipped (${this.dryRun.skipped})` : `dry run: ${this.dryRun.valid} valid`]
      : [`${this.sent} sent`, `${this.accepted} accepted`];
    parts.push(
      `${total(this.rejected)} rejected${reasons(this.rejected)}`,
      `${waitingCount} waiting${waiting.length ? ` (${waiting.join('; ')})` : ''}`,
    );
    if (this.givenUp.size) parts.push(`${total(this.givenUp)} given up${reasons(this.givenUp)}`);
    if (this.partly.size) parts.push(`${total(this.partly)} of them in partly refused requests (${[...this.partly.keys()].join('; ')})`);
    for (const [why, n] of this.notes) parts.push(`${n} ${why}`);
    if (this.retracted) parts.push(`${this.retracted} taken back`);
    if (this.retractionsRefused.size) parts.push(`${total(this.retractionsRefused)} not taken back${reasons(this.retractionsRefused)}`);
    if (this.stopped) parts.push(`stopped: ${this.stopped}`);
    return `${this.destination}: ${parts.join(', ')}`;
  }
}
