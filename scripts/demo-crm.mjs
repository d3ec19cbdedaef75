// The demo's CRM: a booking posted to the example site becomes a deal in the sample HubSpot
// deals export, carrying the lead id (and click id) the form's hidden fields were given by the
// tracker (data-fill-fields), so importing the file matches the lead the reader just made.
import { appendFile } from 'node:fs/promises';

const MAX_FORM_BODY = 1_000_000;

/** The posted form's fields (urlencoded), or null when the body is over `limit`. */
export async function readForm(req, limit = MAX_FORM_BODY) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  const type = String(req.headers['content-type'] || '');
  const text = Buffer.concat(chunks).toString('utf8');
  return type.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : {};
}

/** Appends the booking as a new deal at "Qualified To Buy" (the sales team called back); returns it, or null for a post without a contact. */
export async function addDeal(crmPath, form, timeZone, now = new Date()) {
  const { hubspotDealRow, localMinute } = await import('@leadbeacon/collector/sample');
  const name = String(form.name || '').trim();
  const email = String(form.email || '').trim();
  if (!name && !email) return null;
  const deal = {
    recordId: String(19_000_000_000 + (now.getTime() % 1_000_000_000)),
    name: `${form.service || 'Booking'} - ${name || email}`,
    stage: 'Qualified To Buy',
    amount: '',
    currency: 'VND',
    // The next minute: HubSpot's dates have no seconds, and a deal may not be dated before its lead.
    closeDate: localMinute(new Date(now.getTime() + 60_000), timeZone),
    contact: email ? `${name || email} (${email})` : '',
    leadId: String(form.lb_lead_id || ''),
    gclid: String(form.lb_gclid || ''),
  };
  await appendFile(crmPath, hubspotDealRow(deal) + '\n');
  return deal;
}
