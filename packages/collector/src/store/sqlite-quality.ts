import type { Database } from 'better-sqlite3';
import { CHUNK } from './sqlite-outcomes';
import type { QualityStore } from './types';

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The leads' quality in SQLite (QualityStore): page views seen, release, marking spam. */
export function sqliteQuality(db: Database): QualityStore {
  const markSpam = db.prepare<[string, string, string], unknown>(
    `UPDATE leads SET quality_verdict = 'spam', released_at = NULL,
       quality_reasons = CASE WHEN quality_reasons LIKE ? THEN quality_reasons
         ELSE json_insert(coalesce(quality_reasons, '[]'), '$[#]', ?) END
     WHERE event_id = ?`,
  );
  const conversionIds = db.prepare<[string], { id: string }>(
    `SELECT CASE WHEN r.revision > 1 THEN o.id || '~' || r.revision ELSE o.id END AS id
       FROM outcomes o JOIN outcome_revisions r ON r.outcome_id = o.id WHERE o.lead_event_id = ?`,
  );
  return {
    async sessionsWithPageView(ids) {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const rows = db.prepare<string[], { session_id: string }>(
          `SELECT session_id FROM sessions WHERE session_id IN (${inList(chunk.length)})`,
        );
        for (const r of rows.all(...chunk)) found.add(r.session_id);
      }
      return found;
    },
    async releaseLeads(ids, at) {
      const released: string[] = [];
      const release = db.prepare<[string, string], unknown>(
        `UPDATE leads SET released_at = ? WHERE event_id = ? AND quality_verdict IN ('suspect', 'spam') AND released_at IS NULL`,
      );
      const due = db.prepare<[string], unknown>(
        `UPDATE uploads SET waiting_until = NULL WHERE conversion_id = ? AND state = 'waiting' AND reason LIKE 'held back:%'`,
      );
      db.transaction(() => {
        for (const id of ids) {
          if (!release.run(at.toISOString(), id).changes) continue;
          released.push(id);
          for (const c of [id, ...conversionIds.all(id).map((r) => r.id)]) due.run(c);
        }
      })();
      return released;
    },
    async markSpam(eventId, reason) {
      return markSpam.run(`%"${reason}"%`, reason, eventId).changes === 1;
    },
    async setTakeBack(eventId, note) {
      db.prepare('UPDATE leads SET take_back = ? WHERE event_id = ?').run(note, eventId);
    },
    async leadConversionIds(eventId) {
      return [eventId, ...conversionIds.all(eventId).map((r) => r.id)];
    },
  };
}
