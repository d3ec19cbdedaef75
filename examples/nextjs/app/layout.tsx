import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Tracking } from './tracking';

export const metadata: Metadata = { title: 'Saigon Aircon Repair' };

// The collector URL is read per request on the server, so a host sets it without a rebuild;
// without it, the demo collector (`npm run demo`).
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  const endpoint = process.env.LEADBEACON_ENDPOINT || 'http://127.0.0.1:8787/collect';
  return (
    <html lang="en">
      <body>
        <Tracking endpoint={endpoint}>
          <header>
            <nav aria-label="Main">
              <Link href="/">Home</Link> <Link href="/services">Services &amp; prices</Link> <Link href="/contact">Contact</Link>
            </nav>
          </header>
          <main>{children}</main>
        </Tracking>
      </body>
    </html>
  );
}
