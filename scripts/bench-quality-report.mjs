// The tables npm run bench:quality prints (scripts/bench-quality.mjs): per kind of session, how
// many were flagged; recall, people flagged and precision; and per rule what it costs and what
// it catches. A session is flagged when any of its leads is suspect or spam. Per rule:
//   people fired on: sessions of people where it was among a lead's reasons;
//   people alone: ... where it was a lead's only reason;
//   people flagged by it: flagged sessions of people that would be ok without the rule (its false positives);
//   bots fired on, and bots only it caught (flagged, and ok without it).
// `verdictOf` and `RULES` are the collector's own (packages/collector/src/quality/rules.ts).

const percent = (a, b) => `${a}/${b} = ${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

/** Each session with its leads' reasons: `{kind, bot, leads: string[][], flagged}`. */
export function judgedSessions(sessions, leads) {
  const byVisitor = new Map();
  for (const l of leads) byVisitor.set(l.anonymousId, [...(byVisitor.get(l.anonymousId) ?? []), l]);
  return sessions.map((x) => {
    const own = byVisitor.get(x.aid) ?? [];
    return {
      ...x,
      leads: own.map((l) => l.quality?.reasons ?? []),
      flagged: own.some((l) => l.quality && l.quality.verdict !== 'ok'),
    };
  });
}

function kindTable(judged) {
  const rows = new Map();
  for (const x of judged) {
    const r = rows.get(x.kind) ?? { bot: x.bot, n: 0, flagged: 0, noLead: 0 };
    r.n++;
    r.flagged += x.flagged ? 1 : 0;
    r.noLead += x.leads.length ? 0 : 1;
    rows.set(x.kind, r);
  }
  const lines = ['| session | kind | sessions | flagged |', '|---|---|---:|---:|'];
  for (const [k, r] of rows)
    lines.push(`| ${k} | ${r.bot ? 'bot' : 'person'} | ${r.n} | ${r.flagged}${r.noLead ? ` (${r.noLead} without a lead)` : ''} |`);
  return lines;
}

function ruleTable(judged, { RULES, verdictOf }) {
  const without = (x, rule) => x.leads.every((reasons) => verdictOf(reasons.filter((r) => r !== rule)) === 'ok');
  const count = (bot, test) => judged.filter((x) => x.bot === bot && test(x)).length;
  const lines = [
    '| rule | weight | people fired on | people alone | people flagged by it | bots fired on | bots only it caught |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const [rule, weight] of Object.entries(RULES)) {
    const fired = (x) => x.leads.some((reasons) => reasons.includes(rule));
    const alone = (x) => x.leads.some((reasons) => reasons.length === 1 && reasons[0] === rule);
    const onlyBy = (x) => x.flagged && fired(x) && without(x, rule);
    const cells = [count(false, fired), count(false, alone), count(false, onlyBy), count(true, fired), count(true, onlyBy)];
    if (cells.some(Boolean)) lines.push(`| \`${rule}\` | ${weight} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** The whole report, as lines. */
export function report(judged, rules) {
  const n = (bot, test = () => true) => judged.filter((x) => x.bot === bot && test(x)).length;
  const tp = n(true, (x) => x.flagged);
  const fp = n(false, (x) => x.flagged);
  return [
    ...kindTable(judged),
    '',
    `recall (bots flagged): ${percent(tp, n(true))}`,
    `people flagged: ${percent(fp, n(false))}`,
    `precision: ${percent(tp, tp + fp)}`,
    '',
    ...ruleTable(judged, rules),
    '',
    `reasons of the flagged people: ${JSON.stringify(judged.filter((x) => !x.bot && x.flagged).map((x) => x.leads))}`,
    '(rules that fired on no session are left out)',
  ];
}
