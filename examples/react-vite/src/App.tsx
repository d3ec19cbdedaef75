import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, NavLink, Outlet, createBrowserRouter, useLocation } from 'react-router';
import { usePageView, useTrack } from '@leadbeacon/react';

function Layout() {
  // Reports each route change once (the tracker also sees history; it never counts one twice).
  usePageView(useLocation());
  return (
    <>
      <header className="site-header">
        <div className="wrap bar">
          <Link className="brand" to="/">
            Saigon Aircon Repair
          </Link>
          <nav aria-label="Main">
            <NavLink to="/" end>
              Home
            </NavLink>
            <NavLink to="/services">Services &amp; prices</NavLink>
          </nav>
        </div>
      </header>
      <main className="wrap">
        <Outlet />
      </main>
      <footer className="site-footer wrap">
        <a href="tel:+84901234567">0901 234 567</a> · <a href="mailto:hello@saigonaircon.example">hello@saigonaircon.example</a> ·{' '}
        <a href="https://wa.me/84901234567" target="_blank" rel="noopener">
          WhatsApp
        </a>
      </footer>
    </>
  );
}

interface ContactForm {
  name: string;
  phone: string;
  service: string;
  message: string;
}

function Home() {
  const { register, handleSubmit, reset, formState } = useForm<ContactForm>();
  const [sent, setSent] = useState(false);
  const track = useTrack();
  const onSubmit = async (data: ContactForm) => {
    const res = await fetch('/api/contact', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    if (res.ok) {
      setSent(true);
      reset();
    }
  };
  return (
    <>
      <section className="hero">
        <h1>Aircon not cooling? We can be there today.</h1>
        <p>Repair, cleaning and gas top-ups for every brand, in all districts of Ho Chi Minh City.</p>
        <p className="actions">
          <a className="btn" id="call" href="tel:+84901234567">
            Call 0901 234 567
          </a>
          <a className="btn" id="email" href="mailto:hello@saigonaircon.example">
            Email us
          </a>
          <a className="btn" id="whatsapp" href="https://wa.me/84901234567" target="_blank" rel="noopener">
            WhatsApp us
          </a>
          {/* A custom call to action, recorded through useTrack() */}
          <a className="btn" href="#price-guide" onClick={() => track('price_guide_opened', { value: 5, currency: 'USD' })}>
            Price guide
          </a>
        </p>
      </section>
      <section aria-labelledby="book">
        <h2 id="book">Book a technician</h2>
        {sent && (
          <p role="status" className="thanks">
            Thank you! We call you back within 30 minutes.
          </p>
        )}
        <form id="contact" method="post" onSubmit={handleSubmit(onSubmit)} noValidate>
          <label>
            Your name
            <input {...register('name', { required: true })} autoComplete="name" aria-invalid={!!formState.errors.name} />
          </label>
          <label>
            Phone
            <input
              {...register('phone', { required: true, pattern: /^[+\d][\d\s.-]{7,}$/ })}
              type="tel"
              autoComplete="tel"
              aria-invalid={!!formState.errors.phone}
            />
          </label>
          <label>
            Service
            <select {...register('service', { required: true })}>
              <option value="repair">Repair</option>
              <option value="cleaning">Cleaning</option>
              <option value="gas">Gas top-up</option>
            </select>
          </label>
          <label>
            What is the problem? (optional)
            <textarea {...register('message')} rows={3} />
          </label>
          <button className="btn" type="submit" disabled={formState.isSubmitting}>
            Request a callback
          </button>
        </form>
      </section>
    </>
  );
}

function Services() {
  return (
    <section>
      <h1>Services &amp; prices</h1>
      <ul className="prices">
        <li>
          Check-up and diagnosis <b>150,000 ₫</b>
        </li>
        <li>
          Cleaning, wall unit <b>250,000 ₫</b>
        </li>
        <li>
          Gas top-up (R32) <b>from 450,000 ₫</b>
        </li>
      </ul>
      <p>
        <Link to="/">Book a visit →</Link>
      </p>
    </section>
  );
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/services', element: <Services /> },
    ],
  },
]);
