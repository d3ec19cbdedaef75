import { CommandError, openExistingDb, parse, UsageError } from './args';

export const LEADS_USAGE = `Usage: leadbeacon-collector leads release ID… --db <file|url>

Releases held-back leads (verdict suspect or spam): their conversions go into exports and
uploads again (the next sync pass plans them). IDs are the leads' event ids, as GET /api/leads
lists them. Prints one line per lead; exits 1 when one was not held (unknown, ok, or released).

Options:
  --db <file or url>    the collector's SQLite file (default ./leadbeacon.sqlite) or PostgreSQL URL
                        (or LEADBEACON_DB)
  --help                show this help
`;

export async function leadsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, help: { type: 'boolean' } }, true);
  if (values.help) return void process.stdout.write(LEADS_USAGE);
  const [action, ...ids] = positionals;
  if (action !== 'release') throw new UsageError(`leads: the only action is release, got '${action ?? ''}'`);
  if (!ids.length) throw new UsageError('leads release: give at least one lead id');
  const store = await openExistingDb(values.db);
  try {
    const released = new Set(await store.releaseLeads(ids, new Date()));
    for (const id of ids) process.stdout.write(`${id}: ${released.has(id) ? 'released' : 'not held (unknown, ok, or released already)'}\n`);
    if (released.size < new Set(ids).size) throw new CommandError(`${new Set(ids).size - released.size} of the leads were not held`);
  } finally {
    await store.close();
  }
}
