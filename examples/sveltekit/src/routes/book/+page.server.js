import { fail, redirect } from '@sveltejs/kit';

export const actions = {
  /** The booking form's default action: no phone is a validation failure; a booking redirects to /thanks. */
  default: async ({ request }) => {
    const data = await request.formData();
    if (!String(data.get('phone') || '').trim()) return fail(422, { missing: 'phone' });
    redirect(303, '/thanks');
  },
};
