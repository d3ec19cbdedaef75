// Bundled by the browser test with esbuild: a React form that re-renders its hidden inputs
// (a new key on each keystroke replaces them) and posts its FormData by fetch.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function ContactForm() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(0);
  const onSubmit = async (e) => {
    e.preventDefault();
    const res = await fetch('/fields/submit', { method: 'POST', body: new FormData(e.currentTarget) });
    if (res.ok) setSent((n) => n + 1);
  };
  return (
    <form id="contact" onSubmit={onSubmit}>
      <input id="email" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <input key={'id' + email.length} type="hidden" name="lb_lead_id" />
      <input key={'src' + email.length} type="hidden" name="lb_source" defaultValue="" />
      <button id="send" type="submit">
        Send
      </button>
      {sent > 0 && <p id="sent">Thanks ({sent})</p>}
    </form>
  );
}

createRoot(document.getElementById('root')).render(<ContactForm />);
