import { escapeHtml } from '../http/util';
import type { Money } from './data';

const numberFormat = new Intl.NumberFormat('en-US');
const moneyFormats = new Map<string, Intl.NumberFormat>();

export const count = (n: number): string => numberFormat.format(n);

export const percent = (rate: number | undefined): string => (rate === undefined ? '–' : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`);

/** One amount in its currency, e.g. "₫5,000,000" or "$150.00"; a value without currency as a plain number. */
export function amount(value: number, currency: string): string {
  if (!currency) return numberFormat.format(value);
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    } catch {
      // A code Intl does not know still shows, as "1,200 XYZ".
      return `${numberFormat.format(value)} ${currency}`;
    }
    moneyFormats.set(currency, f);
  }
  return f.format(value);
}

/** Sums in several currencies side by side ("₫5,000,000 + $150.00"), largest first; '–' when none. */
export function money(m: Money): string {
  const parts = Object.entries(m).sort((a, b) => b[1] - a[1]);
  return parts.length ? parts.map(([c, v]) => amount(v, c)).join(' + ') : '–';
}

/** Escaped text, for every value that comes from an event or a CRM. */
export const text = (v: unknown): string => escapeHtml(v === undefined || v === null ? '' : String(v));

/** A local date-time for the leads table: "2026-11-20 10:00". */
export const shortTime = (localDateTime: string): string => localDateTime.slice(0, 16);
