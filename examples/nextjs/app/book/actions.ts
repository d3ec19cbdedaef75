'use server';

import { redirect } from 'next/navigation';

/**
 * The booking form's Server Action, the other two ways an action ends: no phone throws (Next.js
 * answers 500 and the page's error boundary shows it); a booking redirects to /thanks.
 */
export async function book(data: FormData): Promise<void> {
  const phone = String(data.get('phone') || '').trim();
  if (!phone) throw new Error('A booking needs a phone number.');
  redirect('/thanks');
}
