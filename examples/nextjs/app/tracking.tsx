'use client';

import { LeadbeaconProvider, usePageView } from '@leadbeacon/react';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/** A page view per route the App Router commits (one for the first page too: the core counts it once). */
function PageViews() {
  usePageView(usePathname());
  return null;
}

export function Tracking({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  return (
    <LeadbeaconProvider config={{ endpoint, defaultCountry: 'VN' }}>
      <PageViews />
      {children}
    </LeadbeaconProvider>
  );
}
