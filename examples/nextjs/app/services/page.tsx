import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Services & prices · Saigon Aircon Repair' };

export default function Services() {
  return (
    <>
      <h1>Services</h1>
      <ul>
        <li>Cleaning: 250,000 VND per unit</li>
        <li>Gas refill: from 450,000 VND</li>
      </ul>
    </>
  );
}
