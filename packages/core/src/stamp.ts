/** Where and when an action happened: what is cheap to read at the moment it happens. */
export interface Stamp {
  now: number;
  url: string;
  path: string;
  title: string;
  referrer: string;
}
