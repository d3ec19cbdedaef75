/**
 * What came of taking back a spam lead's uploaded conversions, in one line for the lead
 * (GET /api/leads `quality.takeBack`, the dashboard): from its ledger rows' retractions.
 */
import type { Upload } from '../store/upload-types';

const plural = (n: number) => `${n} uploaded conversion${n > 1 ? 's' : ''}`;
const where = (rows: readonly Upload[]) => [...new Set(rows.map((r) => r.destination))].join(', ');

/** E.g. "took back 1 uploaded conversion (google); could not take back 1 uploaded conversion (Meta's Conversions API documents no retraction)". */
export function takeBackNote(rows: readonly Upload[]): string | undefined {
  // A conversion the platform rejected after the retraction was asked has nothing to take back.
  const asked = rows.filter((r) => r.retraction && (r.state === 'sent' || r.state === 'accepted'));
  if (!asked.length) return undefined;
  const of = (...states: string[]) => asked.filter((r) => states.includes(r.retraction!.state));
  const parts: string[] = [];
  const [done, waiting, lost] = [of('retracted'), of('waiting'), of('refused', 'impossible')];
  if (done.length) parts.push(`took back ${plural(done.length)} (${where(done)})`);
  if (waiting.length)
    parts.push(`taking back ${plural(waiting.length)} (${where(waiting)}: ${waiting[0]!.retraction!.reason ?? 'waiting'})`);
  if (lost.length) {
    const reasons = [...new Set(lost.map((r) => `${r.destination}: ${r.retraction!.reason ?? r.retraction!.state}`))];
    parts.push(`could not take back ${plural(lost.length)} (${reasons.join('; ')})`);
  }
  return parts.join('; ');
}
