/**
 * Recent leads per address and per visitor, in memory only. The collector never stores IPs: an
 * address is counted under an HMAC-SHA-256 of it with a random salt that lives only in this
 * process and is replaced every two windows (the old one kept one window more, so counts carry
 * over); nothing of it is written anywhere, and a restart forgets every count.
 */
import { createHmac, randomBytes } from 'node:crypto';

interface Seen {
  /** Lead times (ms), oldest first. */
  times: number[];
  /** Form leads only. */
  forms: number[];
}

export interface Recent {
  perAddress: number;
  perVisitor: number;
  /** Ms since the visitor's previous form lead inside the window. */
  sinceLastForm?: number;
}

/** Most keys kept: past it the oldest are dropped (a flood cannot grow memory without bound). */
const MAX_KEYS = 100_000;

export class LeadWatch {
  private salt = randomBytes(32);
  private previousSalt: Buffer | undefined;
  private saltSince: number;
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly windowMs: number,
    now: number = Date.now(),
  ) {
    this.saltSince = now;
  }

  /** The keyed hash an address is counted under (exported for the test that checks no address is kept). */
  addressKey(address: string, salt: Buffer = this.salt): string {
    return 'a:' + createHmac('sha256', salt).update(address).digest('base64url');
  }

  /** Counts one lead of `address` and `visitor` at `now` and says what was seen within the window. */
  note(address: string, visitor: string, isForm: boolean, now: number): Recent {
    this.rotate(now);
    const old = this.previousSalt ? this.seen.get(this.addressKey(address, this.previousSalt)) : undefined;
    const byAddress = this.touch(this.addressKey(address), now, false, old);
    const byVisitor = this.touch('v:' + visitor, now, isForm);
    const forms = byVisitor.forms;
    const previousForm = isForm ? forms[forms.length - 2] : undefined;
    return {
      perAddress: byAddress.times.length,
      perVisitor: byVisitor.times.length,
      ...(previousForm !== undefined ? { sinceLastForm: now - previousForm } : {}),
    };
  }

  /** How many keys are held (for the test of the bound). */
  get size(): number {
    return this.seen.size;
  }

  private rotate(now: number): void {
    if (now - this.saltSince < 2 * this.windowMs) return;
    this.previousSalt = this.salt;
    this.salt = randomBytes(32);
    this.saltSince = now;
  }

  private touch(key: string, now: number, isForm: boolean, carried?: Seen): Seen {
    const since = now - this.windowMs;
    const entry = this.seen.get(key) ?? { times: [...(carried?.times ?? [])], forms: [] };
    entry.times = entry.times.filter((t) => t > since);
    entry.forms = entry.forms.filter((t) => t > since);
    entry.times.push(now);
    if (isForm) entry.forms.push(now);
    this.seen.delete(key);
    this.seen.set(key, entry);
    if (this.seen.size > MAX_KEYS) this.seen.delete(this.seen.keys().next().value!);
    return entry;
  }
}
