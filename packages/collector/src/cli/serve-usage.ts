export const SERVE_USAGE = `Usage: leadbeacon-collector [serve] [options]

Receives leadbeacon batches on POST /collect (and Segment-format batches on POST /v1/batch),
stores each event once in SQLite or PostgreSQL, keeps a lead for every form, call, email and
chat, and shows them on the dashboard (/dashboard) and the live page (/).

Options:
  --port <n>             port to listen on (default 8787; 0 picks a free one)
  --host <addr>          address to bind (default 127.0.0.1; 0.0.0.0 to accept from the network)
  --db <file or url>     SQLite file (default ./leadbeacon.sqlite) or PostgreSQL URL
                         postgres://user:password@host:5432/db (or LEADBEACON_DB)
  --db-pool <n>          PostgreSQL connections per collector (default 10)
  --cors-origin <o>      origin allowed to POST from a browser, e.g. https://example.com;
                         repeatable; '*' allows any (the default when none is given)
  --write-key <key>      a public write key every batch must carry (its writeKey field, or
                         Basic auth); repeatable, to replace a key without a gap (or
                         LEADBEACON_WRITE_KEY)
  --body-limit <n>       largest batch body in bytes (default 131072)
  --max-events <n>       most events in one batch, 1 to 500 (default 500)
  --rate-limit <n>       events per second one client address may send, sustained (default 50;
                         0 turns the limit off)
  --rate-burst <n>       events one client may send at once (default 500)
  --trust-proxy          take the client address from X-Forwarded-For from any peer (a load
                         balancer on another machine); a proxy on this machine is always believed
  --headers-timeout <s>  seconds a client has to send its request headers (default 10)
  --request-timeout <s>  seconds a client has to send its whole request (default 30)
  --forward <url>        also send every stored event to this URL, through an outbox in the
                         database (retried with backoff until it answers 2xx)
  --forward-format <f>   native (leadbeacon batches, the default) or segment (Segment /v1/batch)
  --forward-write-key <k>  sent to the forward URL as HTTP Basic user name (RudderStack, Jitsu)
  --admin-token <t>      token for the dashboard, events, outcomes API and exports (at least 16
                         characters; or LEADBEACON_ADMIN_TOKEN). Without one they answer only
                         on this machine (127.0.0.1)
  --timezone <tz>        IANA time zone of the dashboard's days and export files (default UTC)
  --status <name>        an outcome status besides qualified, won and lost; repeatable
  --default-country <cc> ISO country for national phone numbers in POST /api/outcomes, e.g. VN
  --sync-every <d>       send conversions to Google Ads and Meta every 15m, 1h, 1d… (a sync
                         pass, as the sync command runs; off unless given)
  --config <file>        the config file: destinations for --sync-every, CRM webhooks ("hooks"),
                         call tracking ("numbers", "twilio", "telnyx"), lead quality thresholds
                         ("quality") (also LEADBEACON_CONFIG; default leadbeacon.config.json beside
                         the database)
  --twilio-auth-token <t> Twilio's auth token, checking POST /api/calls/twilio (over the config's)
  --spam-min-form-ms <n> a form sent sooner after its first interaction is suspect (default 1000)
  --spam-min-page-ms <n> a lead sooner after the page loaded is suspect (default 1500)
  --spam-max-per-address <n>  more leads from one address in 10 min are suspect (default 10)
  --spam-max-per-visitor <n>  more leads from one visitor in 10 min are suspect (default 5)
  --spam-exempt <cidr>   leads from this address range are always ok (repeatable)
  --spam-no-honeypot <formId>  ignore that form's honeypot signal (repeatable)
  --help                 show this help

Commands:
  leadbeacon-collector import outcomes FILE.csv --db <file|url>     CRM outcomes from a CSV file
  leadbeacon-collector import calls FILE.csv --db <file|url>        a call log (call tracking)
  leadbeacon-collector export <format> --db <file|url> --out FILE   a file for Google Ads or Meta
  leadbeacon-collector sync --db <file|url> [--config FILE]        send conversions to the ad platforms
  leadbeacon-collector destinations check [--config FILE]          check the destinations config
  leadbeacon-collector advise --db <file|url> [--json]             which step to bid on, learned values
  leadbeacon-collector leads release ID… --db <file|url>           let held-back leads be exported and uploaded
Run a command with --help for its options.
`;
