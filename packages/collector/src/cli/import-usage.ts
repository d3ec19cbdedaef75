import { PRESET_NAMES } from '../crm/presets';

export const IMPORT_USAGE = `Usage: leadbeacon-collector import outcomes FILE.csv --db <file|url> [options]

Imports lead outcomes from a CRM export, as the CRM wrote it (through --preset or --map), or in
our own columns (a header row naming them, any order; other columns are ignored):
  event_id, user_id, click_id, email, phone, anonymous_id   at least one: which lead it is
  status      qualified, won, lost, or a name given with --status
  time        ISO 8601 with an offset, e.g. 2026-11-23T14:30:00+07:00
  value       optional, digits and an optional '.', e.g. 2500000 or 149.90
  currency    ISO 4217 code, needed with a value (or --currency)
  record_id   optional: the CRM's record id; with the status, one outcome per record and stage
Emails and phones are normalised and hashed as the tracker does; the plain values are never
stored. Importing the same file again changes nothing. A file goes in whole or not at all:
each rejected row is listed by line, and nothing is imported unless --skip-bad-rows.

Options:
  --db <file or url>      the collector's SQLite file (default ./leadbeacon.sqlite) or
                          PostgreSQL URL (or LEADBEACON_DB)
  --preset <name>         the CRM's export columns: ${PRESET_NAMES.join(', ')}
  --map <file.json>       {"columns": {"leadId": "…", "email": "…", "status": "…", "time": "…", …},
                           "statuses": {"Closed Won": "won", "Open": null}, "currency": "EUR"};
                          over a preset, it wins field by field
  --delimiter <, ; tab>   the field separator (default: found from the header line)
  --decimal <, or .>      the decimal mark of amounts: 1.200,50 with ',' (default: plain numbers only)
  --date-format <pattern> Unicode date pattern of the times, e.g. dd.MM.yyyy HH:mm (a date alone is noon)
  --timezone <zone>       IANA zone of times written without an offset, e.g. Europe/Berlin
  --dry-run               show how the first rows map and what would match; save nothing
  --skip-bad-rows         import the good rows when some are rejected (each is listed)
  --status <name>         a status besides qualified, won and lost; repeatable
  --default-country <cc>  ISO country for national phone numbers, e.g. VN (0912 345 678 -> +84912345678)
  --currency <code>       currency of values given without one
  --help                  show this help

Exit code: 0 all rows imported, 1 rows rejected (nothing imported; with --skip-bad-rows the
others were) or the file could not be read (nothing imported), 2 a wrong option.
`;
