'use client';

import { useActionState } from 'react';
import { sendContact } from './actions';

export function ContactForm() {
  const [state, formAction, pending] = useActionState(sendContact, null);
  if (state?.ok) return <p role="status">Thanks, we will call you back today.</p>;
  return (
    <form id="contact" action={formAction}>
      <label>
        Name <input name="name" />
      </label>
      <label>
        Email <input name="email" type="email" />
      </label>
      <label>
        Message <textarea name="message" />
      </label>
      {state?.errors?.email && <p role="alert">{state.errors.email}</p>}
      <button type="submit" disabled={pending}>
        Send
      </button>
    </form>
  );
}
