import { advise } from '../advice/advise';
import { adviceText } from '../advice/table';
import { parseInstant } from '../exports/time';
import { openExistingDb, parse, UsageError } from './args';

export const ADVISE_USAGE = `Usage: leadbeacon-collector advise --db <file|url> [--json] [--since DATE] [--until DATE]

Which funnel step to bid on, and each step's value learned from the CRM's outcomes: per step
(form_submit, call_click, …, qualified, won, your statuses) how many, how many in the last 30
days, the delay from the ad click (median, 90th percentile), the share that was won, the learned
value beside the configured one, and the reason for each step's role. Reads the database only.

Options:
  --db <file or url>   the collector's SQLite file (default ./leadbeacon.sqlite) or PostgreSQL
                       URL (or LEADBEACON_DB)
  --json               print the advice as JSON (as GET /api/advice answers)
  --since <date>       2026-09-01 or 2026-09-01T00:00:00+07:00 (UTC days); default 90 days
                       before --until
  --until <date>       exclusive end; default now
  --help               show this help
`;

export async function adviseCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    since: { type: 'string' },
    until: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) return void process.stdout.write(ADVISE_USAGE);
  let window: { since?: Date; until?: Date };
  try {
    window = {
      ...(values.since !== undefined ? { since: parseInstant(values.since, 'UTC', '--since') } : {}),
      ...(values.until !== undefined ? { until: parseInstant(values.until, 'UTC', '--until') } : {}),
    };
    if (window.since && window.since >= (window.until ?? new Date())) throw new Error('--since must be before --until');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const store = await openExistingDb(values.db);
  try {
    const advice = await advise(store, window);
    process.stdout.write(values.json ? `${JSON.stringify(advice, null, 2)}\n` : adviceText(advice));
  } finally {
    await store.close();
  }
}
