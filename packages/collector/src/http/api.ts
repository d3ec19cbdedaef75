import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValueSource } from '../advice/apply';
import { ExportError, FORMATS, isExportFormat, runExport, summary, type ExportOptions, type ExportResult } from '../exports/run';
import { checkTimeZone, parseInstant } from '../exports/time';
import { ingestOutcomes } from '../leads/ingest';
import type { OutcomeOptions } from '../leads/outcome';
import type { EventStore } from '../store/types';
import { errorMessage, HttpError, readJson, sendFile, sendJson } from './util';

/** Most outcomes one POST /api/outcomes may carry. */
export const MAX_OUTCOMES_PER_REQUEST = 1000;
/** Room for 1,000 outcomes; the route needs the admin token, so the public body limit does not apply. */
const OUTCOMES_BODY_LIMIT = 2_000_000;

export interface ApiOptions {
  store: EventStore;
  statuses: readonly string[];
  outcomeOptions: OutcomeOptions;
  /** Time zone of export files when the request names none. */
  timeZone: string;
  log: (line: string) => void;
}

/** `{ "outcomes": [...] }` or a bare array, 1 to 1,000 items. */
function outcomeList(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { outcomes?: unknown }).outcomes : undefined;
  if (!Array.isArray(list)) throw new HttpError(400, 'send {"outcomes": [...]} or an array of outcomes');
  if (list.length === 0) throw new HttpError(400, 'no outcomes in the request');
  if (list.length > MAX_OUTCOMES_PER_REQUEST)
    throw new HttpError(413, `${list.length} outcomes: at most ${MAX_OUTCOMES_PER_REQUEST} per request`);
  return list as Record<string, unknown>[];
}

/** The export options a query asks for (`since`, `until`, `timezone`, `name`, `values`); a bad one is a 400. */
function exportOptions(p: URLSearchParams, defaultTimeZone: string): ExportOptions {
  const timeZone = p.get('timezone') || defaultTimeZone;
  const instant = (key: string) => {
    const raw = p.get(key);
    return raw === null || raw === '' ? undefined : parseInstant(raw, timeZone, key);
  };
  try {
    checkTimeZone(timeZone);
    const since = instant('since');
    const until = instant('until');
    const values = p.get('values') || undefined;
    if (values !== undefined && !isValueSource(values)) throw new Error('values must be configured or learned');
    return {
      timeZone,
      names: p.getAll('name'),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(values ? { values } : {}),
    };
  } catch (err) {
    throw new HttpError(400, errorMessage(err));
  }
}

export function apiRoutes(o: ApiOptions) {
  return {
    /** POST /api/outcomes: the CRM's webhook. Answers per item: index of each rejected and unmatched outcome. */
    async outcomes(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
      const list = outcomeList(await readJson(req, OUTCOMES_BODY_LIMIT));
      const report = await ingestOutcomes(
        list.map((input, at) => ({ at, input })),
        o.store,
        o.statuses,
        o.outcomeOptions,
      );
      const accepted = report.received - report.rejected.length;
      o.log(
        `POST /api/outcomes ${accepted ? 200 : 400} ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`,
      );
      sendJson(res, accepted ? 200 : 400, {
        ...(accepted ? {} : { error: 'every outcome was rejected' }),
        received: report.received,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        matched: report.matched,
        matchedBy: report.matchedBy,
        unmatched: report.unmatched,
        rejected: report.rejected.map((r) => ({ index: r.at, reason: r.reason })),
      });
    },

    /**
     * GET /exports/<format>[/report]?since=&until=&timezone=&name=step=Name&values=learned: the file the CLI's
     * `export` writes for the same options, or its report of what was left out.
     */
    async exports(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET', { allow: 'GET' });
      const m = /^\/exports\/([a-z-]+?)(?:\.(?:csv|json))?(\/report)?$/.exec(url.pathname);
      const format = m?.[1] ?? '';
      if (!isExportFormat(format)) throw new HttpError(404, `no export ${format || url.pathname}: ${Object.keys(FORMATS).join(', ')}`);
      const options = exportOptions(url.searchParams, o.timeZone);
      let result: ExportResult;
      try {
        result = await runExport(o.store, format, options);
      } catch (err) {
        if (err instanceof ExportError) throw new HttpError(400, err.message);
        throw err;
      }
      o.log(`GET ${url.pathname} 200 ${summary(result)}`);
      const headers = { 'x-leadbeacon-written': String(result.written), 'x-leadbeacon-not-written': String(result.skipped.length) };
      // /exports/<format>/report: the report of what was left out (a CSV), instead of the file itself.
      const file = m?.[2]
        ? { body: result.report, contentType: 'text/csv; charset=utf-8', fileName: result.fileName.replace(/\.\w+$/, '.report.csv') }
        : { body: result.text, contentType: result.contentType, fileName: result.fileName };
      sendFile(res, file, headers);
    },
  };
}
