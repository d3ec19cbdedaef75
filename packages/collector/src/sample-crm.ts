/**
 * The demo's CRM in HubSpot's deals export layout (`--preset hubspot-deals`): the sample
 * outcomes as deals, and one deal row for a booking the demo site receives (scripts/demo-crm.mjs).
 */
import type { SampleOutcome } from './sample';

/** One deal as HubSpot exports it (`--preset hubspot-deals`, with the `lb_lead_id`/`lb_gclid` custom properties). */
export interface HubspotDeal {
  recordId: string;
  name: string;
  stage: string;
  amount: string;
  currency: string;
  /** `yyyy-MM-dd HH:mm`, the portal's local time. */
  closeDate: string;
  /** `Name (email)`, or empty. */
  contact: string;
  leadId: string;
  gclid: string;
}

export const HUBSPOT_DEALS_HEADER =
  'Record ID,Deal Name,Pipeline,Deal Stage,Amount,Currency,Close Date,Associated Contact,lb_lead_id,lb_gclid';

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const hubspotDealRow = (d: HubspotDeal): string =>
  [d.recordId, d.name, 'Sales Pipeline', d.stage, d.amount, d.currency, d.closeDate, d.contact, d.leadId, d.gclid].map(csvField).join(',');

/** `yyyy-MM-dd HH:mm` in `timeZone`, as HubSpot's export writes dates. */
export function localMinute(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(at).replace('T', ' ');
}

const STAGES = { qualified: 'Qualified To Buy', won: 'Closed Won', lost: 'Closed Lost' } as const;

/**
 * The outcomes as HubSpot's deals export (one row per deal, at its latest stage): the lead named
 * by the `lb_lead_id` its form's hidden field gave the deal, else by the contact's email (a
 * phone-only reference becomes the contact's email too: a deals export has no phone column).
 * Import with `--preset hubspot-deals --map examples/crm/hubspot-mapping.json --timezone ZONE`.
 */
export function sampleHubspotDealsCsv(outcomes: SampleOutcome[], timeZone: string): string {
  const latest = new Map<string, SampleOutcome>();
  for (const o of outcomes) if (!latest.has(o.lead) || Date.parse(o.time) >= Date.parse(latest.get(o.lead)!.time)) latest.set(o.lead, o);
  const rows = [...latest.values()].map((o, i) => {
    const n = o.lead.replace(/\D/g, '');
    const email = o.email || (o.phone ? `customer${n}@example.com` : '');
    return hubspotDealRow({
      recordId: String(18_000_000_000 + i),
      name: `Aircon service #${n}`,
      stage: STAGES[o.status],
      amount: o.value,
      currency: o.currency,
      closeDate: localMinute(new Date(o.time), timeZone),
      contact: email ? `Customer ${n} (${email})` : '',
      leadId: o.event_id,
      gclid: o.event_id ? o.gclid : '',
    });
  });
  return [HUBSPOT_DEALS_HEADER, ...rows].join('\n') + '\n';
}
