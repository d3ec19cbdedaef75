import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Booked · Saigon Aircon Repair' };

export default function Thanks() {
  return <h1>Thanks, see you soon</h1>;
}
