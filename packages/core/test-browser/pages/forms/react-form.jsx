// Bundled by the browser test with esbuild (react, react-dom, react-hook-form from node_modules).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useForm } from 'react-hook-form';

function ContactForm() {
  const { register, handleSubmit, formState } = useForm();
  const [sent, setSent] = useState(false);
  const onValid = async (data) => {
    await fetch('/api/contact', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    setSent(true);
  };
  return (
    <form id="contact" onSubmit={handleSubmit(onValid)} noValidate>
      <input id="name" {...register('name', { required: true })} />
      <input id="email" type="email" {...register('email', { required: true, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ })} />
      {formState.errors.email && <span id="email-error">Enter an email</span>}
      <button id="send" type="submit">
        Send
      </button>
      {sent && <p id="sent">Thanks!</p>}
    </form>
  );
}

createRoot(document.getElementById('root')).render(<ContactForm />);
