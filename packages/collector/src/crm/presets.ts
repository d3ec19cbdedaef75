/**
 * Built-in mappings for the common CRM exports, from the column names each CRM documents for its
 * export files (labels as the CRM writes them in English; see the collector README for which are
 * verified). Each field lists the columns it may come from: the first one the file has that is not
 * blank in the row is read. `--map` renames any of them and adds statuses.
 */
import type { CrmMapping } from './mapping';

export const PRESET_NAMES = [
  'hubspot-deals',
  'hubspot-contacts',
  'salesforce-opportunities',
  'salesforce-leads',
  'pipedrive-deals',
  'zoho-leads',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const isPresetName = (name: string): name is PresetName => (PRESET_NAMES as readonly string[]).includes(name);

/** Our custom properties, when the site's forms carry the lead's ids into the CRM (hidden fields). */
const LEAD_ID = ['lb_lead_id', 'LB Lead ID'];
const GCLID = ['lb_gclid', 'LB GCLID'];

export const PRESETS: Record<PresetName, CrmMapping> = {
  'hubspot-deals': {
    columns: {
      recordId: ['Record ID', 'Deal ID'],
      leadId: LEAD_ID,
      gclid: GCLID,
      email: ['Associated Contact', 'Email'],
      status: ['Deal Stage'],
      value: ['Amount', 'Amount in company currency'],
      currency: ['Currency', 'Deal currency code'],
      time: ['Close Date'],
    },
    statuses: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
    dateFormats: ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd'],
  },
  'hubspot-contacts': {
    columns: {
      recordId: ['Record ID', 'Contact ID'],
      leadId: LEAD_ID,
      gclid: [...GCLID, 'Google ad click id'],
      email: ['Email'],
      phone: ['Phone Number', 'Mobile Phone Number'],
      status: ['Lifecycle Stage'],
      time: ['Last Modified Date', 'Create Date'],
    },
    statuses: {
      'Sales Qualified Lead': 'qualified',
      Opportunity: 'qualified',
      Customer: 'won',
      Subscriber: null,
      Lead: null,
      'Marketing Qualified Lead': null,
      Evangelist: null,
      Other: null,
    },
    dateFormats: ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd'],
  },
  'salesforce-opportunities': {
    columns: {
      recordId: ['Opportunity ID', 'Opportunity ID (18)'],
      leadId: LEAD_ID,
      gclid: ['GCLID', ...GCLID],
      email: ['Email', 'Contact: Email'],
      status: ['Stage'],
      value: ['Amount'],
      currency: ['Amount Currency', 'Opportunity Currency'],
      time: ['Close Date'],
    },
    statuses: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
    dateFormats: ['MM/dd/yyyy', 'M/d/yyyy', 'M/d/yyyy h:mm a', 'yyyy-MM-dd'],
  },
  'salesforce-leads': {
    columns: {
      recordId: ['Lead ID', 'Lead ID (18)'],
      leadId: LEAD_ID,
      gclid: ['GCLID', ...GCLID],
      email: ['Email'],
      phone: ['Phone', 'Mobile'],
      status: ['Lead Status'],
      time: ['Converted Date', 'Last Modified Date', 'Create Date', 'Created Date'],
    },
    statuses: {
      'Closed - Converted': 'qualified',
      'Closed - Not Converted': 'lost',
      'Open - Not Contacted': null,
      'Working - Contacted': null,
    },
    dateFormats: ['MM/dd/yyyy', 'M/d/yyyy', 'M/d/yyyy h:mm a', 'yyyy-MM-dd'],
  },
  'pipedrive-deals': {
    columns: {
      recordId: ['Deal - ID'],
      leadId: ['Deal - lb_lead_id', ...LEAD_ID],
      gclid: ['Deal - lb_gclid', ...GCLID],
      email: ['Person - Email', 'Person - Email - Work', 'Person - Email - Home', 'Person - Email - Other'],
      phone: ['Person - Phone', 'Person - Phone - Work', 'Person - Phone - Mobile', 'Person - Phone - Home'],
      status: ['Deal - Status'],
      value: ['Deal - Value'],
      currency: ['Deal - Currency'],
      time: ['Deal - Won time', 'Deal - Lost time', 'Deal - Update time'],
    },
    statuses: { won: 'won', lost: 'lost', open: null, deleted: null },
    dateFormats: ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd'],
  },
  'zoho-leads': {
    columns: {
      recordId: ['Record Id', 'Lead Id', 'LEADID'],
      leadId: LEAD_ID,
      gclid: ['GCLID', ...GCLID],
      email: ['Email'],
      phone: ['Phone', 'Mobile'],
      status: ['Lead Status'],
      time: ['Modified Time', 'Created Time'],
    },
    statuses: {
      'Pre-Qualified': 'qualified',
      'Lost Lead': 'lost',
      'Not Qualified': 'lost',
      'Junk Lead': 'lost',
      'Not Contacted': null,
      'Attempted to Contact': null,
      'Contact in Future': null,
      Contacted: null,
    },
    dateFormats: ['yyyy-MM-dd HH:mm:ss', 'dd/MM/yyyy HH:mm', 'MM/dd/yyyy hh:mm a', 'yyyy-MM-dd'],
  },
};
