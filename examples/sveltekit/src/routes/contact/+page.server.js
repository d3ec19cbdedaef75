import { fail } from '@sveltejs/kit';

export const actions = {
  /** A named action (`?/contact`): no email is a validation failure, answered as SvelteKit does (`fail(422)`). */
  contact: async ({ request }) => {
    const data = await request.formData();
    const name = String(data.get('name') || '');
    const email = String(data.get('email') || '').trim();
    if (!email) return fail(422, { name, missing: 'email' });
    return { sent: true };
  },
};
