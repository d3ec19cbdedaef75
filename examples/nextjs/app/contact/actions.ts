'use server';

export interface ContactState {
  ok: boolean;
  errors?: { email?: string };
}

/**
 * The contact form's Server Action. No email is a validation failure, returned as Next.js's docs
 * show it (`{ errors }`), which React Flight answers with HTTP 200: the tracker must read it.
 */
export async function sendContact(_previous: ContactState | null, data: FormData): Promise<ContactState> {
  const email = String(data.get('email') || '').trim();
  if (!email) return { ok: false, errors: { email: 'Please give your email.' } };
  return { ok: true };
}
